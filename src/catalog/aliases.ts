// The alias rules of docs/aliases.md: create, alter, drop, describe, list. Each function checks
// in exactly the order Milvus does, because the first failing check decides the code and text
// a client sees.
import { aliasAlreadyExists, aliasCollectionNameConflict, aliasNotFound, collectionNotFound, aliasMissing } from '../errors.js';
import { noChange, requireDatabase, type Change, type Clock } from './change.js';
import { goTrimSpace } from './go-values.js';
import { checkAliasName, checkCollectionName } from './names.js';
import type { CatalogState } from './state.js';

export interface AliasDescription {
  dbName: string;
  alias: string;
  collection: string;
}

export interface AliasList {
  dbName: string;
  /** The real collection's name, or "" when the whole database was listed. */
  collectionName: string;
  aliases: string[];
}

export function createAlias(state: CatalogState, clock: Clock, db: string, collection: string, alias: string): Change {
  checkAliasName(alias);
  checkCollectionName(collection);
  const database = requireDatabase(state, db);
  if (state.collection(database.id, alias)) throw aliasCollectionNameConflict(db, alias);
  // Only real collections count: an alias given as the collection is a missing collection.
  const target = state.collection(database.id, collection);
  if (!target) throw collectionNotFound(collection, db);
  const existing = state.alias(database.id, alias);
  if (existing) {
    if (existing.collectionId === target.id) return noChange();
    const other = state.collectionById(existing.collectionId);
    throw aliasAlreadyExists(db, alias, other?.name ?? String(existing.collectionId));
  }
  return {
    mutations: [{ op: 'putAlias', record: { dbId: database.id, name: alias, collectionId: target.id, createdTs: clock.now() } }],
    result: undefined,
  };
}

export function alterAlias(state: CatalogState, clock: Clock, db: string, collection: string, alias: string): Change {
  checkAliasName(alias);
  checkCollectionName(collection);
  const database = requireDatabase(state, db);
  if (state.collection(database.id, alias)) throw aliasCollectionNameConflict(db, alias);
  const target = state.collection(database.id, collection);
  // Milvus's alter path reports the missing collection without the database part.
  if (!target) throw collectionNotFound(collection);
  const existing = state.alias(database.id, alias);
  if (!existing) throw aliasNotFound(db, alias);
  if (existing.collectionId === target.id) return noChange();
  return {
    mutations: [{ op: 'putAlias', record: { ...existing, collectionId: target.id, createdTs: clock.now() } }],
    result: undefined,
  };
}

/** No name validation: surrounding spaces are trimmed (as Go trims them) and a missing alias is a success. */
export function dropAlias(state: CatalogState, db: string, alias: string): Change {
  const name = goTrimSpace(alias);
  const database = requireDatabase(state, db);
  if (!state.alias(database.id, name)) return noChange();
  return { mutations: [{ op: 'deleteAlias', dbId: database.id, name }], result: undefined };
}

export function describeAlias(state: CatalogState, db: string, alias: string): AliasDescription {
  checkAliasName(alias);
  // Unreachable after the name rules (they refuse "" first) but kept in Milvus's order.
  if (alias === '') throw aliasMissing();
  const database = requireDatabase(state, db);
  const record = state.alias(database.id, alias);
  const target = record && state.collectionById(record.collectionId);
  if (!target) throw aliasNotFound(db, alias);
  return { dbName: db, alias, collection: target.name };
}

export function listAliases(state: CatalogState, db: string, collection: string): AliasList {
  if (collection !== '') checkCollectionName(collection);
  const database = requireDatabase(state, db);
  if (collection === '') {
    return { dbName: db, collectionName: '', aliases: state.aliasesIn(database.id).map((a) => a.name) };
  }
  const target = state.collection(database.id, collection);
  if (!target) throw collectionNotFound(collection);
  return { dbName: db, collectionName: target.name, aliases: state.aliasesOf(target.id).map((a) => a.name) };
}
