// @ts-check
// A complete example plugin: redacts e-mail addresses and phone numbers from
// transcripts before they reach the client (and the cache, when listed
// before cache). Load it from the config:
//
//   plugins:
//     - name: auth
//     - path: ./examples/plugins/redact-pii.js
//       kinds: [email, phone]
//       replacement: "[redacted]"
//     - name: cache
//     - name: fallback
//
// A streamed transcript arrives in pieces that may split an address, so it
// cannot be redacted reliably: the plugin refuses stream=true with a 400
// rather than pass personal data through.
import { JsonPayload, badRequest, definePlugin } from 'voxgate/kit';

/** @typedef {import('voxgate/kit').TranscriptionResult} TranscriptionResult */

const PATTERNS = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  // International or local numbers in two to four groups: +49 30 1234567, (555) 123-4567, 555.123.4567
  phone: /(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,8}){1,3}(?!\w)/g,
};

/** @typedef {{ kinds: Array<keyof typeof PATTERNS>, replacement: string }} Options */

/** @param {Options} options @param {string} text */
const redact = (options, text) => options.kinds.reduce((out, kind) => out.replace(PATTERNS[kind], options.replacement), text);

/** @param {(text: string) => string} redact @param {Record<string, unknown>} value */
function redactTranscript(redact, value) {
  const out = { ...value };
  if (typeof out.text === 'string') out.text = redact(out.text);
  if (Array.isArray(out.segments)) out.segments = out.segments.map((s) => (typeof s?.text === 'string' ? { ...s, text: redact(s.text) } : s));
  // Single words cannot hold a whole address or number: drop them rather than leak pieces.
  if (Array.isArray(out.words)) delete out.words;
  return out;
}

export default definePlugin({
  name: 'redact-pii',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      kinds: { type: 'array', items: { enum: Object.keys(PATTERNS) }, minItems: 1, uniqueItems: true, default: ['email', 'phone'] },
      replacement: { type: 'string', default: '[redacted]' },
    },
  },

  /** @param {import('voxgate/kit').PluginEnv<Options>} env */
  setup(env) {
    const options = env.options;
    /** @param {string} text */
    const clean = (text) => redact(options, text);
    env.logger.info({ kinds: options.kinds }, 'redacting transcripts');
    return {
      async handle(ctx, next) {
        const { request } = ctx;
        if (request.type === 'transcription' && request.stream) {
          throw badRequest('redaction_needs_whole_transcript', 'This gateway redacts personal data from transcripts, which needs the whole transcript: leave stream unset.', 'stream');
        }
        await next();
        const result = ctx.result;
        if (result?.type !== 'transcription') return;
        /** @type {TranscriptionResult} */
        const transcript = result;
        ctx.result = {
          ...transcript,
          body: typeof transcript.body === 'string' ? clean(transcript.body) : JsonPayload.of(redactTranscript(clean, transcript.body.value)),
        };
      },
    };
  },
});
