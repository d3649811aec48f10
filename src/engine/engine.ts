// The engine: the one API every transport calls. It owns the store and the current catalog
// state. Catalog changes go through one queue: plan against the latest state, commit the plan's
// mutations durably (grouped with the changes queued beside it), then swap the new state in. Reads take the current state once and use it
// for the whole request, so a request never sees half of a change, and a request that starts
// after a change returned always sees it.
import {
  CatalogState,
  DEFAULT_DATABASE,
  MAX_RESULT_WINDOW,
  isVectorType,
  primaryField,
  DEFAULT_DATABASE_ID,
  aliases,
  aliasSwitch,
  checkCollectionName,
  collections,
  databases,
  requireDatabase,
  type AliasAction,
  type AliasDescription,
  type AliasHistoryRecord,
  type AliasList,
  type CollectionRecord,
  type CreateCollectionRequest,
  type DatabaseRecord,
  type KeyValue,
  type Mutation,
  type RenameRequest,
  indexes,
  partitions,
  type CreateIndexRequest,
  type IndexDescription,
  type IndexRecord,
  type IndexState,
  type PartitionListing,
} from '../catalog/index.js';
import { Store, type DataWrite } from '../storage/index.js';
import { validateRows } from '../data/index.js';
import { compileFilter, primaryKeyTerms } from '../expr/index.js';
import { DataPlane, type InsertResult } from './data-plane.js';
import type { DeleteRequest, QueryRequest, QueryResult, WriteRequest } from './data-requests.js';
import { parseForPlan, partitionSet } from './plan.js';
import { countRows, matchingRows, queryRows } from './query.js';
import type { IndexLookup } from './vector-search.js';
import { runHybridSearch, runSearch, type PinnedCollection } from './search-pipeline.js';
import type { HybridSearchOutcome, HybridSearchRequest, SearchOutcome, SearchRequest } from './search-request.js';
import { partitionErrors, queryErrors, schemaMismatch, vectorIndexMissing } from '../errors.js';
import { TimestampOracle } from './tso.js';
import type { Work } from './work.js';
import { join } from 'node:path';
import { IndexBuilder } from '../vector/index.js';
import { SegmentIndexes, type SegmentIndexInfo } from './segment-indexes.js';
import { indexServedBy } from './index-serving.js';

export interface EngineOptions {
  dataDir: string;
  /** Alias history versions kept (older ones are pruned as new ones are written); default 10,000. */
  aliasHistoryRetention?: number;
  /** Create the data directory and store when missing (default true); false refuses a directory without a store. */
  createIfMissing?: boolean;
}

/** describe_collection's answer: the record plus what depends on how it was asked for. */
export interface CollectionDescription {
  /** The name as the caller typed it (an alias stays an alias). */
  requestedName: string;
  dbName: string;
  collection: CollectionRecord;
  aliases: string[];
}

interface PendingChange {
  plan: (state: CatalogState) => Work<unknown>;
  /** Planned from the in-memory rows, so it must not share a group with writes not yet applied. */
  solo: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** In-memory follow-ups of a durable commit; one failing must not hide the others' results. */
function runApplies(applies: readonly (() => void)[]): void {
  for (const apply of applies) {
    try {
      apply();
    } catch (e) {
      process.stderr.write(`elanus: applying a committed change in memory failed: ${(e as Error).stack ?? String(e)}\n`);
    }
  }
}

export class Engine {
  private state: CatalogState;
  private readonly pending: PendingChange[] = [];
  /** The running drain of `pending`, if any. */
  private draining: Promise<void> | undefined;
  private closed = false;

  private readonly data: DataPlane;
  private readonly indexes: SegmentIndexes;
  private readonly builder: IndexBuilder;
  /** Collections with a compaction queued or running. */
  private readonly compacting = new Set<number>();

  private constructor(
    private readonly store: Store,
    state: CatalogState,
    private readonly tso: TimestampOracle,
    private readonly historyRetention: number,
  ) {
    this.state = state;
    this.data = new DataPlane(store, tso);
    this.data.restoreLoaded(state);
    this.indexes = new SegmentIndexes(join(store.dataDir, 'indexes'), (this.builder = new IndexBuilder()));
    for (const id of store.loadedCollections()) this.refreshIndexes(id);
  }

  /**
   * Brings a collection's segment indexes in step with the catalog and its loaded rows: called
   * after every change that can add, remove or rewrite segments or indexes, and before reads.
   */
  private refreshIndexes(collectionId: number, buildUnloaded = false): void {
    const collection = this.state.collectionById(collectionId);
    if (!collection) return this.indexes.drop(collectionId);
    const data = this.data.loadedData(collectionId);
    if (data) return this.indexes.sync(collection, data);
    // Not loaded: after a change that can need new index files (an index created, rows sealed),
    // build them now from the log, as Milvus builds indexes of flushed segments.
    if (buildUnloaded && (collection.indexes ?? []).length > 0) return this.indexes.buildUnloaded(collection, this.data.rowsOf(collection));
    this.indexes.release(collectionId);
  }

  private indexLookup(collectionId: number): IndexLookup {
    return (batch, record) => this.indexes.ready(collectionId, batch, record);
  }

  /** The id of a collection a change names, when it exists (the change itself reports it when not). */
  private collectionIdOf(db: string, nameOrAlias: string): number | undefined {
    try {
      return this.pin(db, nameOrAlias).id;
    } catch {
      return undefined;
    }
  }

  /** `change` followed by refreshIndexes of the collection it touched. */
  private async changeIndexed<T>(
    collectionId: number | undefined,
    plan: (state: CatalogState) => Work<T>,
    solo = false,
    buildUnloaded = false,
  ): Promise<T> {
    try {
      return await this.change(plan, solo);
    } finally {
      if (collectionId !== undefined) this.refreshIndexes(collectionId, buildUnloaded);
    }
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const store = Store.open(options.dataDir, { createIfMissing: options.createIfMissing });
    try {
      const records = store.loadCatalog();
      const tso = new TimestampOracle();
      for (const d of records.databases) tso.observe(d.createdTs);
      for (const c of records.collections) {
        tso.observe(c.updateTs);
        for (const p of c.partitions) tso.observe(p.createdTs);
        for (const i of c.indexes ?? []) tso.observe(i.createdTs);
      }
      for (const a of records.aliases) tso.observe(a.createdTs);
      tso.observe(store.lastTimestamp());
      let state = CatalogState.fromRecords(records);
      if (!state.database(DEFAULT_DATABASE)) {
        // First start: the default database always exists.
        const record: DatabaseRecord = { id: DEFAULT_DATABASE_ID, name: DEFAULT_DATABASE, createdTs: tso.now(), properties: [] };
        const mutations = [{ op: 'putDatabase', record } as const, { op: 'setNextId', value: Math.max(state.nextId, 2) } as const];
        await store.commit(mutations);
        state = state.apply(mutations);
      }
      return new Engine(store, state, tso, options.aliasHistoryRetention ?? aliasSwitch.DEFAULT_HISTORY_RETENTION);
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  get dataDir(): string {
    return this.store.dataDir;
  }

  /** The current catalog; keep it for the whole request (resolve names once). */
  snapshot(): CatalogState {
    return this.state;
  }

  allocTimestamp(): string {
    return this.tso.now();
  }

  /**
   * Queues a catalog change. Changes waiting together form one group commit: each is planned
   * against the state its predecessors left (so the history stays serial), all their mutations
   * go to disk in one transaction, and only then does the new state become visible and the
   * callers get their answers. A change whose checks fail answers its error and adds nothing.
   */
  change<T>(plan: (state: CatalogState) => Work<T>, solo = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ plan, solo, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) this.draining = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const firstSolo = this.pending.findIndex((p) => p.solo);
        const group = this.pending.splice(0, firstSolo === -1 ? this.pending.length : Math.max(firstSolo, 1));
        let next = this.state;
        const mutations: Mutation[] = [];
        const dataWrites: DataWrite[] = [];
        const applies: (() => void)[] = [];
        const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
        for (const item of group) {
          try {
            if (this.closed) throw new Error('the engine is closed');
            const work = item.plan(next);
            next = next.apply(work.mutations);
            mutations.push(...work.mutations);
            if (work.dataWrites) dataWrites.push(...work.dataWrites);
            if (work.apply) applies.push(work.apply);
            outcomes.push({ ok: true, value: work.result });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
        let commitError: unknown;
        try {
          await this.store.commit(mutations, dataWrites);
          this.state = next;
        } catch (e) {
          commitError = e; // nothing of the group was applied
        }
        if (commitError === undefined) runApplies(applies);
        group.forEach((item, i) => {
          const o = outcomes[i]!;
          if (!o.ok) item.reject(o.error);
          else if (commitError !== undefined) item.reject(commitError);
          else item.resolve(o.value);
        });
      }
    } finally {
      this.draining = undefined;
    }
  }

  // ---- databases ----

  createDatabase(name: string, properties: KeyValue[] = []): Promise<void> {
    return this.change((s) => databases.createDatabase(s, this.tso, name, properties));
  }

  dropDatabase(name: string): Promise<void> {
    return this.change((s) => databases.dropDatabase(s, name));
  }

  alterDatabase(name: string, properties: KeyValue[], deleteKeys: string[]): Promise<void> {
    return this.change((s) => databases.alterDatabase(s, name, properties, deleteKeys));
  }

  describeDatabase(name: string): DatabaseRecord {
    return databases.describeDatabase(this.state, name);
  }

  listDatabases(): DatabaseRecord[] {
    return this.state.databases();
  }

  // ---- collections ----

  createCollection(db: string, req: CreateCollectionRequest): Promise<void> {
    return this.change((s) => collections.createCollection(s, this.tso, db, req));
  }

  dropCollection(db: string, name: string): Promise<void> {
    let droppedId: number | undefined;
    return this.change((s) => {
      const change = collections.dropCollection(s, db, name);
      const dropped = change.mutations.find((m) => m.op === 'deleteCollection');
      if (dropped) droppedId = dropped.id;
      return dropped ? { ...change, ...this.data.dropWork(dropped.id) } : change;
    }).finally(() => {
      if (droppedId !== undefined) this.refreshIndexes(droppedId);
    });
  }

  renameCollection(req: RenameRequest): Promise<void> {
    return this.change((s) => collections.renameCollection(s, this.tso, req));
  }

  alterCollectionProperties(db: string, nameOrAlias: string, properties: KeyValue[], deleteKeys: string[]): Promise<void> {
    return this.change((s) => collections.alterCollectionProperties(s, this.tso, db, nameOrAlias, properties, deleteKeys));
  }

  describeCollection(db: string, nameOrAlias: string, collectionId = 0): CollectionDescription {
    const state = this.state;
    const collection = collections.describeCollection(state, db, nameOrAlias, collectionId);
    return {
      requestedName: nameOrAlias === '' ? collection.name : nameOrAlias,
      dbName: db,
      collection,
      aliases: state.aliasesOf(collection.id).map((a) => a.name),
    };
  }

  /** True for a collection or an alias of one; a missing database is an error. */
  hasCollection(db: string, nameOrAlias: string): boolean {
    checkCollectionName(nameOrAlias);
    const state = this.state;
    return state.resolve(requireDatabase(state, db).id, nameOrAlias) !== undefined;
  }

  /** Real collections only, never aliases. */
  listCollections(db: string): CollectionRecord[] {
    const state = this.state;
    const database = state.database(db);
    return database ? state.collectionsIn(database.id) : [];
  }

  /** The collection a request names (directly or through an alias), pinned for the request. */
  resolveCollection(db: string, nameOrAlias: string): CollectionRecord {
    return collections.requireCollection(this.state, db, nameOrAlias);
  }

  // ---- data: load, write, read ----

  /** The pinned collection of a data request, and whether its rows are in memory. */
  private pin(db: string, nameOrAlias: string): CollectionRecord {
    return collections.requireCollection(this.state, db, nameOrAlias);
  }

  /** Loads the rows into memory; as in Milvus, every vector field needs an index first. */
  loadCollection(db: string, nameOrAlias: string): Promise<void> {
    const collection = this.pin(db, nameOrAlias);
    this.requireVectorIndexes(collection);
    return this.changeIndexed(collection.id, () => this.data.loadWork(collection));
  }

  private requireVectorIndexes(collection: CollectionRecord): void {
    const indexed = new Set(indexes.indexesOf(collection).map((i) => i.fieldId));
    const unindexed = collection.schema.fields.filter((f) => isVectorType(f.dataType) && !indexed.has(f.fieldID));
    if (unindexed.length > 0) throw vectorIndexMissing(unindexed.map((f) => f.name));
  }

  releaseCollection(db: string, nameOrAlias: string): Promise<void> {
    const collection = this.pin(db, nameOrAlias);
    return this.changeIndexed(collection.id, () => this.data.releaseWork(collection));
  }

  isLoaded(db: string, nameOrAlias: string, partitionNames: readonly string[] = []): boolean {
    const collection = this.pin(db, nameOrAlias);
    const ids = partitionSet(collection, partitionNames);
    if (!ids) return this.data.isLoaded(collection.id);
    return [...ids].every((id) => this.data.isPartitionLoaded(collection.id, id));
  }

  /** LoadPartitions: the named partitions become readable (the rows load with the first one). */
  loadPartitions(db: string, nameOrAlias: string, partitionNames: readonly string[]): Promise<void> {
    const collection = this.pin(db, nameOrAlias);
    const ids = [...(partitionSet(collection, partitionNames) ?? [])];
    this.requireVectorIndexes(collection);
    return this.changeIndexed(collection.id, () => this.data.loadPartitionsWork(collection, ids));
  }

  releasePartitions(db: string, nameOrAlias: string, partitionNames: readonly string[]): Promise<void> {
    const collection = this.pin(db, nameOrAlias);
    const ids = [...(partitionSet(collection, partitionNames) ?? [])];
    return this.changeIndexed(collection.id, () => this.data.releasePartitionsWork(collection, ids));
  }

  /**
   * The partitions a read scans: the named ones (each must exist and be loaded), else every
   * loaded one (undefined: all, for a collection loaded whole).
   */
  private readablePartitions(collection: CollectionRecord, names: readonly string[]): ReadonlySet<number> | undefined {
    const named = partitionSet(collection, names);
    if (!named) return this.data.loadedPartitions(collection.id);
    for (const id of named) {
      if (!this.data.isPartitionLoaded(collection.id, id)) throw partitionErrors.notLoaded(id);
    }
    return named;
  }

  /** Validates the columns against the pinned collection's schema, then writes them durably. */
  async insert(db: string, nameOrAlias: string, req: WriteRequest): Promise<InsertResult> {
    const collection = this.pin(db, nameOrAlias);
    // Clients cache schemas and send the version they used; an older one must refresh first.
    if (req.schemaTimestamp && BigInt(req.schemaTimestamp) !== 0n && BigInt(req.schemaTimestamp) < BigInt(collection.updateTs)) {
      throw schemaMismatch(nameOrAlias);
    }
    const batch = validateRows(collection.schema, req.columns, req.numRows, req.mode);
    const result = await this.change((state) => this.data.insertWork(state, collection, batch, req.partitionName));
    this.compactInBackground(collection);
    return result;
  }

  /** Compacts the collection's log now (ManualCompaction); returns the sealed segment count. */
  async compact(db: string, nameOrAlias: string): Promise<number> {
    const collection = this.pin(db, nameOrAlias);
    return (await this.changeIndexed(collection.id, (state) => this.data.compactWork(state, collection), true, true)).segments;
  }

  /** Queues a compaction when the loaded rows have many small batches or many dead rows. */
  private compactInBackground(collection: CollectionRecord): void {
    if (this.compacting.has(collection.id) || !this.data.wantsCompaction(collection.id)) return;
    this.compacting.add(collection.id);
    this.changeIndexed(collection.id, (state) => this.data.compactWork(state, collection), true)
      .catch(() => undefined) // a dropped collection needs no compaction
      .finally(() => this.compacting.delete(collection.id));
  }

  /**
   * Flush: seals the growing rows of each collection into sealed segments (a compaction in
   * `flush` mode, loaded or not); resolves once every seal is durable. A collection without
   * growing rows is left as it is.
   */
  async flush(db: string, namesOrAliases: readonly string[]): Promise<void> {
    const pinned = namesOrAliases.map((name) => this.pin(db, name));
    await Promise.all(pinned.map((c) => this.changeIndexed(c.id, (state) => this.data.compactWork(state, c, 'flush'), true, true)));
  }

  /**
   * Deletes the rows a filter selects. A primary-key filter (`pk in [...]`) needs no loaded rows;
   * any other filter is evaluated on the loaded collection. Returns how many keys were deleted.
   */
  async delete(db: string, nameOrAlias: string, req: DeleteRequest): Promise<{ count: number; ts: string }> {
    const collection = this.pin(db, nameOrAlias);
    const expr = parseForPlan(req.expr, collection, req.templates, 'delete');
    const pkName = primaryField(collection.schema).name;
    let keys = primaryKeyTerms(expr, pkName);
    if (!keys || req.partitionName) {
      const data = this.data.requireLoaded(collection, nameOrAlias);
      const rows = matchingRows(data, {
        predicate: compileFilter(expr),
        keys,
        partitions: partitionSet(collection, req.partitionName ? [req.partitionName] : []),
      });
      keys = rows.map((r) => r.batch.pks[r.row]!);
    }
    const unique = [...new Set(keys)];
    if (unique.length === 0) return { count: 0, ts: this.tso.now() };
    const { ts } = await this.change((state) => this.data.deleteWork(state, collection, unique));
    this.compactInBackground(collection);
    return { count: unique.length, ts };
  }

  /** The rows a query selects, ordered by primary key. */
  query(db: string, nameOrAlias: string, req: QueryRequest): QueryResult {
    if (req.offset < 0) throw queryErrors.offsetNegative(req.offset);
    if (req.limit !== undefined && (req.limit <= 0 || req.offset + req.limit > MAX_RESULT_WINDOW)) {
      throw queryErrors.windowTooLarge(req.offset + req.limit, MAX_RESULT_WINDOW);
    }
    const collection = this.pin(db, nameOrAlias);
    const data = this.data.requireLoaded(collection, nameOrAlias);
    const expr = parseForPlan(req.expr, collection, req.templates, 'query');
    const pkName = primaryField(collection.schema).name;
    const selection = {
      predicate: compileFilter(expr),
      keys: primaryKeyTerms(expr, pkName),
      partitions: this.readablePartitions(collection, req.partitionNames),
      sealedOnly: req.ignoreGrowing === true,
    };
    if (req.countOnly) return { collection, rows: [], count: countRows(data, selection) };
    return { collection, rows: queryRows(data, selection, req.offset, req.limit) };
  }

  /** The collection a read names, pinned with access to its rows and indexes (search-pipeline.ts). */
  private pinForSearch(db: string, nameOrAlias: string): PinnedCollection {
    const collection = this.pin(db, nameOrAlias);
    return {
      collection,
      loadedRows: () => this.data.requireLoaded(collection, nameOrAlias),
      readablePartitions: (names) => this.readablePartitions(collection, names),
      indexLookup: () => {
        this.refreshIndexes(collection.id);
        return this.indexLookup(collection.id);
      },
    };
  }

  /** Search (plain, range, grouped or an iterator page) on the pinned collection. */
  search(db: string, nameOrAlias: string, req: SearchRequest): SearchOutcome {
    return runSearch(this.pinForSearch(db, nameOrAlias), req);
  }

  /** HybridSearch: each sub-search on the same pinned rows, fused by the request's ranker. */
  hybridSearch(db: string, nameOrAlias: string, req: HybridSearchRequest): HybridSearchOutcome {
    return runHybridSearch(this.pinForSearch(db, nameOrAlias), req);
  }

  /** Live rows of one partition of a collection. */
  partitionRowCount(db: string, nameOrAlias: string, partitionName: string): number {
    const collection = this.pin(db, nameOrAlias);
    const partition = collection.partitions.find((p) => p.name === partitionName);
    if (!partition) throw partitionErrors.notFound(partitionName);
    return this.data.countPartitionRows(collection, partition.id);
  }

  /** Live rows of a collection, loaded or not (an unloaded one is counted from its log). */
  rowCount(db: string, nameOrAlias: string): number {
    const collection = this.pin(db, nameOrAlias);
    return this.data.countRows(collection);
  }

  // ---- aliases ----

  createAlias(db: string, collection: string, alias: string): Promise<void> {
    return this.change((s) =>
      aliasSwitch.withHistory(s, aliases.createAlias(s, this.tso, db, collection, alias), this.tso, 'create', this.historyRetention),
    );
  }

  alterAlias(db: string, collection: string, alias: string): Promise<void> {
    return this.change((s) =>
      aliasSwitch.withHistory(s, aliases.alterAlias(s, this.tso, db, collection, alias), this.tso, 'alter', this.historyRetention),
    );
  }

  dropAlias(db: string, alias: string): Promise<void> {
    return this.change((s) => aliasSwitch.withHistory(s, aliases.dropAlias(s, db, alias), this.tso, 'drop', this.historyRetention));
  }

  /**
   * Several alias actions in one step, all or nothing: each is checked with the single call's
   * rules against the state the previous ones leave; the first failure names its action.
   * Returns the history version the switch was recorded under (0 when nothing changed).
   */
  async switchAliases(db: string, actions: readonly AliasAction[]): Promise<number> {
    return this.change((s) => {
      const change = aliasSwitch.withHistory(s, aliasSwitch.switchAliases(s, this.tso, db, actions), this.tso, 'switch', this.historyRetention);
      return { ...change, result: change.mutations.some((m) => m.op === 'putAliasHistory') ? s.aliasVersion + 1 : 0 };
    });
  }

  /** Every recorded change of an alias, oldest first. */
  aliasHistory(db: string, alias: string): (AliasHistoryRecord & { dbName: string })[] {
    const database = requireDatabase(this.state, db);
    return aliasSwitch.historyOf(this.store.aliasHistory(), database.id, alias).map((e) => ({ ...e, dbName: db }));
  }

  /** Points the alias where it was at `toVersion`, or before its latest change; recorded too. */
  rollbackAlias(db: string, alias: string, toVersion?: number): Promise<void> {
    return this.change((s) => {
      const database = requireDatabase(s, db);
      const history = aliasSwitch.historyOf(this.store.aliasHistory(), database.id, alias);
      return aliasSwitch.withHistory(
        s,
        aliasSwitch.rollbackAlias(s, this.tso, db, alias, history, toVersion),
        this.tso,
        'rollback',
        this.historyRetention,
      );
    }, true); // reads the stored history: run after every change queued before it is on disk
  }

  describeAlias(db: string, alias: string): AliasDescription {
    return aliases.describeAlias(this.state, db, alias);
  }

  listAliases(db: string, collection: string): AliasList {
    return aliases.listAliases(this.state, db, collection);
  }

  // ---- indexes and partitions ----

  /** Whether a collection is loaded (partitions load with their collection). */
  private readonly loadedCheck = (collectionId: number, partitionName?: string): boolean => {
    if (partitionName === undefined) return this.data.isLoaded(collectionId);
    const partition = this.state.collectionById(collectionId)?.partitions.find((p) => p.name === partitionName);
    return partition !== undefined && this.data.isPartitionLoaded(collectionId, partition.id);
  };

  createIndex(db: string, req: CreateIndexRequest): Promise<void> {
    return this.changeIndexed(this.collectionIdOf(db, req.collectionName), (s) => indexes.createIndex(s, this.tso, db, req), false, true);
  }

  /**
   * DescribeIndex (`statistics` = GetIndexStatistics): every index when `indexName` is "", with
   * what serves each vector index when that is not its own type (index-serving.ts).
   */
  describeIndex(db: string, collectionName: string, indexName: string, statistics = false): (IndexState & { servedBy?: string })[] {
    const found = statistics
      ? indexes.indexStatistics(this.state, db, collectionName, indexName)
      : indexes.describeIndexes(this.state, db, collectionName, indexName);
    return found.indexes.map((d) => ({
      ...d,
      ...this.indexRows(found.collection, d.index),
      servedBy: indexServedBy(found.collection, d.index),
    }));
  }

  /** Index builds started since the engine opened (a file read at load is not a build). */
  get indexBuilds(): number {
    return this.builder.builds;
  }

  /** The segment indexes of a loaded collection (none when it is not loaded). */
  segmentIndexes(db: string, nameOrAlias: string): SegmentIndexInfo[] {
    const collection = this.pin(db, nameOrAlias);
    this.refreshIndexes(collection.id);
    return this.indexes.list(collection.id);
  }

  /** GetIndexState / GetIndexBuildProgress: the one index that answers to `indexName`. */
  indexProgress(db: string, collectionName: string, indexName: string): IndexState {
    const { collection, index } = indexes.singleIndex(this.state, db, collectionName, indexName);
    return { index, fieldName: '', params: index.userParams, ...this.indexRows(collection, index) };
  }

  /**
   * An index's row counts. For a loaded collection they are the segments' real states: rows of
   * segments whose index is still building are pending. A collection that is not loaded has its
   * index files built from the log after CreateIndex, Flush and compaction; while they build the
   * counts are as real. Otherwise every row counts as indexed: a load reads the files, and builds
   * any that are missing while searches read those segments exactly.
   */
  private indexRows(collection: CollectionRecord, record: IndexRecord): Omit<IndexState, keyof IndexDescription> {
    const data = this.data.loadedData(collection.id);
    if (!data) {
      const building = this.indexes.unloadedProgress(collection, record);
      if (building) return building;
      const total = this.data.countRows(collection);
      return { state: 'Finished', failReason: '', totalRows: total, indexedRows: total, pendingRows: 0 };
    }
    this.refreshIndexes(collection.id);
    return this.indexes.progress(collection, data, record);
  }

  dropIndex(db: string, collectionName: string, indexName: string): Promise<void> {
    return this.changeIndexed(this.collectionIdOf(db, collectionName), (s) =>
      indexes.dropIndex(s, db, collectionName, indexName, (id) => this.loadedCheck(id)),
    );
  }

  alterIndex(db: string, collectionName: string, indexName: string, params: KeyValue[], deleteKeys: string[]): Promise<void> {
    return this.changeIndexed(this.collectionIdOf(db, collectionName), (s) =>
      indexes.alterIndex(s, db, collectionName, indexName, params, deleteKeys, (id) => this.loadedCheck(id)),
    );
  }

  createPartition(db: string, collectionName: string, partitionName: string): Promise<void> {
    return this.change((s) => partitions.createPartition(s, this.tso, db, collectionName, partitionName));
  }

  dropPartition(db: string, collectionName: string, partitionName: string): Promise<void> {
    return this.change((s) => partitions.dropPartition(s, db, collectionName, partitionName, this.loadedCheck));
  }

  hasPartition(db: string, collectionName: string, partitionName: string): boolean {
    return partitions.hasPartition(this.state, db, collectionName, partitionName);
  }

  /** ShowPartitions; `inMemory` lists loaded partitions only. */
  showPartitions(db: string, collectionName: string, partitionNames: string[], inMemory: boolean): PartitionListing {
    return partitions.showPartitions(this.state, db, collectionName, partitionNames, inMemory, this.loadedCheck);
  }

  /** Waits for queued changes, then closes the store and releases the data dir lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.draining) await this.draining;
    this.closed = true;
    await this.indexes.close();
    await this.store.close();
  }
}
