// Gemini's prebuilt TTS voices. Gemini has no voices API, so the list is
// static (from its speech-generation guide); OpenAI's voice names map to
// prebuilt voices by default (config `voices:` overrides any of them).
import type { VoiceInfo } from '../../core/kit.js';

const PREBUILT: ReadonlyArray<[string, string]> = [
  ['Zephyr', 'Bright'], ['Puck', 'Upbeat'], ['Charon', 'Informative'], ['Kore', 'Firm'], ['Fenrir', 'Excitable'],
  ['Leda', 'Youthful'], ['Orus', 'Firm'], ['Aoede', 'Breezy'], ['Callirrhoe', 'Easy-going'], ['Autonoe', 'Bright'],
  ['Enceladus', 'Breathy'], ['Iapetus', 'Clear'], ['Umbriel', 'Easy-going'], ['Algieba', 'Smooth'], ['Despina', 'Smooth'],
  ['Erinome', 'Clear'], ['Algenib', 'Gravelly'], ['Rasalgethi', 'Informative'], ['Laomedeia', 'Upbeat'], ['Achernar', 'Soft'],
  ['Alnilam', 'Firm'], ['Schedar', 'Even'], ['Gacrux', 'Mature'], ['Pulcherrima', 'Forward'], ['Achird', 'Friendly'],
  ['Zubenelgenubi', 'Casual'], ['Vindemiatrix', 'Gentle'], ['Sadachbia', 'Lively'], ['Sadaltager', 'Knowledgeable'], ['Sulafat', 'Warm'],
];

export const GEMINI_VOICES: readonly VoiceInfo[] = PREBUILT.map(([id, style]) => ({ id, name: `${id} (${style})` }));

export const GEMINI_VOICE_DEFAULTS: Readonly<Record<string, string>> = {
  alloy: 'Kore',
  ash: 'Puck',
  ballad: 'Charon',
  coral: 'Aoede',
  echo: 'Fenrir',
  fable: 'Orus',
  onyx: 'Algenib',
  nova: 'Leda',
  sage: 'Sulafat',
  shimmer: 'Zephyr',
  verse: 'Enceladus',
  marin: 'Despina',
  cedar: 'Iapetus',
};

const IDS = new Set(PREBUILT.map(([id]) => id));
export const isGeminiVoice = (voice: string): boolean => IDS.has(voice);
