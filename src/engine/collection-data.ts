// The rows of one loaded collection, in memory: the insert batches of its log in order, each
// with a deletion mask, and an index from primary key to the row that holds its live version.
// An insert of a key that already exists shadows the older row (as an upsert does), so every
// key has at most one live row and reads never see two versions.
//
// A batch is either growing (a client's insert) or sealed (a segment written by compaction).
// A sealed batch keeps its log seq, rows and row order for as long as its record stays in the
// log, so what is derived from it (an index) can be keyed by its seq; only its deletion mask
// changes, and each change bumps its deletedVersion.
import { DataType } from '../catalog/index.js';
import type { Column } from '../data/index.js';
import type { DeleteRecord, InsertRecord } from '../storage/index.js';

export type PrimaryKey = bigint | string;

export interface StoredBatch {
  /** The log record's sequence number: a sealed batch keeps it until compaction rewrites it. */
  readonly seq: number;
  /** Written by compaction (a sealed segment) rather than by a client's insert (growing). */
  readonly sealed: boolean;
  ts: bigint;
  partitionId: number;
  numRows: number;
  columns: Map<string, Column>;
  /** The dynamic `$meta` JSON text per row, when the collection has a dynamic field. */
  dynamic?: string[];
  /** The primary key column's values. */
  pks: BigInt64Array | string[];
  /** 1 where the row was deleted or shadowed by a newer version of its key. */
  deleted: Uint8Array;
  liveRows: number;
  /** Counts the rows killed in `deleted` so far: a copy of the mask is stale when this moved. */
  deletedVersion: number;
  /** Per-row vector norms, computed on first COSINE search, by field name. */
  norms?: Map<string, Float32Array>;
}

export interface RowRef {
  batch: StoredBatch;
  row: number;
}

/** Row numbers within a batch take the low 32 bits of a packed row reference. */
const ROW_BITS = 2 ** 32;

export class CollectionData {
  readonly batches: StoredBatch[] = [];
  /**
   * Primary key -> its live row, packed as batchIndex * 2^32 + row: a number per key instead of
   * an object keeps the index near 90 bytes a row (exact while batches < 2^21).
   */
  private readonly byKey = new Map<PrimaryKey, number>();
  /** The last log record applied: replays skip what is already here. */
  lastSeq = 0;
  /** Log records held (inserts, deletes, skipped inserts): compaction folds them into few. */
  logRecords = 0;
  /** The seqs of the delete records applied. */
  readonly deleteSeqs: number[] = [];
  /** Insert records in the log that were not loaded: their partition was dropped. */
  readonly skippedSeqs: number[] = [];
  private live = 0;
  private dead = 0;

  constructor(
    readonly collectionId: number,
    readonly pkField: string,
  ) {}

  get rowCount(): number {
    return this.live;
  }

  /** Rows deleted or shadowed but still held: what compaction would drop. */
  get deadRows(): number {
    return this.dead;
  }

  applyInsert(seq: number, record: InsertRecord): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.logRecords++;
    const pkColumn = record.columns.get(this.pkField);
    if (!pkColumn || (pkColumn.type !== DataType.Int64 && pkColumn.type !== DataType.VarChar)) {
      throw new Error(`log record ${seq} of collection ${this.collectionId} has no primary key column`);
    }
    const batch: StoredBatch = {
      seq,
      sealed: record.sealed === true,
      ts: BigInt(record.ts),
      partitionId: record.partitionId,
      numRows: record.numRows,
      columns: record.columns,
      dynamic: record.dynamic,
      pks: pkColumn.data as BigInt64Array | string[],
      deleted: new Uint8Array(record.numRows),
      liveRows: record.numRows,
      deletedVersion: 0,
    };
    const base = this.batches.length * ROW_BITS;
    this.batches.push(batch);
    for (let row = 0; row < batch.numRows; row++) {
      const key = batch.pks[row]!;
      const previous = this.byKey.get(key);
      if (previous !== undefined) this.kill(this.unpack(previous));
      this.byKey.set(key, base + row);
      this.live++;
    }
  }

  /**
   * Takes over a batch of another CollectionData as it is, mask included (compaction keeps
   * sealed segments this way: same object, same seq). Its live rows must not collide with a
   * live key already here, and its dead rows must be dead in a replay of the new log as well.
   */
  adoptBatch(batch: StoredBatch): void {
    if (batch.seq <= this.lastSeq) throw new Error(`batch ${batch.seq} adopted out of order (after ${this.lastSeq})`);
    this.lastSeq = batch.seq;
    this.logRecords++;
    const base = this.batches.length * ROW_BITS;
    this.batches.push(batch);
    for (let row = 0; row < batch.numRows; row++) {
      if (batch.deleted[row]) {
        this.dead++;
        continue;
      }
      const key = batch.pks[row]!;
      if (this.byKey.has(key)) throw new Error(`adopted batch ${batch.seq} holds a second live row of key ${String(key)}`);
      this.byKey.set(key, base + row);
      this.live++;
    }
  }

  /** An insert record of a dropped partition: it stays in the log until compaction, not in memory. */
  skipInsert(seq: number): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.logRecords++;
    this.skippedSeqs.push(seq);
  }

  applyDelete(seq: number, record: DeleteRecord): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.logRecords++;
    this.deleteSeqs.push(seq);
    for (const key of record.pks) {
      const packed = this.byKey.get(key);
      if (packed === undefined) continue;
      this.kill(this.unpack(packed));
      this.byKey.delete(key);
    }
  }

  private kill(ref: RowRef): void {
    if (ref.batch.deleted[ref.row]) return;
    ref.batch.deleted[ref.row] = 1;
    ref.batch.liveRows--;
    ref.batch.deletedVersion++;
    this.live--;
    this.dead++;
  }

  private unpack(packed: number): RowRef {
    const index = Math.floor(packed / ROW_BITS);
    return { batch: this.batches[index]!, row: packed - index * ROW_BITS };
  }

  /** The live row of a key, if any. */
  locate(key: PrimaryKey): RowRef | undefined {
    const packed = this.byKey.get(key);
    return packed === undefined ? undefined : this.unpack(packed);
  }

  hasKey(key: PrimaryKey): boolean {
    return this.byKey.has(key);
  }
}
