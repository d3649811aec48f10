// Databases: create, drop, alter properties, describe. `default` always exists and cannot be
// dropped; a database must be empty before it is dropped.
import { cannotDropDefaultDatabase, databaseAlreadyExists, databaseNotEmpty, databaseNumLimitExceeded, alterDatabaseErrors } from '../errors.js';
import { IdAllocator, noChange, requireDatabase, type Change, type Clock } from './change.js';
import { checkDatabaseName } from './names.js';
import { checkTimezoneProperty } from './properties.js';
import { DEFAULT_DATABASE, type DatabaseRecord } from './records.js';
import type { KeyValue } from './schema.js';
import type { CatalogState } from './state.js';

/** Milvus's rootCoord.maxDatabaseNum default. */
export const MAX_DATABASES = 64;

export function createDatabase(state: CatalogState, clock: Clock, name: string, properties: KeyValue[]): Change {
  checkDatabaseName(name);
  checkTimezoneProperty(properties);
  if (state.database(name)) throw databaseAlreadyExists(name);
  // Milvus counts `default` and compares with >, so 64 databases besides `default` fit.
  if (state.databases().length > MAX_DATABASES) throw databaseNumLimitExceeded(MAX_DATABASES);
  const ids = new IdAllocator(state);
  const record: DatabaseRecord = { id: ids.allocate(), name, createdTs: clock.now(), properties: mergeProperties([], properties, []) };
  return { mutations: [{ op: 'putDatabase', record }, ids.mutation()], result: undefined };
}

export function dropDatabase(state: CatalogState, name: string): Change {
  checkDatabaseName(name);
  if (name === DEFAULT_DATABASE) throw cannotDropDefaultDatabase();
  const db = state.database(name);
  if (!db) return noChange(); // dropping a missing database succeeds, as in Milvus
  if (state.collectionsIn(db.id).length > 0) throw databaseNotEmpty(name);
  const aliasDeletes = state.aliasesIn(db.id).map((a) => ({ op: 'deleteAlias', dbId: db.id, name: a.name }) as const);
  return { mutations: [...aliasDeletes, { op: 'deleteDatabase', id: db.id }], result: undefined };
}

export function alterDatabase(state: CatalogState, name: string, properties: KeyValue[], deleteKeys: string[]): Change {
  checkTimezoneProperty(properties);
  if (name === '') throw alterDatabaseErrors.emptyName();
  if (properties.length === 0 && deleteKeys.length === 0) throw alterDatabaseErrors.nothingToChange();
  if (properties.length > 0 && deleteKeys.length > 0) throw alterDatabaseErrors.both();
  const db = state.database(name);
  if (!db) throw alterDatabaseErrors.missing(name);
  const record: DatabaseRecord = { ...db, properties: mergeProperties(db.properties, properties, deleteKeys) };
  return { mutations: [{ op: 'putDatabase', record }], result: undefined };
}

export function describeDatabase(state: CatalogState, name: string): DatabaseRecord {
  return requireDatabase(state, name);
}

/** Properties after setting `set` (last one wins per key) and removing `remove`; order kept. */
export function mergeProperties(current: readonly KeyValue[], set: readonly KeyValue[], remove: readonly string[]): KeyValue[] {
  const merged = new Map(current.map((p) => [p.key, p.value]));
  for (const p of set) merged.set(p.key, p.value);
  for (const k of remove) merged.delete(k);
  return [...merged].map(([key, value]) => ({ key, value }));
}
