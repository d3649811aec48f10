// Query and get: the live rows that pass a filter, in primary key order, after offset and limit.
// A filter that is exactly `pk in [...]` / `pk == x` looks keys up instead of scanning.
import type { Predicate } from '../expr/index.js';
import type { CollectionData, PrimaryKey, RowRef, StoredBatch } from './collection-data.js';
import { BatchRowSource } from './row-source.js';

export interface RowSelection {
  predicate: Predicate;
  /** When the filter is only a primary-key lookup, its keys. */
  keys?: PrimaryKey[];
  partitions?: ReadonlySet<number>;
  /** `ignore_growing`: rows of growing batches (not yet sealed by compaction) are skipped. */
  sealedOnly?: boolean;
}

function comparePk(a: PrimaryKey, b: PrimaryKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every matching live row, unordered. */
export function matchingRows(data: CollectionData, sel: RowSelection): RowRef[] {
  const out: RowRef[] = [];
  const inScope = (batch: StoredBatch) => (!sel.partitions || sel.partitions.has(batch.partitionId)) && (!sel.sealedOnly || batch.sealed);
  if (sel.keys) {
    const seen = new Set<PrimaryKey>();
    for (const key of sel.keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      const ref = data.locate(key);
      if (ref && inScope(ref.batch)) out.push(ref);
    }
    return out;
  }
  for (const batch of data.batches) {
    if (batch.liveRows === 0) continue;
    if (!inScope(batch)) continue;
    const source = new BatchRowSource(batch);
    for (let row = 0; row < batch.numRows; row++) {
      if (batch.deleted[row]) continue;
      if (sel.predicate(source, row)) out.push({ batch, row });
    }
  }
  return out;
}

/** Matching rows in primary key order, `offset` skipped, at most `limit` (undefined: all). */
export function queryRows(data: CollectionData, sel: RowSelection, offset: number, limit: number | undefined): RowRef[] {
  const rows = matchingRows(data, sel);
  rows.sort((a, b) => comparePk(a.batch.pks[a.row]!, b.batch.pks[b.row]!));
  return rows.slice(offset, limit === undefined ? undefined : offset + limit);
}

export function countRows(data: CollectionData, sel: RowSelection): number {
  return matchingRows(data, sel).length;
}
