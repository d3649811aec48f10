// An immutable view of the whole catalog. Readers take the current CatalogState and keep it for
// their whole request: nothing in it ever changes. A committed change produces a new state
// (apply), which the engine swaps in after the commit, so no reader sees a half-applied change.
import type { AliasRecord, CollectionRecord, DatabaseRecord, Mutation } from './records.js';

const key = (dbId: number, name: string) => `${dbId}\u0000${name}`;

export interface CatalogRecords {
  databases: DatabaseRecord[];
  collections: CollectionRecord[];
  aliases: AliasRecord[];
  nextId: number;
  /** The last alias history version handed out. */
  aliasVersion: number;
}

export class CatalogState {
  private constructor(
    private readonly databasesById: ReadonlyMap<number, DatabaseRecord>,
    private readonly databaseIdsByName: ReadonlyMap<string, number>,
    private readonly collectionsById: ReadonlyMap<number, CollectionRecord>,
    private readonly collectionIdsByKey: ReadonlyMap<string, number>,
    private readonly aliasesByKey: ReadonlyMap<string, AliasRecord>,
    /** The next free id for databases, collections and partitions. */
    readonly nextId: number,
    /** The last alias history version handed out (versions only grow). */
    readonly aliasVersion: number,
  ) {}

  static fromRecords(records: CatalogRecords): CatalogState {
    const s = new CatalogState(new Map(), new Map(), new Map(), new Map(), new Map(), records.nextId, records.aliasVersion);
    return s.apply([
      ...records.databases.map((record) => ({ op: 'putDatabase', record }) as const),
      ...records.collections.map((record) => ({ op: 'putCollection', record }) as const),
      ...records.aliases.map((record) => ({ op: 'putAlias', record }) as const),
    ]);
  }

  /** The state after `mutations`; `this` is left untouched. */
  apply(mutations: readonly Mutation[]): CatalogState {
    if (mutations.length === 0) return this;
    const databasesById = new Map(this.databasesById);
    const databaseIdsByName = new Map(this.databaseIdsByName);
    const collectionsById = new Map(this.collectionsById);
    const collectionIdsByKey = new Map(this.collectionIdsByKey);
    const aliasesByKey = new Map(this.aliasesByKey);
    let nextId = this.nextId;
    let aliasVersion = this.aliasVersion;
    for (const m of mutations) {
      switch (m.op) {
        case 'putDatabase': {
          const old = databasesById.get(m.record.id);
          if (old) databaseIdsByName.delete(old.name);
          databasesById.set(m.record.id, m.record);
          databaseIdsByName.set(m.record.name, m.record.id);
          break;
        }
        case 'deleteDatabase': {
          const old = databasesById.get(m.id);
          if (old) databaseIdsByName.delete(old.name);
          databasesById.delete(m.id);
          break;
        }
        case 'putCollection': {
          const old = collectionsById.get(m.record.id);
          if (old) collectionIdsByKey.delete(key(old.dbId, old.name));
          collectionsById.set(m.record.id, m.record);
          collectionIdsByKey.set(key(m.record.dbId, m.record.name), m.record.id);
          break;
        }
        case 'deleteCollection': {
          const old = collectionsById.get(m.id);
          if (old) collectionIdsByKey.delete(key(old.dbId, old.name));
          collectionsById.delete(m.id);
          break;
        }
        case 'putAlias':
          aliasesByKey.set(key(m.record.dbId, m.record.name), m.record);
          break;
        case 'deleteAlias':
          aliasesByKey.delete(key(m.dbId, m.name));
          break;
        case 'setNextId':
          nextId = m.value;
          break;
        case 'putAliasHistory':
          aliasVersion = Math.max(aliasVersion, m.record.version);
          break;
        case 'pruneAliasHistory':
          break;
      }
    }
    return new CatalogState(databasesById, databaseIdsByName, collectionsById, collectionIdsByKey, aliasesByKey, nextId, aliasVersion);
  }

  // ---- databases ----

  database(name: string): DatabaseRecord | undefined {
    const id = this.databaseIdsByName.get(name);
    return id === undefined ? undefined : this.databasesById.get(id);
  }

  databaseById(id: number): DatabaseRecord | undefined {
    return this.databasesById.get(id);
  }

  databases(): DatabaseRecord[] {
    return [...this.databasesById.values()].sort((a, b) => a.id - b.id);
  }

  // ---- collections ----

  /** The real collection called `name` in the database; aliases are not resolved. */
  collection(dbId: number, name: string): CollectionRecord | undefined {
    const id = this.collectionIdsByKey.get(key(dbId, name));
    return id === undefined ? undefined : this.collectionsById.get(id);
  }

  collectionById(id: number): CollectionRecord | undefined {
    return this.collectionsById.get(id);
  }

  /** A collection or, failing that, the collection an alias of that name points at. */
  resolve(dbId: number, nameOrAlias: string): CollectionRecord | undefined {
    const direct = this.collection(dbId, nameOrAlias);
    if (direct) return direct;
    const alias = this.alias(dbId, nameOrAlias);
    return alias ? this.collectionsById.get(alias.collectionId) : undefined;
  }

  collectionsIn(dbId: number): CollectionRecord[] {
    return [...this.collectionsById.values()].filter((c) => c.dbId === dbId).sort((a, b) => a.id - b.id);
  }

  collectionCount(): number {
    return this.collectionsById.size;
  }

  // ---- aliases ----

  alias(dbId: number, name: string): AliasRecord | undefined {
    return this.aliasesByKey.get(key(dbId, name));
  }

  /** Aliases of one database, sorted by name (Milvus leaves the order open; sorted is friendlier). */
  aliasesIn(dbId: number): AliasRecord[] {
    return [...this.aliasesByKey.values()].filter((a) => a.dbId === dbId).sort(byName);
  }

  aliasesOf(collectionId: number): AliasRecord[] {
    return [...this.aliasesByKey.values()].filter((a) => a.collectionId === collectionId).sort(byName);
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
