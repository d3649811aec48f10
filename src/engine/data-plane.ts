// Collection data at run time: which collections are loaded (their rows in memory), and the
// work items that write rows. Writes are planned in the engine's queue like catalog changes:
// the plan checks the collection it pinned still exists, encodes one log record, and the
// apply step adds it to the in-memory rows once it is durable.
import { DEFAULT_PARTITION, type CatalogState, type CollectionRecord } from '../catalog/index.js';
import { DataType, primaryField } from '../catalog/index.js';
import type { Column, RowBatch } from '../data/index.js';
import { selectRows } from '../data/index.js';
import { collectionNotFound, collectionNotLoaded, partitionErrors } from '../errors.js';
import { encodeDelete, encodeInsert, LOG_DELETE, LOG_INSERT, type DataWrite, type Store } from '../storage/index.js';
import { CollectionData, type PrimaryKey } from './collection-data.js';
import {
  needsCompaction,
  planCompaction,
  sealSegments,
  segmentTargetRows,
  SEGMENT_MAX_ROWS,
  tombstoneKeys,
  type CompactionMode,
} from './compaction.js';
import type { Work } from './work.js';
import type { TimestampOracle } from './tso.js';

export interface InsertResult {
  /** The primary keys written, in row order (generated ones for autoID). */
  ids: BigInt64Array | string[];
  ts: string;
}

export class DataPlane {
  private readonly loaded = new Map<number, CollectionData>();
  /**
   * For collections loaded partition by partition (LoadPartitions), the partitions loaded; a
   * collection loaded whole has no entry. Rows of every partition are in memory either way;
   * reads are limited to the loaded partitions.
   */
  private readonly partialLoads = new Map<number, Set<number>>();
  private readonly lastSeq = new Map<number, number>();
  /** segmentTargetRows() of each collection built, for the background compaction check. */
  private readonly targets = new Map<number, number>();
  /** Row counts of unloaded collections, valid while their log's last seq is unchanged. */
  private readonly countCache = new Map<number, { seq: number; partitions: unknown; counts: Map<number, number> }>();

  constructor(
    private readonly store: Store,
    private readonly tso: TimestampOracle,
  ) {}

  /** The rows of a loaded collection; 101 when it is not loaded. */
  requireLoaded(collection: CollectionRecord, requestedName: string): CollectionData {
    const data = this.loaded.get(collection.id);
    if (!data) throw collectionNotLoaded(requestedName);
    return data;
  }

  isLoaded(collectionId: number): boolean {
    return this.loaded.has(collectionId);
  }

  /** Whether a partition's rows can be read: its collection is loaded whole or it was loaded itself. */
  isPartitionLoaded(collectionId: number, partitionId: number): boolean {
    if (!this.loaded.has(collectionId)) return false;
    const partial = this.partialLoads.get(collectionId);
    return !partial || partial.has(partitionId);
  }

  /** The loaded partitions of a partly loaded collection; undefined when it is loaded whole. */
  loadedPartitions(collectionId: number): ReadonlySet<number> | undefined {
    return this.partialLoads.get(collectionId);
  }

  loadedData(collectionId: number): CollectionData | undefined {
    return this.loaded.get(collectionId);
  }

  private nextSeq(collectionId: number): number {
    const seq = (this.lastSeq.get(collectionId) ?? this.store.lastLogSeq(collectionId)) + 1;
    this.lastSeq.set(collectionId, seq);
    return seq;
  }

  /** Builds a collection's rows from its log (synchronously: nothing else writes meanwhile). */
  private build(collection: CollectionRecord): CollectionData {
    const data = new CollectionData(collection.id, primaryField(collection.schema).name);
    this.targets.set(collection.id, segmentTargetRows(collection));
    // Rows of a dropped partition stay in the log until compaction; they are not loaded.
    const partitions = new Set(collection.partitions.map((p) => p.id));
    for (const { seq, record } of this.store.readLog(collection.id)) {
      if (record.kind === LOG_INSERT) {
        if (partitions.has(record.partitionId)) data.applyInsert(seq, record);
        else data.skipInsert(seq);
      } else {
        data.applyDelete(seq, record);
      }
    }
    return data;
  }

  /** A collection's rows: the loaded ones, else read from the log (not kept). */
  rowsOf(collection: CollectionRecord): CollectionData {
    return this.loaded.get(collection.id) ?? this.build(collection);
  }

  /** Live rows: from memory when loaded, else by replaying the log. */
  countRows(collection: CollectionRecord): number {
    let n = 0;
    for (const count of this.partitionCounts(collection).values()) n += count;
    return n;
  }

  /** Live rows of one partition. */
  countPartitionRows(collection: CollectionRecord, partitionId: number): number {
    return this.partitionCounts(collection).get(partitionId) ?? 0;
  }

  /**
   * Live rows per partition. An unloaded collection is replayed from its log and only the counts
   * are kept, until its log changes: clients poll DescribeIndex and statistics before loading.
   */
  private partitionCounts(collection: CollectionRecord): Map<number, number> {
    const count = (data: CollectionData) => {
      const counts = new Map<number, number>();
      for (const b of data.batches) counts.set(b.partitionId, (counts.get(b.partitionId) ?? 0) + b.liveRows);
      return counts;
    };
    const loaded = this.loaded.get(collection.id);
    if (loaded) return count(loaded);
    const seq = this.store.lastLogSeq(collection.id);
    const cached = this.countCache.get(collection.id);
    if (cached && cached.seq === seq && cached.partitions === collection.partitions) return cached.counts;
    const counts = count(this.build(collection));
    this.countCache.set(collection.id, { seq, partitions: collection.partitions, counts });
    return counts;
  }

  /** At start-up: load again what was loaded before, whole or partition by partition. */
  restoreLoaded(state: CatalogState): void {
    const partial = this.store.loadedPartitions();
    for (const id of this.store.loadedCollections()) {
      const collection = state.collectionById(id);
      if (!collection) continue;
      this.loaded.set(id, this.build(collection));
      const parts = partial[id];
      if (parts) this.partialLoads.set(id, new Set(parts));
    }
  }

  /** LoadPartitions: adds partitions to what is readable (nothing to add when loaded whole). */
  loadPartitionsWork(collection: CollectionRecord, partitionIds: number[]): Work<void> {
    const wasWhole = this.loaded.has(collection.id) && !this.partialLoads.has(collection.id);
    const next = wasWhole ? undefined : new Set([...(this.partialLoads.get(collection.id) ?? []), ...partitionIds]);
    return {
      mutations: [],
      dataWrites: [
        { op: 'setLoaded', collectionId: collection.id, loaded: true },
        { op: 'setLoadedPartitions', collectionId: collection.id, partitionIds: next ? [...next] : undefined },
      ],
      apply: () => {
        if (!this.loaded.has(collection.id)) this.loaded.set(collection.id, this.build(collection));
        if (next) this.partialLoads.set(collection.id, next);
      },
      result: undefined,
    };
  }

  /** ReleasePartitions: the collection is released once no partition stays loaded. */
  releasePartitionsWork(collection: CollectionRecord, partitionIds: number[]): Work<void> {
    const current = this.partialLoads.get(collection.id) ?? new Set(collection.partitions.map((p) => p.id));
    const next = new Set([...current].filter((id) => !partitionIds.includes(id)));
    if (!this.loaded.has(collection.id)) return { mutations: [], result: undefined };
    if (next.size === 0) return this.releaseWork(collection);
    return {
      mutations: [],
      dataWrites: [{ op: 'setLoadedPartitions', collectionId: collection.id, partitionIds: [...next] }],
      apply: () => void this.partialLoads.set(collection.id, next),
      result: undefined,
    };
  }

  loadWork(collection: CollectionRecord): Work<void> {
    return {
      mutations: [],
      dataWrites: [
        { op: 'setLoaded', collectionId: collection.id, loaded: true },
        { op: 'setLoadedPartitions', collectionId: collection.id, partitionIds: undefined },
      ],
      apply: () => {
        if (!this.loaded.has(collection.id)) this.loaded.set(collection.id, this.build(collection));
        this.partialLoads.delete(collection.id);
      },
      result: undefined,
    };
  }

  releaseWork(collection: CollectionRecord): Work<void> {
    return {
      mutations: [],
      dataWrites: [
        { op: 'setLoaded', collectionId: collection.id, loaded: false },
        { op: 'setLoadedPartitions', collectionId: collection.id, partitionIds: undefined },
      ],
      apply: () => {
        this.loaded.delete(collection.id);
        this.partialLoads.delete(collection.id);
      },
      result: undefined,
    };
  }

  /** What dropping a collection does to its data: the log goes in the same transaction. */
  dropWork(collectionId: number): Pick<Work<void>, 'dataWrites' | 'apply'> {
    return {
      dataWrites: [{ op: 'dropCollectionData', collectionId }],
      apply: () => {
        this.loaded.delete(collectionId);
        this.partialLoads.delete(collectionId);
        this.lastSeq.delete(collectionId);
        this.countCache.delete(collectionId);
        this.targets.delete(collectionId);
      },
    };
  }

  /**
   * Insert (or upsert: the same record, since a newer row shadows an older one with the same
   * key) of validated rows into the collection pinned at resolve time.
   */
  insertWork(state: CatalogState, pinned: CollectionRecord, batch: RowBatch, partitionName: string): Work<InsertResult> {
    const collection = state.collectionById(pinned.id);
    if (!collection) throw collectionNotFound(pinned.name);
    const pk = primaryField(collection.schema);
    const columns = new Map(batch.columns);
    let ts: bigint;
    if (!columns.has(pk.name)) {
      // autoID: consecutive ids from the timestamp oracle, unique and increasing across restarts.
      const first = this.tso.reserve(batch.numRows + 1);
      const ids = new BigInt64Array(batch.numRows);
      for (let i = 0; i < batch.numRows; i++) ids[i] = first + BigInt(i);
      columns.set(pk.name, { type: DataType.Int64, data: ids });
      ts = first + BigInt(batch.numRows);
    } else {
      ts = this.tso.next();
    }
    const pkColumn = columns.get(pk.name)! as Column & { data: BigInt64Array | string[] };
    const whole = { ts: ts.toString(), numRows: batch.numRows, columns, dynamic: batch.dynamic };
    // One log record per partition the rows go to, all in the same transaction.
    const records = routeToPartitions(collection, whole, partitionName).map((r) => ({ ...r, seq: this.nextSeq(collection.id) }));
    return {
      mutations: [],
      dataWrites: [
        ...records.map((r) => ({ op: 'appendLog', collectionId: collection.id, seq: r.seq, bytes: encodeInsert(r) }) as const),
        { op: 'raiseTimestamp', ts: whole.ts },
      ],
      apply: () => {
        const data = this.loaded.get(collection.id);
        for (const r of records) data?.applyInsert(r.seq, { kind: LOG_INSERT, ...r });
      },
      result: { ids: pkColumn.data, ts: whole.ts },
    };
  }

  /**
   * Compacts the collection's log (compaction.ts): keeps its clean sealed segments as they are,
   * rewrites the rest as new sealed segments, in one transaction that removes the records it
   * replaces. A loaded collection swaps to the compacted rows when it is durable. With mode
   * `flush` it does so only when there are growing rows to seal. Nothing is written when
   * nothing would change.
   */
  compactWork(state: CatalogState, pinned: CollectionRecord, mode: CompactionMode = 'full'): Work<{ segments: number }> {
    const collection = state.collectionById(pinned.id);
    if (!collection) throw collectionNotFound(pinned.name);
    const loaded = this.loaded.get(collection.id);
    const data = loaded ?? this.build(collection);
    const target = segmentTargetRows(collection);
    const plan = planCompaction({
      batches: data.batches,
      partitions: new Set(collection.partitions.map((p) => p.id)),
      deleteSeqs: data.deleteSeqs,
      skippedSeqs: data.skippedSeqs,
      target,
      mode,
    });
    if (!plan) return { mutations: [], result: { segments: 0 } };
    const segments = sealSegments(collection, plan.merge, target);
    const pks = tombstoneKeys(plan.keep, (key) => data.locate(key));
    // The delete record comes before the new segments (it may name keys they insert again). It
    // is written, empty, even with no keys when nothing else is: the log's last seq never goes
    // down, so a seq is never handed out twice.
    const tombstone = pks.length > 0 || segments.length === 0 ? { seq: this.nextSeq(collection.id), ts: this.tso.now(), pks } : undefined;
    const records = segments.map((s) => ({ ...s, sealed: true, seq: this.nextSeq(collection.id) }));
    const dataWrites: DataWrite[] = [{ op: 'removeLog', collectionId: collection.id, seqs: plan.remove }];
    if (tombstone) dataWrites.push({ op: 'appendLog', collectionId: collection.id, seq: tombstone.seq, bytes: encodeDelete(tombstone) });
    for (const r of records) dataWrites.push({ op: 'appendLog', collectionId: collection.id, seq: r.seq, bytes: encodeInsert(r) });
    return {
      mutations: [],
      dataWrites,
      apply: () => {
        if (!loaded || this.loaded.get(collection.id) !== loaded) return;
        // The replay of the new log, without reading it back: the kept segments are the same
        // objects (their masks already are what the replay gives), then the delete, then the rest.
        const fresh = new CollectionData(collection.id, primaryField(collection.schema).name);
        for (const b of plan.keep) fresh.adoptBatch(b);
        if (tombstone) fresh.applyDelete(tombstone.seq, { kind: LOG_DELETE, ts: tombstone.ts, pks: tombstone.pks });
        for (const r of records) fresh.applyInsert(r.seq, { kind: LOG_INSERT, ...r });
        this.loaded.set(collection.id, fresh);
      },
      result: { segments: records.length },
    };
  }

  /** Whether a loaded collection's log has grown enough to be worth compacting. */
  wantsCompaction(collectionId: number): boolean {
    const data = this.loaded.get(collectionId);
    return data !== undefined && needsCompaction(data, this.targets.get(collectionId) ?? SEGMENT_MAX_ROWS);
  }

  deleteWork(state: CatalogState, pinned: CollectionRecord, pks: PrimaryKey[]): Work<{ ts: string }> {
    const collection = state.collectionById(pinned.id);
    if (!collection) throw collectionNotFound(pinned.name);
    const ts = this.tso.now();
    const seq = this.nextSeq(collection.id);
    const bytes = encodeDelete({ ts, pks });
    return {
      mutations: [],
      dataWrites: [{ op: 'appendLog', collectionId: collection.id, seq, bytes }],
      apply: () => this.loaded.get(collection.id)?.applyDelete(seq, { kind: LOG_DELETE, ts, pks }),
      result: { ts },
    };
  }
}

interface Rows {
  ts: string;
  numRows: number;
  columns: Map<string, Column>;
  dynamic?: string[];
}

/** FNV-1a over the key's text: a stable spread of partition key values over the partitions. */
function hashKey(value: bigint | string): number {
  const text = typeof value === 'bigint' ? value.toString() : value;
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The rows of an insert, per partition: all in the named (or default) partition, or, with a
 * partition key, each row in the partition its key hashes to.
 */
function routeToPartitions(collection: CollectionRecord, rows: Rows, partitionName: string): (Rows & { partitionId: number })[] {
  const keyField = collection.schema.fields.find((f) => f.isPartitionKey);
  if (!keyField) {
    const partition = collection.partitions.find((p) => p.name === (partitionName || DEFAULT_PARTITION));
    if (!partition) throw partitionErrors.notFound(partitionName);
    return [{ ...rows, partitionId: partition.id }];
  }
  if (partitionName) throw partitionErrors.namedWithPartitionKey();
  const keys = rows.columns.get(keyField.name)!.data as BigInt64Array | string[];
  const buckets = new Map<number, number[]>();
  for (let row = 0; row < rows.numRows; row++) {
    const partition = collection.partitions[hashKey(keys[row]!) % collection.partitions.length]!;
    let list = buckets.get(partition.id);
    if (!list) buckets.set(partition.id, (list = []));
    list.push(row);
  }
  return [...buckets].map(([partitionId, picked]) => ({
    ts: rows.ts,
    numRows: picked.length,
    partitionId,
    columns: new Map([...rows.columns].map(([name, c]) => [name, selectRows(c, picked)])),
    dynamic: rows.dynamic && picked.map((r) => rows.dynamic![r]!),
  }));
}
