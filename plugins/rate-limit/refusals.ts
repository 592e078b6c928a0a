// What the rate-limit plugin answers when it refuses: 429 with Retry-After
// for a used-up limit, 400 for input no minute could ever take, and 503 when
// the store is away and the policy is to refuse.
import type { Principal } from '../../core/kit.js';
import { GatewayError, badRequest, serviceUnavailable } from '../../core/kit.js';

export const STORE_RETRY_AFTER_S = 5;

export function describePrincipal(principal: Principal | undefined, clientAddress: string): string {
  switch (principal?.kind) {
    case 'virtual_key':
      return `Virtual key "${principal.name}"`;
    case 'admin':
      return `Admin "${principal.name}"`;
    default:
      return `Anonymous callers from ${clientAddress}`;
  }
}

const tooMany = (code: string, message: string, retryAfterS: number): GatewayError =>
  new GatewayError({ status: 429, type: 'rate_limit_error', code, message, headers: { 'retry-after': String(retryAfterS) } });

export const requestsExhausted = (who: string, cap: number, retryAfterS: number): GatewayError =>
  tooMany('rate_limit_exceeded', `${who} may make ${cap} requests per minute and has used them; retry after ${retryAfterS} s, or ask the gateway's admin for a higher requests_per_minute.`, retryAfterS);

export const charactersExhausted = (who: string, cap: number, used: number, wanted: number, retryAfterS: number): GatewayError =>
  tooMany(
    'character_limit_exceeded',
    `${who} may send ${cap} characters of speech input per minute; ${used} are used this minute and this request has ${wanted}. Retry after ${retryAfterS} s, or send shorter input.`,
    retryAfterS,
  );

export const sessionAudioExhausted = (who: string, capMs: number, usedMs: number, retryAfterS: number): GatewayError =>
  tooMany(
    'audio_limit_exceeded',
    `${who} may send ${capMs / 1000} seconds of audio per minute and this realtime session has reached it (${usedMs / 1000} s used this minute). Open a new session after ${retryAfterS} s, or ask the gateway's admin for a higher audio_seconds_per_minute.`,
    retryAfterS,
  );

export const concurrencyExhausted = (who: string, cap: number): GatewayError =>
  tooMany('concurrency_limit_exceeded', `${who} may have ${cap} request(s) running at once; wait for one to finish, then retry.`, 1);

export const inputOverLimit = (who: string, cap: number, length: number): GatewayError =>
  badRequest('input_exceeds_character_limit', `The input has ${length} characters, more than the ${cap} per minute ${who} may send; split it into shorter requests.`, 'input');

export const storeUnavailable = (): GatewayError =>
  serviceUnavailable('rate_limit_store_unavailable', 'The rate-limit store is unreachable and this gateway refuses requests it cannot count (on_store_error: refuse); retry shortly.', STORE_RETRY_AFTER_S);

export const audioExhausted = (who: string, capMs: number, usedMs: number, wantedMs: number, retryAfterS: number): GatewayError =>
  tooMany(
    'audio_limit_exceeded',
    `${who} may send ${capMs / 1000} seconds of audio per minute; ${usedMs / 1000} are used this minute and this upload has ${wantedMs / 1000}. Retry after ${retryAfterS} s, or send shorter audio.`,
    retryAfterS,
  );

export const audioOverLimit = (who: string, cap: number, seconds: number): GatewayError =>
  badRequest('audio_exceeds_limit', `The upload plays ${Math.round(seconds * 1000) / 1000} s, more than the ${cap} s of audio per minute ${who} may send; split it into shorter uploads.`, 'file');
