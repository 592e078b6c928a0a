// Limits on a realtime session's audio, from plugins other than the usage
// plugin's meter (rate-limit's audio_seconds_per_minute): a plugin's
// onSession hook puts a gate on the session's head, and the session takes
// from every gate, a block ahead, before audio goes upstream. A gate that
// refuses throws the GatewayError (429 …) that ends the session with an
// error event and close 1008; at the end each gate is told what was used,
// so it can give back what it took ahead.
import { isGatewayError } from '../errors.js';
import { stateKey, type RequestHead } from '../context.js';

export interface AudioGate {
  /**
   * Admits `seconds` more audio, or throws the GatewayError that refuses it. A block asked ahead
   * (`last` false) that is refused is asked again as just what the next chunk needs (`last` true),
   * whose refusal ends the session.
   */
  take(seconds: number, last: boolean): Promise<void>;
  /** The session has ended having sent `usedSeconds`: what was taken beyond it goes back. Never throws. */
  end(usedSeconds: number): Promise<void>;
}

const GATES = stateKey<AudioGate[]>('realtime audio gates');

export function addAudioGate(head: RequestHead, gate: AudioGate): void {
  const gates = GATES.get(head);
  if (gates) gates.push(gate);
  else GATES.set(head, [gate]);
}

export const audioGatesOf = (head: RequestHead): readonly AudioGate[] => GATES.get(head) ?? [];

/** Audio is held against the caller's budgets this many seconds ahead: one store round trip per block, not per chunk. */
const RESERVE_BLOCK_S = 10;

/**
 * Holds a block ahead, or near a limit's end (the block refused) just what is needed; answers the amount
 * held. `last` says whether a refusal of this amount ends the session.
 */
export async function inBlocks(exact: number, take: (seconds: number, last: boolean) => Promise<void>): Promise<number> {
  const block = Math.max(RESERVE_BLOCK_S, exact);
  if (block === exact) {
    await take(exact, true);
    return exact;
  }
  try {
    await take(block, false);
    return block;
  } catch (err) {
    if (!isGatewayError(err)) throw err;
    await take(exact, true);
    return exact;
  }
}

