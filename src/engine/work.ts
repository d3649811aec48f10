// One item of the engine's change queue (engine.ts): a catalog change, the data written in the
// same transaction, and the in-memory step that follows the commit.
import type { Change } from '../catalog/index.js';
import type { DataWrite } from '../storage/index.js';

/**
 * One queued write: a catalog change, data written beside it, and what to do in memory once the
 * transaction is durable (apply runs before the caller hears back, so the write is visible to
 * every request that starts after the acknowledgement).
 */
export interface Work<T> extends Change<T> {
  dataWrites?: DataWrite[];
  apply?: () => void;
}
