// What a model name may look like before it goes anywhere: into an upstream
// URL or body, an answer header (x-bf-model), a log line, a metric. Checked
// on the client's text before any plugin or provider sees it.
import { badRequest } from './errors.js';

export const MAX_MODEL_NAME_LENGTH = 200;
const SAFE = /^[A-Za-z0-9/._:@-]*$/;

/** Throws 400 invalid_model for a name too long or with a character outside letters, digits and / . _ : - @. */
export function checkModelName(value: string, param: string): void {
  if (value.length > MAX_MODEL_NAME_LENGTH) {
    throw badRequest('invalid_model', `${param} is ${value.length} characters long; a model name has at most ${MAX_MODEL_NAME_LENGTH}.`, param);
  }
  if (!SAFE.test(value)) {
    // The value is not echoed: it holds characters that do not belong in a message (controls, other scripts).
    const at = [...value].findIndex((c) => !SAFE.test(c));
    throw badRequest('invalid_model', `${param} has a character the gateway does not accept at position ${at + 1}; model names use letters, digits and / . _ : - @ only.`, param);
  }
}
