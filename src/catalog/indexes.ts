// Index metadata, as Milvus 2.6 keeps it: create, describe, drop, alter. The checks follow the proxy
// (createIndexTask, describeIndexTask, dropIndexTask, alterIndexTask) and datacoord
// (index_service.go, indexMeta.CanCreateIndex) in their order; index-params.ts checks the parameters.
// Building the index is the data plane's business: here an index is a record in its collection.
import { indexErrors } from '../errors.js';
import { IdAllocator, noChange, type Change, type Clock } from './change.js';
import { goTrimSpace } from './go-values.js';
import { requireCollection } from './collections.js';
import {
  AUTOINDEX,
  CONFIGURABLE_KEYS,
  INDEX_TYPE_KEY,
  JSON_CAST_TYPE_KEY,
  JSON_PATH_KEY,
  METRIC_TYPE_KEY,
  mmapParamsError,
  paramValue,
  resolveIndexParams,
} from './index-params.js';
import { MAX_NAME_BYTES, checkCollectionName } from './names.js';
import type { CollectionRecord, IndexRecord } from './records.js';
import { DYNAMIC_FIELD_NAME, DataType, dynamicFieldOf, isVectorType, type FieldSchema, type KeyValue } from './schema.js';
import type { CatalogState } from './state.js';

export interface CreateIndexRequest {
  collectionName: string;
  fieldName: string;
  /** "" lets Milvus pick: the field's name (or the name of the field's existing index). */
  indexName: string;
  extraParams: KeyValue[];
}

/** One index as DescribeIndex shows it (row counts come from the data plane). */
export interface IndexDescription {
  index: IndexRecord;
  /** The field's name; for an index on a dynamic key, the key. */
  fieldName: string;
  /** The parameters the reply shows. */
  params: KeyValue[];
}

/** An index as DescribeIndex reports it: the description plus the data plane's row counts. */
export interface IndexState extends IndexDescription {
  state: 'Finished' | 'InProgress' | 'Failed';
  failReason: string;
  totalRows: number;
  indexedRows: number;
  pendingRows: number;
}

export function indexesOf(collection: CollectionRecord): IndexRecord[] {
  return collection.indexes ?? [];
}

/**
 * validateIndexName: trimmed as Go trims (strings.TrimSpace: a leading U+FEFF stays, and is not a
 * letter); empty is allowed (a default name is chosen); `[` and `]` are allowed.
 */
function checkIndexName(raw: string): void {
  const name = goTrimSpace(raw);
  if (name === '') return;
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > MAX_NAME_BYTES) throw indexErrors.nameTooLong(name, MAX_NAME_BYTES);
  const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  if (bytes[0] !== 0x5f && !isLetter(bytes[0]!)) throw indexErrors.nameFirstChar(name);
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x5f && b !== 0x5b && b !== 0x5d && !isLetter(b) && !isDigit(b)) throw indexErrors.nameLaterChar(name);
  }
}

/** The hidden `$meta` field of a dynamic collection, as Milvus's schema has it (the last field). */
/** GetFieldFromNameDefaultJSON: a field by name, else `$meta` in a dynamic collection. */
function indexedField(collection: CollectionRecord, name: string): FieldSchema {
  const field = collection.schema.fields.find((f) => f.name === name);
  if (field) return field;
  if (collection.schema.enableDynamicField) return dynamicFieldOf(collection.schema);
  throw indexErrors.nonExistField(name);
}

function fieldById(collection: CollectionRecord, fieldId: number): FieldSchema {
  return collection.schema.fields.find((f) => f.fieldID === fieldId) ?? dynamicFieldOf(collection.schema);
}

/**
 * A JSON index path (`key`, `field["a"][0]`) as the JSON Pointer Milvus stores (`/a/0`; "" for
 * the whole field). For `$meta`, the leading identifier is a dynamic key and part of the path.
 */
function jsonPointer(collection: CollectionRecord, field: FieldSchema, path: string): string {
  const m = /^([^[\]]+)((?:\[(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+)\])*)$/.exec(path.trim());
  if (!m) throw indexErrors.jsonPathInvalid(path);
  const head = m[1]!.trim();
  const segments: string[] = [];
  for (const s of m[2]!.matchAll(/\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+)\]/g)) {
    const raw = s[1]!;
    segments.push(/^-?\d+$/.test(raw) ? raw : raw.slice(1, -1).replace(/\\(.)/g, '$1'));
  }
  const named = collection.schema.fields.find((f) => f.name === head);
  let nested: string[];
  if (field.isDynamic) {
    if (named && named.fieldID !== field.fieldID) throw indexErrors.jsonPathFieldMismatch();
    nested = head === DYNAMIC_FIELD_NAME ? segments : [head, ...segments];
  } else {
    if (!named || named.fieldID !== field.fieldID) throw indexErrors.jsonPathFieldMismatch();
    nested = segments;
  }
  if (nested.length === 0) return '';
  return '/' + nested.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

/** datacoord's checkParams: the same request again? Configurable keys (mmap...) are not compared. */
function sameParams(existing: IndexRecord, userParams: KeyValue[], userMetricSpecified: boolean): boolean {
  const stored = existing.userParams.filter((p) => !CONFIGURABLE_KEYS.has(p.key));
  const auto = stored.some((p) => p.key === INDEX_TYPE_KEY && p.value === AUTOINDEX);
  if (stored.length !== userParams.length) return false;
  return stored.every((a) =>
    userParams.some(
      (b) => (b.key === a.key && b.value === a.value) || (a.key === METRIC_TYPE_KEY && b.key === a.key && auto && !userMetricSpecified),
    ),
  );
}

export function createIndex(state: CatalogState, clock: Clock, db: string, req: CreateIndexRequest): Change {
  const collection = requireCollection(state, db, req.collectionName);
  checkIndexName(req.indexName);
  const field = indexedField(collection, req.fieldName);
  const resolved = resolveIndexParams(collection.schema, field, req.fieldName, req.extraParams);
  const params = resolved.params;
  const isJson = field.dataType === DataType.JSON;
  let jsonPath = '';
  if (isJson) {
    jsonPath = jsonPointer(collection, field, paramValue(params, JSON_PATH_KEY) ?? req.fieldName);
    for (const p of params) if (p.key === JSON_PATH_KEY) p.value = jsonPath;
  }

  const existing = indexesOf(collection);
  let indexName = req.indexName;
  if (indexName === '') {
    let onField = existing.filter((i) => i.fieldId === field.fieldID);
    if (isJson) onField = onField.filter((i) => paramValue(i.params, JSON_PATH_KEY) === jsonPath);
    if (onField.length === 0) indexName = field.name + (isJson ? jsonPath : '');
    else if (onField.length === 1) indexName = onField[0]!.name;
  }

  for (const index of existing) {
    if (index.name === indexName) {
      const sameJson =
        !isJson ||
        (paramValue(index.params, JSON_PATH_KEY) === jsonPath &&
          paramValue(index.params, JSON_CAST_TYPE_KEY) === paramValue(params, JSON_CAST_TYPE_KEY));
      if (index.fieldId === field.fieldID && sameParams(index, resolved.userParams, resolved.userMetricSpecified) && sameJson) {
        return noChange(); // the same index again: Milvus answers success
      }
      throw indexErrors.distinctPerField();
    }
    if (index.fieldId === field.fieldID) {
      if (isJson && paramValue(index.params, JSON_PATH_KEY) !== jsonPath) continue;
      throw indexErrors.multipleOnField();
    }
  }

  const ids = new IdAllocator(state);
  const record: IndexRecord = {
    id: ids.allocate(),
    name: indexName,
    fieldId: field.fieldID,
    userParams: resolved.userParams,
    params,
    isAutoIndex: resolved.isAutoIndex,
    userMetricSpecified: resolved.userMetricSpecified,
    createdTs: clock.now(),
  };
  const updated: CollectionRecord = { ...collection, indexes: [...existing, record] };
  return { mutations: [{ op: 'putCollection', record: updated }, ids.mutation()], result: undefined };
}

/** The field name DescribeIndex shows: for `$meta`, the first segment of the JSON path. */
function shownFieldName(collection: CollectionRecord, index: IndexRecord): string {
  const field = fieldById(collection, index.fieldId);
  if (!field.isDynamic) return field.name;
  const path = paramValue(index.params, JSON_PATH_KEY);
  if (!path) return field.name;
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const slash = trimmed.indexOf('/');
  const first = slash === -1 ? trimmed : trimmed.slice(0, slash);
  return first.replaceAll('~1', '/').replaceAll('~0', '~');
}

function describe(collection: CollectionRecord, index: IndexRecord, statistics: boolean): IndexDescription {
  let params = index.userParams;
  if (params.length === 0) {
    if (statistics) params = index.params;
    else {
      // DescribeIndex falls back to the metric of the effective parameters, shown as AUTOINDEX.
      const metric = paramValue(index.params, METRIC_TYPE_KEY);
      params =
        metric === undefined
          ? []
          : [
              { key: INDEX_TYPE_KEY, value: AUTOINDEX },
              { key: METRIC_TYPE_KEY, value: metric },
            ];
    }
  }
  return { index, fieldName: shownFieldName(collection, index), params };
}

function named(collection: CollectionRecord, indexName: string): IndexRecord[] {
  return indexesOf(collection).filter((i) => indexName === '' || i.name === indexName);
}

/** DescribeIndex: every index when `indexName` is "" (field_name is not a filter in Milvus 2.6). */
export function describeIndexes(
  state: CatalogState,
  db: string,
  collectionName: string,
  indexName: string,
): { collection: CollectionRecord; indexes: IndexDescription[] } {
  checkCollectionName(collectionName);
  const collection = requireCollection(state, db, collectionName);
  const found = named(collection, indexName);
  if (found.length === 0) {
    throw indexName === '' ? indexErrors.noneOnCollection(collectionName) : indexErrors.notFound(indexName);
  }
  return { collection, indexes: found.map((i) => describe(collection, i, false)) };
}

/** GetIndexStatistics: like DescribeIndex, but the effective parameters when the caller gave none. */
export function indexStatistics(
  state: CatalogState,
  db: string,
  collectionName: string,
  indexName: string,
): { collection: CollectionRecord; indexes: IndexDescription[] } {
  checkCollectionName(collectionName);
  const collection = requireCollection(state, db, collectionName);
  const found = named(collection, indexName);
  if (found.length === 0) throw indexErrors.notFound(indexName);
  return { collection, indexes: found.map((i) => describe(collection, i, true)) };
}

/** GetIndexState and GetIndexBuildProgress: exactly one index must answer to the name. */
export function singleIndex(
  state: CatalogState,
  db: string,
  collectionName: string,
  indexName: string,
): { collection: CollectionRecord; index: IndexRecord } {
  checkCollectionName(collectionName);
  const collection = requireCollection(state, db, collectionName);
  const found = named(collection, indexName);
  if (found.length === 0) throw indexErrors.notFound(indexName);
  if (found.length > 1) throw indexErrors.duplicate(indexName);
  return { collection, index: found[0]! };
}

/**
 * DropIndex: by index name only ("" = the collection's only index); a missing index is success.
 * A vector index cannot be dropped while the collection is loaded.
 */
export function dropIndex(
  state: CatalogState,
  db: string,
  collectionName: string,
  indexName: string,
  isLoaded: (collectionId: number) => boolean,
): Change {
  const collection = requireCollection(state, db, collectionName);
  const found = named(collection, indexName);
  if (found.length === 0) return noChange();
  if (isLoaded(collection.id)) {
    for (const index of found) {
      if (isVectorType(fieldById(collection, index.fieldId).dataType)) throw indexErrors.dropVectorWhileLoaded(collection.id);
    }
  }
  if (found.length > 1) throw indexErrors.duplicate(indexName);
  const dropped = found[0]!;
  const updated: CollectionRecord = { ...collection, indexes: indexesOf(collection).filter((i) => i.id !== dropped.id) };
  return { mutations: [{ op: 'putCollection', record: updated }], result: undefined };
}

/** UpdateParams: set keys in place, new keys at the end. */
function setParams(from: readonly KeyValue[], updates: readonly KeyValue[]): KeyValue[] {
  const out = from.map((p) => ({ ...p }));
  for (const u of updates) {
    const at = out.find((p) => p.key === u.key);
    if (at) at.value = u.value;
    else out.push({ key: u.key, value: u.value });
  }
  return out;
}

/** AlterIndex: set or delete configurable properties (mmap.enabled...) of the named index. */
export function alterIndex(
  state: CatalogState,
  db: string,
  collectionName: string,
  indexName: string,
  params: KeyValue[],
  deleteKeys: string[],
  isLoaded: (collectionId: number) => boolean,
): Change {
  if (params.length > 0 && deleteKeys.length > 0) throw indexErrors.alterBoth();
  for (const key of params.length > 0 ? params.map((p) => p.key) : deleteKeys) {
    if (!CONFIGURABLE_KEYS.has(key)) throw indexErrors.alterNotConfigurable(key);
  }
  const collection = requireCollection(state, db, collectionName);
  if (indexName === '') throw indexErrors.alterEmptyName();
  if (isLoaded(collection.id)) throw indexErrors.alterWhileLoaded(collectionName);
  const found = named(collection, indexName);
  if (found.length === 0) throw indexErrors.notFound(indexName);
  const changed = new Map<number, IndexRecord>();
  for (const index of found) {
    let next: IndexRecord;
    if (params.length > 0) {
      next = { ...index, userParams: setParams(index.userParams, params), params: setParams(index.params, params) };
    } else if (deleteKeys.length > 0) {
      const keep = (p: KeyValue) => !deleteKeys.includes(p.key);
      next = { ...index, userParams: index.userParams.filter(keep), params: index.params.filter(keep) };
    } else {
      next = index;
    }
    const indexType = paramValue(next.params, INDEX_TYPE_KEY) ?? '';
    const effective = mmapParamsError(indexType, new Map(next.params.map((p) => [p.key, p.value])));
    if (effective) throw indexErrors.invalidMmapIndexParams(effective);
    const user = mmapParamsError(indexType, new Map(next.userParams.map((p) => [p.key, p.value])));
    if (user) throw indexErrors.invalidMmapUserIndexParams(user);
    changed.set(index.id, next);
  }
  const updated: CollectionRecord = {
    ...collection,
    indexes: indexesOf(collection).map((i) => changed.get(i.id) ?? i),
  };
  return { mutations: [{ op: 'putCollection', record: updated }], result: undefined };
}
