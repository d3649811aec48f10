// The durable store: one LMDB environment per data directory (docs/storage.md has the layout).
// A catalog change is one LMDB write transaction; commit() resolves only after that transaction
// is flushed to disk, so an acknowledged change survives kill -9 and power loss alike.
import { join, resolve } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { AliasHistoryRecord, AliasRecord, CatalogRecords, CollectionRecord, DatabaseRecord, Mutation } from '../catalog/index.js';
import { STORE_FILE, dataDirFailure, prepareDataDir } from './data-dir.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { decodeLogRecord, type LogRecord } from './log-codec.js';

/** The on-disk format this build writes; a store with a newer one is refused. */
export const FORMAT_VERSION = 1;

export class StoreFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFormatError';
  }
}

export interface StoreOpenOptions {
  /** Create the directory and the store when missing (default true); false: refuse instead. */
  createIfMissing?: boolean;
  /** Recorded in a new store's format record. */
  creator?: string;
}

interface FormatRecord {
  version: number;
  createdBy: string;
  createdAt: string;
}

type CatalogKey = ['database', number] | ['collection', number] | ['alias', number, string] | ['aliasHistory', number, number];
type DataKey = ['log', number, number];

/** A change to collection data, committed in the same transaction as catalog mutations. */
export type DataWrite =
  /** Append one record to a collection's log (insert batch or delete). */
  | { op: 'appendLog'; collectionId: number; seq: number; bytes: Uint8Array }
  /** Remove every log record of a collection (drop collection frees its space). */
  | { op: 'dropCollectionData'; collectionId: number }
  /** Remove the named log records of a collection (compaction, beside the records it appends). */
  | { op: 'removeLog'; collectionId: number; seqs: readonly number[] }
  /** Remember whether a collection is loaded, so a restart loads it again. */
  | { op: 'setLoaded'; collectionId: number; loaded: boolean }
  /** Which partitions of a partly loaded collection are loaded (undefined: loaded whole). */
  | { op: 'setLoadedPartitions'; collectionId: number; partitionIds: number[] | undefined }
  /** The highest timestamp (or autoID) handed out, so a restart never hands it out again. */
  | { op: 'raiseTimestamp'; ts: string };

export class Store {
  private constructor(
    readonly dataDir: string,
    private readonly root: RootDatabase,
    private readonly meta: Database<unknown, string>,
    private readonly catalog: Database<unknown, CatalogKey>,
    private readonly data: Database<Uint8Array, DataKey>,
    private readonly lock: DataDirLock,
  ) {}

  /**
   * Opens the store in `dataDir`, holding its lock until close(). By default a missing directory
   * and store are created; with `createIfMissing: false` a directory without a store is refused
   * (DataDirError) and nothing is written.
   */
  static open(dataDir: string, options: StoreOpenOptions = {}): Store {
    const dir = resolve(dataDir);
    prepareDataDir(dir, options.createIfMissing ?? true);
    let lock: DataDirLock;
    try {
      lock = acquireDataDirLock(dir);
    } catch (e) {
      throw dataDirFailure(e, dir, 'cannot write to the data directory');
    }
    try {
      let root: RootDatabase;
      try {
        root = open({ path: join(dir, STORE_FILE), maxDbs: 16, encoding: 'json' });
      } catch (e) {
        throw dataDirFailure(e, dir, 'cannot open the store in');
      }
      const meta = root.openDB<unknown, string>({ name: 'meta', encoding: 'json' });
      const catalog = root.openDB<unknown, CatalogKey>({ name: 'catalog', encoding: 'json' });
      const data = root.openDB<Uint8Array, DataKey>({ name: 'data', encoding: 'binary' });
      const store = new Store(dir, root, meta, catalog, data, lock);
      store.checkFormat(options.creator ?? 'elanus');
      return store;
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  private checkFormat(creator: string): void {
    const format = this.meta.get('format') as FormatRecord | undefined;
    if (format === undefined) {
      const record: FormatRecord = { version: FORMAT_VERSION, createdBy: creator, createdAt: new Date().toISOString() };
      this.meta.putSync('format', record);
      return;
    }
    if (typeof format.version !== 'number' || format.version > FORMAT_VERSION) {
      throw new StoreFormatError(
        `the data in ${this.dataDir} has store format version ${String(format.version)} (written by ${format.createdBy}); ` +
          `this Elanus reads format ${FORMAT_VERSION} and older: upgrade Elanus to open it`,
      );
    }
  }

  /** Every catalog record, for building the in-memory state at start-up. */
  loadCatalog(): CatalogRecords {
    const databases: DatabaseRecord[] = [];
    const collections: CollectionRecord[] = [];
    const aliases: AliasRecord[] = [];
    for (const { key, value } of this.catalog.getRange()) {
      switch (key[0]) {
        case 'aliasHistory':
          break; // read on demand (aliasHistory())
        case 'database':
          databases.push(value as DatabaseRecord);
          break;
        case 'collection':
          collections.push(value as CollectionRecord);
          break;
        case 'alias':
          aliases.push(value as AliasRecord);
          break;
      }
    }
    const nextId = (this.meta.get('nextId') as number | undefined) ?? 2;
    const aliasVersion = (this.meta.get('aliasVersion') as number | undefined) ?? 0;
    return { databases, collections, aliases, nextId, aliasVersion };
  }

  /** Applies `mutations` and `dataWrites` in one transaction; resolves once it is durable on disk. */
  async commit(mutations: readonly Mutation[], dataWrites: readonly DataWrite[] = []): Promise<void> {
    if (mutations.length === 0 && dataWrites.length === 0) return;
    await this.root.transaction(() => {
      for (const m of mutations) this.write(m);
      for (const w of dataWrites) this.writeData(w);
    });
    await this.root.flushed;
  }

  private writeData(w: DataWrite): void {
    switch (w.op) {
      case 'appendLog':
        this.data.putSync(['log', w.collectionId, w.seq], w.bytes);
        break;
      case 'dropCollectionData': {
        this.clearLog(w.collectionId);
        this.setLoadedFlag(w.collectionId, false);
        const partial = this.loadedPartitions();
        if (partial[w.collectionId]) {
          delete partial[w.collectionId];
          this.meta.putSync('loadedPartitions', partial);
        }
        break;
      }
      case 'removeLog':
        for (const seq of w.seqs) this.data.removeSync(['log', w.collectionId, seq]);
        break;
      case 'setLoaded':
        this.setLoadedFlag(w.collectionId, w.loaded);
        break;
      case 'setLoadedPartitions': {
        const all = this.loadedPartitions();
        if (w.partitionIds) all[w.collectionId] = [...w.partitionIds].sort((a, b) => a - b);
        else delete all[w.collectionId];
        this.meta.putSync('loadedPartitions', all);
        break;
      }
      case 'raiseTimestamp':
        if (BigInt(w.ts) > BigInt(this.lastTimestamp())) this.meta.putSync('lastTs', w.ts);
        break;
    }
  }

  private clearLog(collectionId: number): void {
    for (const key of this.data.getKeys({ start: ['log', collectionId], end: ['log', collectionId + 1] })) {
      this.data.removeSync(key);
    }
  }

  private setLoadedFlag(collectionId: number, loaded: boolean): void {
    const current = new Set(this.loadedCollections());
    if (loaded === current.has(collectionId)) return;
    if (loaded) current.add(collectionId);
    else current.delete(collectionId);
    this.meta.putSync(
      'loaded',
      [...current].sort((a, b) => a - b),
    );
  }

  /** Every alias history entry, oldest first. */
  *aliasHistory(): Generator<AliasHistoryRecord> {
    for (const { value } of this.catalog.getRange({ start: ['aliasHistory', 0], end: ['aliasHistory', Number.MAX_SAFE_INTEGER] })) {
      yield value as AliasHistoryRecord;
    }
  }

  /** The highest timestamp recorded by raiseTimestamp ("0" when none). */
  lastTimestamp(): string {
    return (this.meta.get('lastTs') as string | undefined) ?? '0';
  }

  /** Partly loaded collections: collection id -> loaded partition ids. */
  loadedPartitions(): Record<number, number[]> {
    return { ...((this.meta.get('loadedPartitions') as Record<number, number[]> | undefined) ?? {}) };
  }

  /** Collections that were loaded when last written: a restart loads them again. */
  loadedCollections(): number[] {
    return (this.meta.get('loaded') as number[] | undefined) ?? [];
  }

  /** The highest log sequence number of a collection, 0 when its log is empty. */
  lastLogSeq(collectionId: number): number {
    for (const key of this.data.getKeys({ start: ['log', collectionId + 1], end: ['log', collectionId], reverse: true, limit: 1 })) {
      return key[2];
    }
    return 0;
  }

  /** The seqs of a collection's log records, in order (keys only: nothing is decoded). */
  logSeqs(collectionId: number): number[] {
    const seqs: number[] = [];
    for (const key of this.data.getKeys({ start: ['log', collectionId], end: ['log', collectionId + 1] })) seqs.push(key[2]);
    return seqs;
  }

  /**
   * A collection's log records in order, decoded. Reads one consistent snapshot. lmdb's range
   * reads of a binary store yield each value in a buffer of its own (a copy out of its shared
   * read buffer, or a dedicated buffer for a large value), which the decoded record keeps.
   */
  *readLog(collectionId: number): Generator<{ seq: number; record: LogRecord }> {
    for (const { key, value } of this.data.getRange({ start: ['log', collectionId], end: ['log', collectionId + 1] })) {
      yield { seq: key[2], record: decodeLogRecord(value) };
    }
  }

  private write(m: Mutation): void {
    switch (m.op) {
      case 'putDatabase':
        this.catalog.putSync(['database', m.record.id], m.record);
        break;
      case 'deleteDatabase':
        this.catalog.removeSync(['database', m.id]);
        break;
      case 'putCollection':
        this.catalog.putSync(['collection', m.record.id], m.record);
        break;
      case 'deleteCollection':
        this.catalog.removeSync(['collection', m.id]);
        break;
      case 'putAlias':
        this.catalog.putSync(['alias', m.record.dbId, m.record.name], m.record);
        break;
      case 'deleteAlias':
        this.catalog.removeSync(['alias', m.dbId, m.name]);
        break;
      case 'setNextId':
        this.meta.putSync('nextId', m.value);
        break;
      case 'putAliasHistory':
        this.catalog.putSync(['aliasHistory', m.record.version, m.record.index], m.record);
        if (m.record.version > ((this.meta.get('aliasVersion') as number | undefined) ?? 0)) {
          this.meta.putSync('aliasVersion', m.record.version);
        }
        break;
      case 'pruneAliasHistory':
        for (const key of this.catalog.getKeys({ start: ['aliasHistory', 0], end: ['aliasHistory', m.upToVersion + 1] })) {
          this.catalog.removeSync(key);
        }
        break;
    }
  }

  async close(): Promise<void> {
    try {
      await this.root.flushed;
      await this.root.close();
    } finally {
      this.lock.release();
    }
  }
}
