// Collections in the catalog: create, drop, rename, alter properties, and the name resolution
// every other operation uses. Guards against aliases follow docs/aliases.md.
import { isDeepStrictEqual } from 'node:util';
import {
  cannotDropCollectionViaAlias,
  cannotFindCollection,
  collectionHasAliases,
  collectionNameConflictsWithAlias,
  collectionNotFound,
  collectionNumLimitExceeded,
  duplicateCollectionDifferentParams,
  alterCollectionErrors,
  renameErrors,
} from '../errors.js';
import { IdAllocator, noChange, requireDatabase, type Change, type Clock } from './change.js';
import { mergeProperties } from './databases.js';
import { checkCollectionName } from './names.js';
import { DEFAULT_PARTITION, type CollectionRecord, type ConsistencyLevel, type Mutation, type PartitionRecord } from './records.js';
import type { CollectionSchema, KeyValue } from './schema.js';
import { checkSchemaFields, checkSchemaShape } from './schema-validation.js';
import type { CatalogState } from './state.js';

/** Milvus's quotaAndLimits.limits.maxCollectionNum and maxCollectionNumPerDB defaults. */
export const MAX_COLLECTIONS = 65536;

export interface CreateCollectionRequest {
  collectionName: string;
  schema: CollectionSchema;
  shardsNum: number;
  consistencyLevel: ConsistencyLevel;
  properties: KeyValue[];
  numPartitions: number;
}

export function createCollection(state: CatalogState, clock: Clock, db: string, req: CreateCollectionRequest): Change {
  const numPartitions = checkSchemaShape(req.collectionName, req.schema, req.shardsNum, req.numPartitions, req.properties);
  const database = requireDatabase(state, db);
  if (state.collectionsIn(database.id).length >= MAX_COLLECTIONS || state.collectionCount() >= MAX_COLLECTIONS) {
    throw collectionNumLimitExceeded(db, MAX_COLLECTIONS);
  }
  const schema = checkSchemaFields(req.collectionName, req.schema);
  if (state.alias(database.id, req.collectionName)) throw collectionNameConflictsWithAlias(req.collectionName);

  const { consistencyLevel, properties } = collectionProperties(req, database.properties);
  const shardsNum = req.shardsNum > 0 ? req.shardsNum : 1;
  const existing = state.collection(database.id, req.collectionName);
  if (existing) {
    const same =
      sameStoredValue(existing.schema, schema) &&
      existing.shardsNum === shardsNum &&
      existing.consistencyLevel === consistencyLevel &&
      sameStoredValue(existing.properties, properties);
    if (same) return noChange();
    throw duplicateCollectionDifferentParams(req.collectionName);
  }

  const ids = new IdAllocator(state);
  const now = clock.now();
  const hasPartitionKey = schema.fields.some((f) => f.isPartitionKey);
  const partitionNames = hasPartitionKey ? Array.from({ length: numPartitions }, (_, i) => `${DEFAULT_PARTITION}_${i}`) : [DEFAULT_PARTITION];
  const id = ids.allocate();
  const partitions: PartitionRecord[] = partitionNames.map((name) => ({ id: ids.allocate(), name, createdTs: now }));
  const record: CollectionRecord = {
    id,
    dbId: database.id,
    name: req.collectionName,
    schema,
    createdTs: now,
    updateTs: now,
    shardsNum,
    consistencyLevel,
    properties,
    numPartitions: partitions.length,
    partitions,
  };
  return { mutations: [{ op: 'putCollection', record }, ids.mutation()], result: undefined };
}

/** Equal once stored: compared as their JSON forms, whatever the order of keys. */
function sameStoredValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

const CONSISTENCY_NAMES: readonly ConsistencyLevel[] = ['Strong', 'Session', 'Bounded', 'Eventually', 'Customized'];

/**
 * Milvus consumes a `consistency_level` property (a name or its number) as the collection's
 * level, and adds `timezone` (the database's, else UTC) when the caller gave none.
 */
function collectionProperties(
  req: CreateCollectionRequest,
  dbProperties: readonly KeyValue[],
): { consistencyLevel: ConsistencyLevel; properties: KeyValue[] } {
  let consistencyLevel = req.consistencyLevel;
  const given = req.properties.find((p) => p.key === 'consistency_level')?.value;
  if (given !== undefined) {
    const byName = CONSISTENCY_NAMES.find((n) => n === given);
    const byNumber = /^\d+$/.test(given) ? CONSISTENCY_NAMES[Number(given)] : undefined;
    consistencyLevel = byName ?? byNumber ?? consistencyLevel;
  }
  let properties = mergeProperties([], req.properties, ['consistency_level']);
  if (!properties.some((p) => p.key === 'timezone')) {
    const timezone = dbProperties.find((p) => p.key === 'timezone')?.value ?? 'UTC';
    properties = [...properties, { key: 'timezone', value: timezone }];
  }
  return { consistencyLevel, properties };
}

export function dropCollection(state: CatalogState, db: string, name: string): Change {
  checkCollectionName(name);
  const database = state.database(db);
  if (!database) return noChange(); // idempotent, also in a missing database
  if (state.alias(database.id, name)) throw cannotDropCollectionViaAlias(name);
  const collection = state.collection(database.id, name);
  if (!collection) return noChange();
  const aliases = state.aliasesOf(collection.id);
  if (aliases.length > 0)
    throw collectionHasAliases(
      name,
      aliases.map((a) => a.name),
    );
  return { mutations: [{ op: 'deleteCollection', id: collection.id }], result: undefined };
}

export interface RenameRequest {
  db: string;
  oldName: string;
  /** "" means the same database. */
  newDb: string;
  newName: string;
}

export function renameCollection(state: CatalogState, clock: Clock, req: RenameRequest): Change {
  const newDb = req.newDb === '' ? req.db : req.newDb;
  if (req.newName === '') throw renameErrors.newNameEmpty();
  if (req.oldName === '') throw renameErrors.oldNameEmpty();
  if (req.oldName === req.newName && req.db === newDb) throw renameErrors.sameName();
  checkCollectionName(req.newName);
  const target = state.database(newDb);
  if (!target) {
    throw newDb === req.db ? renameErrors.sameDatabaseMissing(newDb) : renameErrors.targetDatabaseMissing(newDb);
  }
  const source = state.database(req.db);
  if (source && state.alias(source.id, req.oldName)) throw renameErrors.oldIsAlias(req.oldName);
  if (state.alias(target.id, req.newName)) throw renameErrors.newIsAlias(req.newName);
  if (state.collection(target.id, req.newName)) throw renameErrors.newTaken(newDb, req.newName);
  const collection = source && state.collection(source.id, req.oldName);
  if (!collection) throw collectionNotFound(req.oldName, req.db);
  if (target.id !== collection.dbId && state.aliasesOf(collection.id).length > 0) throw renameErrors.movingWithAliases();
  const record: CollectionRecord = {
    ...collection,
    dbId: target.id,
    name: req.newName,
    schema: { ...collection.schema, name: req.newName },
    updateTs: clock.now(),
  };
  return { mutations: [{ op: 'putCollection', record }], result: undefined };
}

export function alterCollectionProperties(
  state: CatalogState,
  clock: Clock,
  db: string,
  nameOrAlias: string,
  properties: KeyValue[],
  deleteKeys: string[],
): Change {
  if (properties.length > 0 && deleteKeys.length > 0) throw alterCollectionErrors.both();
  const collection = requireCollection(state, db, nameOrAlias);
  if (properties.length === 0 && deleteKeys.length === 0) throw alterCollectionErrors.nothingToChange();
  const record: CollectionRecord = {
    ...collection,
    properties: mergeProperties(collection.properties, properties, deleteKeys),
    updateTs: clock.now(),
  };
  const mutations: Mutation[] = [{ op: 'putCollection', record }];
  return { mutations, result: undefined };
}

/**
 * The collection a request names, directly or through an alias: resolved once per request,
 * and the request keeps using this record even if an alias moves meanwhile.
 */
export function requireCollection(state: CatalogState, db: string, nameOrAlias: string): CollectionRecord {
  const database = requireDatabase(state, db);
  const collection = state.resolve(database.id, nameOrAlias);
  if (!collection) throw collectionNotFound(nameOrAlias, db);
  return collection;
}

/** describe_collection's lookup: a missing name has its own text (docs/aliases.md). */
export function describeCollection(state: CatalogState, db: string, nameOrAlias: string, collectionId = 0): CollectionRecord {
  const byId = nameOrAlias === '' && collectionId > 0;
  if (!byId) checkCollectionName(nameOrAlias);
  const database = requireDatabase(state, db);
  const collection = byId ? state.collectionById(collectionId) : state.resolve(database.id, nameOrAlias);
  if (!collection) throw cannotFindCollection(db, nameOrAlias);
  return collection;
}
