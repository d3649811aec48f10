// The engine: the one API every transport calls. It owns the store and the current catalog
// state. Catalog changes go through one queue: plan against the latest state, commit the plan's
// mutations durably (grouped with the changes queued beside it), then swap the new state in. Reads take the current state once and use it
// for the whole request, so a request never sees half of a change, and a request that starts
// after a change returned always sees it.
import {
  CatalogState,
  DEFAULT_DATABASE,
  DEFAULT_DATABASE_ID,
  aliases,
  checkCollectionName,
  collections,
  databases,
  requireDatabase,
  type AliasDescription,
  type AliasList,
  type Change,
  type CollectionRecord,
  type CreateCollectionRequest,
  type DatabaseRecord,
  type KeyValue,
  type Mutation,
  type RenameRequest,
} from '../catalog/index.js';
import { Store } from '../storage/index.js';
import { TimestampOracle } from './tso.js';

export interface EngineOptions {
  dataDir: string;
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
  plan: (state: CatalogState) => Change<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class Engine {
  private state: CatalogState;
  private readonly pending: PendingChange[] = [];
  /** The running drain of `pending`, if any. */
  private draining: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly store: Store,
    state: CatalogState,
    private readonly tso: TimestampOracle,
  ) {
    this.state = state;
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const store = Store.open(options.dataDir);
    try {
      const records = store.loadCatalog();
      const tso = new TimestampOracle();
      for (const d of records.databases) tso.observe(d.createdTs);
      for (const c of records.collections) tso.observe(c.updateTs);
      for (const a of records.aliases) tso.observe(a.createdTs);
      let state = CatalogState.fromRecords(records);
      if (!state.database(DEFAULT_DATABASE)) {
        // First start: the default database always exists.
        const record: DatabaseRecord = { id: DEFAULT_DATABASE_ID, name: DEFAULT_DATABASE, createdTs: tso.now(), properties: [] };
        const mutations = [{ op: 'putDatabase', record } as const, { op: 'setNextId', value: Math.max(state.nextId, 2) } as const];
        await store.commit(mutations);
        state = state.apply(mutations);
      }
      return new Engine(store, state, tso);
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
  private change<T>(plan: (state: CatalogState) => Change<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ plan, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) this.draining = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        let next = this.state;
        const mutations: Mutation[] = [];
        const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
        for (const item of group) {
          try {
            if (this.closed) throw new Error('the engine is closed');
            const { mutations: own, result } = item.plan(next);
            next = next.apply(own);
            mutations.push(...own);
            outcomes.push({ ok: true, value: result });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
        let commitError: unknown;
        try {
          await this.store.commit(mutations);
          this.state = next;
        } catch (e) {
          commitError = e; // nothing of the group was applied
        }
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
    return this.change((s) => collections.dropCollection(s, db, name));
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

  // ---- aliases ----

  createAlias(db: string, collection: string, alias: string): Promise<void> {
    return this.change((s) => aliases.createAlias(s, this.tso, db, collection, alias));
  }

  alterAlias(db: string, collection: string, alias: string): Promise<void> {
    return this.change((s) => aliases.alterAlias(s, this.tso, db, collection, alias));
  }

  dropAlias(db: string, alias: string): Promise<void> {
    return this.change((s) => aliases.dropAlias(s, db, alias));
  }

  describeAlias(db: string, alias: string): AliasDescription {
    return aliases.describeAlias(this.state, db, alias);
  }

  listAliases(db: string, collection: string): AliasList {
    return aliases.listAliases(this.state, db, collection);
  }

  /** Waits for queued changes, then closes the store and releases the data dir lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.draining) await this.draining;
    this.closed = true;
    await this.store.close();
  }
}
