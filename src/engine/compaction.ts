// Compaction: folds a collection's growing batches and dead rows into sealed segments, leaving
// the sealed segments that are still in good shape alone. Inserts arrive as many small growing
// batches and deletes leave dead rows behind; both make loading and searching slower and the
// store bigger. A sealed segment is what an index is built on (keyed by its log seq), so a
// compaction rewrites as little as it can:
//
//   - a clean sealed segment (at most 20% of its rows dead) is kept: same record, same seq;
//   - growing batches, dirty sealed segments (more than 20% dead), and the small sealed segments
//     of a partition that has at least two of them are merged: their live rows, in log order,
//     become new sealed segments of at most segmentTargetRows() rows;
//   - records of dropped partitions are removed.
//
// The rewritten log is: the kept segments (their old seqs), then one delete record (the keys of
// dead rows in kept segments that nothing later in the kept segments shadows), then the new
// segments. Replaying it gives exactly the live rows of the old log, and the kept segments'
// deletion masks come out as they were (docs/storage.md, "Compaction").
import type { CollectionRecord } from '../catalog/index.js';
import { DataType, typeParam } from '../catalog/index.js';
import { vectorRowBytes, type Column } from '../data/index.js';
import type { CollectionData, PrimaryKey, RowRef, StoredBatch } from './collection-data.js';
import { gatherColumn, gatherDynamic } from './gather.js';

/** Bounds of a sealed segment's rows, whatever its vectors' size. */
export const SEGMENT_MIN_ROWS = 65536;
export const SEGMENT_MAX_ROWS = 1_048_576;
/** The vector bytes a sealed segment aims at. */
const SEGMENT_VECTOR_BYTES = 2 ** 30;
/** What a sparse vector row is assumed to weigh when sizing segments. */
const SPARSE_ROW_BYTES = 256;
/** A sealed segment with more than this share of dead rows is rewritten. */
export const DIRTY_SHARE = 0.2;
/** Background compaction seals growing rows once this many are live. */
export const GROWING_SEAL_ROWS = 131072;
/** Background compaction runs when this many records are not sealed segments (growing, deletes)... */
const MAX_UNSEALED_RECORDS = 256;
/** ...or when dead rows reach this share of all rows (and at least MIN_DEAD_ROWS)... */
const DEAD_ROW_SHARE = 0.25;
const MIN_DEAD_ROWS = 1024;
/** ...or when a partition has two sealed segments smaller than target / SMALL_DIVISOR. */
const SMALL_DIVISOR = 4;

/**
 * Rows per sealed segment for a collection: about 1 GiB of fixed-width vectors per segment,
 * clamped to [65,536, 1,048,576]; 1,048,576 when the collection has no vector field.
 */
export function segmentTargetRows(collection: CollectionRecord): number {
  let bytes = 0;
  for (const field of collection.schema.fields) {
    switch (field.dataType) {
      case DataType.FloatVector:
      case DataType.BinaryVector:
      case DataType.Float16Vector:
      case DataType.BFloat16Vector:
      case DataType.Int8Vector:
        bytes += vectorRowBytes(field.dataType, Number(typeParam(field, 'dim') ?? 0));
        break;
      case DataType.SparseFloatVector:
        bytes += SPARSE_ROW_BYTES;
        break;
    }
  }
  if (!(bytes > 0)) return SEGMENT_MAX_ROWS;
  return Math.min(SEGMENT_MAX_ROWS, Math.max(SEGMENT_MIN_ROWS, Math.floor(SEGMENT_VECTOR_BYTES / bytes)));
}

/** What the plan reads of a batch. */
export interface SegmentInfo {
  readonly seq: number;
  readonly sealed: boolean;
  readonly partitionId: number;
  readonly numRows: number;
  readonly liveRows: number;
}

/**
 * `full`: the whole plan (ManualCompaction, background). `flush`: the same, but only when there
 * are growing live rows to seal; otherwise nothing.
 */
export type CompactionMode = 'full' | 'flush';

export interface PlanInput<B extends SegmentInfo> {
  /** The loaded insert batches, in log order. */
  batches: readonly B[];
  /** The partitions that exist; a batch of any other is dropped. Undefined: all exist. */
  partitions?: ReadonlySet<number>;
  /** Seqs of the log's delete records. */
  deleteSeqs: readonly number[];
  /** Seqs of insert records in the log that were not loaded (dropped partitions). */
  skippedSeqs: readonly number[];
  /** segmentTargetRows() of the collection. */
  target: number;
  mode: CompactionMode;
}

export interface CompactionPlan<B extends SegmentInfo> {
  /** Sealed batches that stay as they are, in log order. */
  keep: B[];
  /** Batches whose live rows become new sealed segments, in log order. */
  merge: B[];
  /** Every log record to remove (all but the kept ones), ascending. */
  remove: number[];
}

/** Whether a sealed segment has too many dead rows to keep. */
function isDirty(b: SegmentInfo): boolean {
  return b.numRows === 0 || b.numRows - b.liveRows > DIRTY_SHARE * b.numRows;
}

/** The compaction of a log, or undefined when it would change nothing. */
export function planCompaction<B extends SegmentInfo>(input: PlanInput<B>): CompactionPlan<B> | undefined {
  const small = input.target / SMALL_DIVISOR;
  const dropped: number[] = [];
  const smallSealed = new Map<number, number>();
  let growingLive = 0;
  for (const b of input.batches) {
    if (input.partitions && !input.partitions.has(b.partitionId)) continue;
    if (!b.sealed) growingLive += b.liveRows;
    else if (b.numRows < small) smallSealed.set(b.partitionId, (smallSealed.get(b.partitionId) ?? 0) + 1);
  }
  if (input.mode === 'flush' && growingLive === 0) return undefined;
  const keep: B[] = [];
  const merge: B[] = [];
  for (const b of input.batches) {
    if (input.partitions && !input.partitions.has(b.partitionId)) dropped.push(b.seq);
    else if (!b.sealed || isDirty(b) || (b.numRows < small && smallSealed.get(b.partitionId)! >= 2)) merge.push(b);
    else keep.push(b);
  }
  // One delete record alone is what a compaction leaves behind: folding it again gains nothing.
  if (merge.length === 0 && dropped.length === 0 && input.skippedSeqs.length === 0 && input.deleteSeqs.length <= 1) return undefined;
  const remove = [...merge.map((b) => b.seq), ...dropped, ...input.skippedSeqs, ...input.deleteSeqs].sort((a, b) => a - b);
  return { keep, merge, remove };
}

/**
 * Whether a loaded collection is worth compacting in the background: many records besides its
 * sealed segments, many growing rows, many dead rows, or small sealed segments to coalesce —
 * and the plan would change something.
 */
export function needsCompaction(data: CollectionData, target: number): boolean {
  const small = target / SMALL_DIVISOR;
  let growingLive = 0;
  let sealedRecords = 0;
  let coalesce = false;
  const smallSealed = new Map<number, number>();
  for (const b of data.batches) {
    if (!b.sealed) {
      growingLive += b.liveRows;
      continue;
    }
    sealedRecords++;
    if (b.numRows < small) {
      const n = (smallSealed.get(b.partitionId) ?? 0) + 1;
      smallSealed.set(b.partitionId, n);
      if (n >= 2) coalesce = true;
    }
  }
  const dead = data.deadRows;
  const wanted =
    data.logRecords - sealedRecords > MAX_UNSEALED_RECORDS ||
    growingLive >= GROWING_SEAL_ROWS ||
    (dead >= MIN_DEAD_ROWS && dead >= DEAD_ROW_SHARE * (dead + data.rowCount)) ||
    coalesce;
  if (!wanted) return false;
  const plan = planCompaction({ batches: data.batches, deleteSeqs: data.deleteSeqs, skippedSeqs: data.skippedSeqs, target, mode: 'full' });
  return plan !== undefined;
}

/**
 * The keys the rewritten log must delete right after the kept segments: the key of every dead
 * row in a kept segment whose live row (if any) is not in a kept segment. A key whose live row
 * is in a kept segment needs nothing: that row is the key's latest insert, so replaying the
 * kept segments in seq order shadows the older ones again. A key whose live row is merged is
 * listed (the delete precedes the new segments that insert it again).
 */
export function tombstoneKeys(kept: readonly StoredBatch[], liveRowOf: (key: PrimaryKey) => RowRef | undefined): PrimaryKey[] {
  const keptSet = new Set<StoredBatch>(kept);
  const keys = new Set<PrimaryKey>();
  for (const batch of kept) {
    if (batch.liveRows === batch.numRows) continue;
    for (let row = 0; row < batch.numRows; row++) {
      if (!batch.deleted[row]) continue;
      const key = batch.pks[row]!;
      if (keys.has(key)) continue;
      const live = liveRowOf(key);
      if (live && keptSet.has(live.batch)) continue;
      keys.add(key);
    }
  }
  return [...keys];
}

export interface SealedSegment {
  ts: string;
  partitionId: number;
  numRows: number;
  columns: Map<string, Column>;
  dynamic?: string[];
}

/**
 * The live rows of `batches` as sealed segments of at most `target` rows: partition by
 * partition (in the collection's order), rows in the order given (log order). Batches of a
 * partition the collection no longer has are skipped.
 */
export function sealSegments(collection: CollectionRecord, batches: readonly StoredBatch[], target: number): SealedSegment[] {
  const byPartition = new Map<number, StoredBatch[]>();
  for (const b of batches) {
    if (b.liveRows === 0) continue;
    let list = byPartition.get(b.partitionId);
    if (!list) byPartition.set(b.partitionId, (list = []));
    list.push(b);
  }
  const segments: SealedSegment[] = [];
  for (const partition of collection.partitions) {
    const list = byPartition.get(partition.id);
    if (!list) continue;
    const refs: RowRef[] = [];
    let ts = 0n;
    const flush = () => {
      if (refs.length === 0) return;
      const columns = new Map<string, Column>();
      for (const field of collection.schema.fields) columns.set(field.name, gatherColumn(field, refs));
      segments.push({
        ts: ts.toString(),
        partitionId: partition.id,
        numRows: refs.length,
        columns,
        dynamic: collection.schema.enableDynamicField ? gatherDynamic(refs) : undefined,
      });
      refs.length = 0;
      ts = 0n;
    };
    for (const batch of list) {
      for (let row = 0; row < batch.numRows; row++) {
        if (batch.deleted[row]) continue;
        refs.push({ batch, row });
        if (batch.ts > ts) ts = batch.ts;
        if (refs.length === target) flush();
      }
    }
    flush();
  }
  return segments;
}
