// Several speakers: the input is a script of `Speaker: text` lines, and each
// line becomes one text-to-dialogue input voiced by that speaker's voice.
import { badRequest } from '../../core/kit.js';
import type { SpeakerVoice } from '../../core/kit.js';

export interface DialogueInput {
  text: string;
  voice_id: string;
}

const LINE = /^([^:]+):(.*)$/s;

const howToWrite = (speakers: readonly SpeakerVoice[]): string => {
  const [a, b] = [speakers[0]!.speaker, (speakers[1] ?? speakers[0]!).speaker];
  return `write the input as one line per turn, "Speaker: text", e.g. "${a}: Hello!\\n${b}: Hi there."`;
};

/** Splits the script into dialogue inputs; `voiceOf` maps a configured voice name to its id. */
export function dialogueInputs(input: string, speakers: readonly SpeakerVoice[], voiceOf: (voice: string) => string): DialogueInput[] {
  const voices = new Map<string, string>();
  for (const { speaker, voice } of speakers) {
    const name = speaker.trim();
    if (voices.has(name)) throw badRequest('invalid_voice', `The speaker "${name}" is listed twice in voice; give each speaker one voice.`, 'voice');
    voices.set(name, voiceOf(voice));
  }
  const inputs: DialogueInput[] = [];
  const lines = input.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const match = LINE.exec(raw);
    const speaker = match?.[1]!.trim() ?? '';
    const text = match?.[2]!.trim() ?? '';
    if (!match || text === '') {
      throw badRequest('invalid_dialogue', `Line ${i + 1} of input is not "Speaker: text": ${howToWrite(speakers)}`, 'input');
    }
    const voiceId = voices.get(speaker);
    if (voiceId === undefined) {
      const known = [...voices.keys()].map((s) => `"${s}"`).join(', ');
      throw badRequest('invalid_dialogue', `Line ${i + 1} of input names the speaker "${speaker}", who has no voice; the speakers in voice are ${known}. Add it to voice, or ${howToWrite(speakers)}`, 'input');
    }
    inputs.push({ text, voice_id: voiceId });
  });
  if (inputs.length === 0) throw badRequest('invalid_dialogue', `The input holds no dialogue lines: ${howToWrite(speakers)}`, 'input');
  return inputs;
}
