// The vector indexes of loaded collections, one per (sealed segment, indexed vector field).
//
// Growing rows (unsealed batches) are always searched exactly. A sealed segment of at least
// MIN_INDEXED_ROWS rows gets its index from its file when the file is there and matches (a
// restart, a reload), else from a build in the builder's worker thread; until the index is
// ready, searches read the segment exactly, so answers never wait for a build and never miss a
// row. A segment that compaction rewrites is a new segment (a new log seq) with a new index; the
// files of segments and indexes that are gone are removed at the next sync.
//
// Files: <dataDir>/indexes/<collectionId>/<segment seq>-<index id>.idx (docs/index-format.md).
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectionRecord, IndexRecord } from '../catalog/index.js';
import { paramValue } from '../catalog/index.js';
import { DataType, type FieldSchema } from '../catalog/index.js';
import { crc32, indexFileIdentity, readIndexFile, type StoredIndex } from '../vector/index.js';
import { IvfLists } from '../vector/index.js';
import type { IndexBuilder } from '../vector/index.js';
import type { KernelIndex, KernelKind, KernelMetric } from '../vector/index.js';
import { SparseInvertedIndex } from '../vector/index.js';
import type { CollectionData, StoredBatch } from './collection-data.js';
import { floatRows } from './vector-decode.js';

/** Segments smaller than this are searched exactly (Milvus's minimum for building an index too). */
export const MIN_INDEXED_ROWS = 1024;

/**
 * Index types built as an HNSW graph, and as inverted lists over the rows (IVF_FLAT; the
 * quantised IVF types keep full-precision rows here). Other dense index types (FLAT, DISKANN,
 * GPU types) are served by exact SIMD scans.
 */
const GRAPH_TYPES = new Set(['HNSW', 'HNSW_SQ', 'HNSW_PQ', 'HNSW_PRQ']);
const LIST_TYPES = new Set(['IVF_FLAT', 'IVF_SQ8', 'IVF_PQ', 'IVF_RABITQ', 'SCANN']);
/** Milvus's default nlist for IVF indexes, and nprobe for their searches. */
export const DEFAULT_NLIST = 128;
export const DEFAULT_NPROBE = 8;
const DENSE_TYPES = new Set([DataType.FloatVector, DataType.Float16Vector, DataType.BFloat16Vector, DataType.Int8Vector]);
const KERNEL_METRICS = new Set(['L2', 'IP', 'COSINE']);

export interface IndexSpec {
  /** 'ivf': inverted lists over a FLAT kernel index; 'sparse': the inverted index of sparse vectors (IP), built in memory. */
  kind: KernelKind | 'ivf' | 'sparse';
  metric: KernelMetric;
  M: number;
  efConstruction: number;
  /** IVF: the number of lists. */
  nlist?: number;
}

/** How an index record is served, or undefined when its field is searched exactly (binary, sparse). */
export function indexSpec(record: IndexRecord, field: FieldSchema): IndexSpec | undefined {
  const metric = paramValue(record.params, 'metric_type')?.toUpperCase() ?? '';
  if (field.dataType === DataType.SparseFloatVector) {
    return metric === 'IP' ? { kind: 'sparse', metric: 'IP', M: 0, efConstruction: 0 } : undefined;
  }
  if (!DENSE_TYPES.has(field.dataType)) return undefined;
  if (!KERNEL_METRICS.has(metric)) return undefined;
  const type = (paramValue(record.params, 'index_type') ?? '').toUpperCase();
  const M = Number(paramValue(record.params, 'M') ?? 16);
  const efConstruction = Number(paramValue(record.params, 'efConstruction') ?? 200);
  if (LIST_TYPES.has(type)) {
    const nlist = Number(paramValue(record.params, 'nlist') ?? DEFAULT_NLIST);
    return {
      kind: 'ivf',
      metric: metric as KernelMetric,
      M: 0,
      efConstruction: 0,
      nlist: Number.isInteger(nlist) && nlist >= 1 ? nlist : DEFAULT_NLIST,
    };
  }
  return {
    kind: GRAPH_TYPES.has(type) ? 'hnsw' : 'flat',
    metric: metric as KernelMetric,
    M: Number.isInteger(M) && M >= 2 ? M : 16,
    efConstruction: Number.isInteger(efConstruction) && efConstruction >= 1 ? efConstruction : 200,
  };
}

/** One segment's index for one field. */
export interface SegmentIndex {
  readonly batch: StoredBatch;
  readonly record: IndexRecord;
  readonly spec: IndexSpec;
  state: 'building' | 'ready' | 'failed';
  /** The dense index (HNSW or FLAT) once ready. */
  index?: KernelIndex;
  /** IVF's lists over `index` (a FLAT one), for kind 'ivf'. */
  ivf?: IvfLists;
  /** The sparse inverted index, for kind 'sparse'. */
  sparse?: SparseInvertedIndex;
  failReason?: string;
  /** Searches served by this index (operators and tests see that the index is in use). */
  searches: number;
  /**
   * What the index's skip map holds: the batch's deletedVersion it copied, or -1 when a filtered
   * search last wrote it (search.ts keeps it in step).
   */
  skipVersion: number;
}

export interface SegmentIndexInfo {
  /** The segment's log seq. */
  segment: number;
  rows: number;
  indexName: string;
  kind: IndexSpec['kind'];
  metric: KernelMetric;
  state: SegmentIndex['state'];
  failReason: string;
  searches: number;
  memoryBytes: number;
}

export interface IndexProgress {
  indexedRows: number;
  pendingRows: number;
  totalRows: number;
  state: 'Finished' | 'InProgress' | 'Failed';
  failReason: string;
}

/** A build in the builder's queue: the identity of the file it writes, settled when written. */
interface InFlightBuild {
  identity: string;
  done: Promise<void>;
}

function slotKey(batch: StoredBatch, record: IndexRecord): string {
  return `${batch.seq}-${record.id}`;
}

export class SegmentIndexes {
  /** collectionId -> slot key -> index. */
  private readonly collections = new Map<number, Map<string, SegmentIndex>>();
  /** Collections that are not loaded but have builds running, with the rows they were read from. */
  private readonly unloaded = new Map<number, { data: CollectionData }>();
  /** Builds queued or running, by the file they write. */
  private readonly inFlight = new Map<string, InFlightBuild>();
  /**
   * What each collection's slots were last synced against: its record (changes with its indexes
   * and partitions), its rows, their batch count and last applied seq. Searches sync on every
   * request; an unchanged stamp makes that one comparison.
   */
  private readonly synced = new Map<number, { collection: CollectionRecord; data: CollectionData; batches: number; lastSeq: number }>();

  constructor(
    private readonly root: string,
    private readonly builder: IndexBuilder,
  ) {}

  private directory(collectionId: number): string {
    return join(this.root, String(collectionId));
  }

  /**
   * Brings a loaded collection's indexes in step with its segments and index records: loads or
   * builds what is missing, forgets and deletes what is gone. Cheap when nothing changed.
   */
  sync(collection: CollectionRecord, data: CollectionData): void {
    const stamp = this.synced.get(collection.id);
    if (
      stamp &&
      stamp.collection === collection &&
      stamp.data === data &&
      stamp.batches === data.batches.length &&
      stamp.lastSeq === data.lastSeq &&
      this.collections.has(collection.id)
    )
      return;
    this.synced.set(collection.id, { collection, data, batches: data.batches.length, lastSeq: data.lastSeq });
    if (this.unloaded.get(collection.id)?.data !== data) this.unloaded.delete(collection.id);
    let slots = this.collections.get(collection.id);
    const first = !slots;
    if (!slots) this.collections.set(collection.id, (slots = new Map()));
    const wanted = new Map<string, { batch: StoredBatch; record: IndexRecord; field: FieldSchema; spec: IndexSpec }>();
    for (const record of collection.indexes ?? []) {
      const field = collection.schema.fields.find((f) => f.fieldID === record.fieldId);
      if (!field) continue;
      const spec = indexSpec(record, field);
      if (!spec) continue;
      for (const batch of data.batches) {
        if (!batch.sealed || batch.numRows < MIN_INDEXED_ROWS) continue;
        wanted.set(slotKey(batch, record), { batch, record, field, spec });
      }
    }
    let removed = false;
    for (const [key, slot] of slots) {
      const want = wanted.get(key);
      if (want && want.batch === slot.batch && want.record === slot.record) continue;
      slots.delete(key);
      removed = true;
    }
    for (const [key, want] of wanted) {
      if (slots.has(key)) continue;
      slots.set(key, this.open(collection.id, key, want.batch, want.record, want.field, want.spec, this.unloaded.has(collection.id)));
    }
    // Files left by segments and indexes that are gone: looked for when one goes, and once per load.
    if (removed || first) this.removeStrayFiles(collection.id, new Set(wanted.keys()));
  }

  /** Forgets a released collection's indexes; their files stay for the next load. */
  release(collectionId: number): void {
    if (this.unloaded.has(collectionId)) return; // its builds finish first (buildUnloaded)
    this.collections.delete(collectionId);
    this.synced.delete(collectionId);
  }

  /**
   * Builds the missing index files of a collection that is not loaded, from its rows read from
   * the log (as Milvus builds indexes for flushed segments whether loaded or not): the next load
   * then reads the files instead of building. Files already there are only checked by their
   * identity, not read. The rows are dropped once the last build is done.
   */
  buildUnloaded(collection: CollectionRecord, data: CollectionData): void {
    this.unloaded.set(collection.id, { data });
    this.sync(collection, data);
    this.forgetUnloadedWhenBuilt(collection.id);
  }

  /** DescribeIndex's counts for a collection that is not loaded, while its builds run. */
  unloadedProgress(collection: CollectionRecord, record: IndexRecord): IndexProgress | undefined {
    const entry = this.unloaded.get(collection.id);
    return entry && this.progress(collection, entry.data, record);
  }

  private forgetUnloadedWhenBuilt(collectionId: number): void {
    const slots = this.collections.get(collectionId);
    if (!this.unloaded.has(collectionId)) return;
    if (slots && [...slots.values()].some((slot) => slot.state === 'building')) return;
    // Keep the finished counts until the next sync replaces them; the rows go now.
    this.unloaded.delete(collectionId);
    this.collections.delete(collectionId);
  }

  /** A dropped collection: its indexes and their files go. */
  drop(collectionId: number): void {
    this.collections.delete(collectionId);
    rmSync(this.directory(collectionId), { recursive: true, force: true });
  }

  /** The ready index of a segment for an index record, if there is one. */
  ready(collectionId: number, batch: StoredBatch, record: IndexRecord): SegmentIndex | undefined {
    const slot = this.collections.get(collectionId)?.get(slotKey(batch, record));
    return slot && slot.state === 'ready' && slot.batch === batch ? slot : undefined;
  }

  /** Every segment index of a loaded collection, for inspection. */
  list(collectionId: number): SegmentIndexInfo[] {
    return [...(this.collections.get(collectionId)?.values() ?? [])].map((slot) => ({
      segment: slot.batch.seq,
      rows: slot.batch.numRows,
      indexName: slot.record.name,
      kind: slot.spec.kind,
      metric: slot.spec.metric,
      state: slot.state,
      failReason: slot.failReason ?? '',
      searches: slot.searches,
      memoryBytes: (slot.index?.memoryBytes ?? 0) + (slot.ivf?.memoryBytes ?? 0) + (slot.sparse?.memoryBytes ?? 0),
    }));
  }

  /** DescribeIndex's row counts for a loaded collection's index record. */
  progress(collection: CollectionRecord, data: CollectionData, record: IndexRecord): IndexProgress {
    const slots = this.collections.get(collection.id);
    let total = 0;
    let indexed = 0;
    let pending = 0;
    let failReason = '';
    for (const batch of data.batches) {
      total += batch.liveRows;
      const slot = slots?.get(slotKey(batch, record));
      if (!slot) {
        // Segments that get no index (small, or a field searched exactly) need no build.
        if (batch.sealed) indexed += batch.liveRows;
        continue;
      }
      if (slot.state === 'ready') indexed += batch.liveRows;
      else if (slot.state === 'building') pending += batch.liveRows;
      else failReason ||= slot.failReason ?? 'index build failed';
    }
    const state = failReason ? 'Failed' : pending > 0 ? 'InProgress' : 'Finished';
    return { indexedRows: indexed, pendingRows: pending, totalRows: total, state, failReason };
  }

  private open(
    collectionId: number,
    key: string,
    batch: StoredBatch,
    record: IndexRecord,
    field: FieldSchema,
    spec: IndexSpec,
    fileOnly = false,
  ): SegmentIndex {
    const column = batch.columns.get(field.name)!;
    if (column.type === DataType.SparseFloatVector) {
      // Built here: linear in the non-zeros, quicker than reading a file would be.
      return { batch, record, spec, state: 'ready', sparse: new SparseInvertedIndex(column.data), skipVersion: -1, searches: 0 };
    }
    if (spec.kind === 'sparse') throw new Error(`index ${record.name} is sparse but field ${field.name} is not`);
    const vectors = floatRows(batch, field.name, column);
    const dim = vectors.length / batch.numRows;
    // The identity ties a file to the exact rows and parameters it was built from: a stale
    // file (a reused seq, changed parameters) reads as 'stale' and is rebuilt.
    const identity = JSON.stringify({
      format: 1,
      collection: collectionId,
      segment: batch.seq,
      index: record.id,
      field: field.fieldID,
      rows: batch.numRows,
      dim,
      rowsCrc: crc32(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength)),
      ...spec,
    });
    const path = join(this.directory(collectionId), `${key}.idx`);
    const slot: SegmentIndex = { batch, record, spec, state: 'building', skipVersion: -1, searches: 0 };
    const adopt = (stored: StoredIndex): void => {
      slot.ivf = spec.kind === 'ivf' ? IvfLists.fromBytes(stored.extra ?? new Uint8Array(0), spec.metric, batch.numRows) : undefined;
      slot.index = stored.index;
      slot.state = 'ready';
      // The index holds the rows as inserted: the segment's column becomes a view of them, so
      // the vectors are in memory once, not twice. Same floats, same answers everywhere.
      const current = batch.columns.get(field.name);
      if (current?.type === DataType.FloatVector && current.data.length === stored.index.rows * stored.index.dim) {
        batch.columns.set(field.name, { ...current, data: stored.index.vectors() });
      }
    };
    if (fileOnly && indexFileIdentity(path) === identity) {
      slot.state = 'ready'; // the file is there; its checksum is checked when it is loaded
      return slot;
    }
    const existing = fileOnly ? 'missing' : readIndexFile(path, { text: identity });
    if (typeof existing !== 'string') {
      try {
        adopt(existing);
        return slot;
      } catch {
        // Lists that do not fit the rows: rebuild like any damaged file.
      }
    }
    // A build of this very file may be running already: one started for the collection while it
    // was not loaded (Flush, CreateIndex), then the collection was loaded. Same path and identity
    // mean the same rows and parameters: wait for that build instead of running it twice.
    let build = this.inFlight.get(path);
    if (build?.identity !== identity) {
      const kernelKind: KernelKind = spec.kind === 'hnsw' ? 'hnsw' : 'flat';
      const options = {
        kind: kernelKind,
        metric: spec.metric,
        dim,
        M: spec.M,
        efConstruction: Math.min(spec.efConstruction, batch.numRows),
        seed: batch.seq,
      };
      const ivf = spec.kind === 'ivf' ? { nlist: spec.nlist ?? DEFAULT_NLIST } : undefined;
      const started: InFlightBuild = { identity, done: this.builder.build(vectors.slice(), options, path, identity, ivf).then(() => undefined) };
      build = started;
      this.inFlight.set(path, started);
      const forget = (): void => {
        if (this.inFlight.get(path) === started) this.inFlight.delete(path);
      };
      started.done.then(forget, forget);
    }
    build.done.then(
      () => {
        if (this.collections.get(collectionId)?.get(key) !== slot) return; // replaced meanwhile
        if (fileOnly) {
          slot.state = 'ready';
          return this.forgetUnloadedWhenBuilt(collectionId);
        }
        const built = readIndexFile(path, { text: identity });
        try {
          if (typeof built === 'string') throw new Error(`index file ${built} after build`);
          adopt(built);
        } catch (e) {
          slot.state = 'failed';
          slot.failReason = (e as Error).message;
        }
      },
      (e: Error) => {
        slot.state = 'failed';
        slot.failReason = e.message;
        this.forgetUnloadedWhenBuilt(collectionId);
      },
    );
    return slot;
  }

  /** Deletes index files of a collection that no current segment and index use. */
  private removeStrayFiles(collectionId: number, keep: ReadonlySet<string>): void {
    const dir = this.directory(collectionId);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const key = name.endsWith('.idx') ? name.slice(0, -4) : undefined;
      if (key !== undefined && keep.has(key)) continue;
      // A temporary file of this process is a build in progress; of another, a crash's leftover.
      if (key === undefined && (!name.includes('.idx.tmp-') || name.endsWith(`.idx.tmp-${process.pid}`))) continue;
      rmSync(join(dir, name), { force: true });
    }
  }

  close(): Promise<void> {
    this.collections.clear();
    return this.builder.close();
  }
}
