// Deepgram's Aura voices: the voice is the speech model (aura-2-thalia-en).
// Deepgram lists them only in its documentation, so the list is static;
// OpenAI's voice names map to Aura-2 voices of a similar character.
import type { VoiceInfo } from '../../core/kit.js';

const AURA_2_EN: ReadonlyArray<[string, 'feminine' | 'masculine']> = [
  ['amalthea', 'feminine'], ['andromeda', 'feminine'], ['apollo', 'masculine'], ['arcas', 'masculine'], ['aries', 'masculine'],
  ['asteria', 'feminine'], ['athena', 'feminine'], ['atlas', 'masculine'], ['aurora', 'feminine'], ['callista', 'feminine'],
  ['cora', 'feminine'], ['cordelia', 'feminine'], ['delia', 'feminine'], ['draco', 'masculine'], ['electra', 'feminine'],
  ['harmonia', 'feminine'], ['helena', 'feminine'], ['hera', 'feminine'], ['hermes', 'masculine'], ['hyperion', 'masculine'],
  ['iris', 'feminine'], ['janus', 'feminine'], ['juno', 'feminine'], ['jupiter', 'masculine'], ['luna', 'feminine'],
  ['mars', 'masculine'], ['minerva', 'feminine'], ['neptune', 'masculine'], ['odysseus', 'masculine'], ['ophelia', 'feminine'],
  ['orion', 'masculine'], ['orpheus', 'masculine'], ['pandora', 'feminine'], ['phoebe', 'feminine'], ['pluto', 'masculine'],
  ['saturn', 'masculine'], ['selene', 'feminine'], ['thalia', 'feminine'], ['theia', 'feminine'], ['vesta', 'feminine'],
  ['zeus', 'masculine'],
];
const AURA_2_ES: ReadonlyArray<[string, 'feminine' | 'masculine']> = [
  ['alvaro', 'masculine'], ['aquila', 'masculine'], ['carina', 'feminine'], ['celeste', 'feminine'], ['diana', 'feminine'],
  ['estrella', 'feminine'], ['javier', 'masculine'], ['nestor', 'masculine'], ['selena', 'feminine'], ['sirio', 'masculine'],
];

const title = (name: string): string => name[0]!.toUpperCase() + name.slice(1);

export const DEEPGRAM_VOICES: readonly VoiceInfo[] = [
  ...AURA_2_EN.map(([name, gender]) => ({ id: `aura-2-${name}-en`, name: title(name), languages: ['en'], gender })),
  ...AURA_2_ES.map(([name, gender]) => ({ id: `aura-2-${name}-es`, name: title(name), languages: ['es'], gender })),
];

/** OpenAI's voices → Aura-2 voices (config `voices:` overrides any of them). */
export const DEEPGRAM_VOICE_DEFAULTS: Readonly<Record<string, string>> = {
  alloy: 'aura-2-thalia-en',
  ash: 'aura-2-orion-en',
  ballad: 'aura-2-apollo-en',
  coral: 'aura-2-andromeda-en',
  echo: 'aura-2-arcas-en',
  fable: 'aura-2-odysseus-en',
  onyx: 'aura-2-zeus-en',
  nova: 'aura-2-luna-en',
  sage: 'aura-2-athena-en',
  shimmer: 'aura-2-helena-en',
  verse: 'aura-2-hermes-en',
  marin: 'aura-2-iris-en',
  cedar: 'aura-2-atlas-en',
};

const IDS = new Set(DEEPGRAM_VOICES.map((v) => v.id));
/** Any Aura model name: newer voices than this list are still sent as they are. */
const AURA_MODEL = /^aura(-2)?-[a-z]+-[a-z]{2}$/;

const bareName = (voice: string): string => `aura-2-${voice.toLowerCase()}-en`;

/** An Aura model name, or a bare Aura-2 English name (thalia). */
export const isDeepgramVoice = (voice: string): boolean => IDS.has(voice) || AURA_MODEL.test(voice) || IDS.has(bareName(voice));

/** The speak model for a voice the gateway has accepted: bare names become aura-2-<name>-en. */
export const deepgramVoiceModel = (voice: string): string => (IDS.has(voice) || AURA_MODEL.test(voice) ? voice : bareName(voice));
