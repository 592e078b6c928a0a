// How far a split request has got, for whoever runs it in the background:
// the async-job plugin puts a reporter here, the long-media step calls it.
import { stateKey } from '../context.js';

export interface ChunkProgress {
  chunks_done: number;
  chunks_total: number;
}

export const chunkProgress = stateKey<(progress: ChunkProgress) => void>('long-media chunk progress');
