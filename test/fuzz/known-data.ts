// The known data the fuzz cases run against, and its fingerprint. Three collections cover the
// shapes a request can meet: an int64 primary key with a float vector under an HNSW index, scalar
// fields of each kind, a nullable field, a dynamic field, two partitions and an alias; a VarChar
// primary key with binary and float16 vectors; a sparse vector with a bfloat16 one. A second
// database (empty) is there for requests that name a database.
//
// The fingerprint (`knownState`) is what must not change under invalid input: the databases, the
// collections and aliases of the default database, and for each known collection its rows (all
// of them, sorted, hashed), its describe reply, its partitions and its index descriptions.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DataType, type FieldType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { statusOf } from './oracle.js';
import type { FuzzTarget, Reply } from './target.js';

export const ITEMS = 'fz_items';
export const DOCS = 'fz_docs';
export const SPARSE = 'fz_sparse';
export const ITEMS_ALIAS = 'fz_items_alias';
export const OTHER_DB = 'fz_db';
export const PARTITIONS = ['p_even', 'p_odd'] as const;

export const ITEMS_DIM = 8;
export const DOCS_BITS_DIM = 32;
export const HALF_DIM = 4;

export const KNOWN_COLLECTIONS = [ITEMS, DOCS, SPARSE] as const;
export type KnownCollection = (typeof KNOWN_COLLECTIONS)[number];

/** Every name the known data uses: a generated name equal to one of these is not "unknown". */
export const KNOWN_NAMES: ReadonlySet<string> = new Set([...KNOWN_COLLECTIONS, ITEMS_ALIAS, OTHER_DB, 'default', '_default', ...PARTITIONS]);

export interface FieldInfo {
  name: string;
  type:
    | 'Int64'
    | 'Int32'
    | 'Float'
    | 'Double'
    | 'Bool'
    | 'VarChar'
    | 'JSON'
    | 'Array'
    | 'FloatVector'
    | 'BinaryVector'
    | 'Float16Vector'
    | 'BFloat16Vector'
    | 'SparseFloatVector';
  dim?: number;
  maxLength?: number;
  nullable?: boolean;
}

export interface CollectionInfo {
  name: KnownCollection;
  fields: readonly FieldInfo[];
  pk: string;
  dynamic: boolean;
  /** The vector fields and the metric of each one's index. */
  vectors: readonly { field: string; metric: string }[];
  rows: number;
}

export const COLLECTIONS: Record<KnownCollection, CollectionInfo> = {
  [ITEMS]: {
    name: ITEMS,
    pk: 'id',
    dynamic: true,
    rows: 24,
    fields: [
      { name: 'id', type: 'Int64' },
      { name: 'vec', type: 'FloatVector', dim: ITEMS_DIM },
      { name: 'n', type: 'Int32' },
      { name: 'f', type: 'Float' },
      { name: 'b', type: 'Bool' },
      { name: 's', type: 'VarChar', maxLength: 32 },
      { name: 'j', type: 'JSON' },
      { name: 'tags', type: 'Array' },
      { name: 'opt', type: 'Int64', nullable: true },
    ],
    vectors: [{ field: 'vec', metric: 'L2' }],
  },
  [DOCS]: {
    name: DOCS,
    pk: 'key',
    dynamic: false,
    rows: 16,
    fields: [
      { name: 'key', type: 'VarChar', maxLength: 16 },
      { name: 'bits', type: 'BinaryVector', dim: DOCS_BITS_DIM },
      { name: 'half', type: 'Float16Vector', dim: HALF_DIM },
      { name: 'score', type: 'Double' },
    ],
    vectors: [
      { field: 'bits', metric: 'HAMMING' },
      { field: 'half', metric: 'L2' },
    ],
  },
  [SPARSE]: {
    name: SPARSE,
    pk: 'id',
    dynamic: false,
    rows: 12,
    fields: [
      { name: 'id', type: 'Int64' },
      { name: 'sv', type: 'SparseFloatVector' },
      { name: 'bf', type: 'BFloat16Vector', dim: HALF_DIM },
      { name: 'label', type: 'VarChar', maxLength: 24 },
    ],
    vectors: [
      { field: 'sv', metric: 'IP' },
      { field: 'bf', metric: 'COSINE' },
    ],
  },
};

function mustSucceed(reply: Reply, label: string): void {
  const s = statusOf(reply);
  assert.ok(s && s.code === 0, `seeding the known data: ${label}: ${JSON.stringify(s)}`);
}

/** A fixed pseudo-random sequence: the known data is the same in every run. */
function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Multiples of 1/8 in [-2, 2]: exact in float16 and bfloat16 as in float32. */
const eighth = (r: () => number) => Math.round((r() * 4 - 2) * 8) / 8 + 0;

async function createItems(client: MilvusClient): Promise<void> {
  const fields: FieldType[] = [
    { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
    { name: 'vec', data_type: DataType.FloatVector, dim: ITEMS_DIM },
    { name: 'n', data_type: DataType.Int32 },
    { name: 'f', data_type: DataType.Float },
    { name: 'b', data_type: DataType.Bool },
    { name: 's', data_type: DataType.VarChar, max_length: 32 },
    { name: 'j', data_type: DataType.JSON },
    { name: 'tags', data_type: DataType.Array, element_type: DataType.Int64, max_capacity: 4 },
    { name: 'opt', data_type: DataType.Int64, nullable: true },
  ];
  mustSucceed(await client.createCollection({ collection_name: ITEMS, fields, enable_dynamic_field: true }), `create ${ITEMS}`);
  for (const p of PARTITIONS) mustSucceed(await client.createPartition({ collection_name: ITEMS, partition_name: p }), `partition ${p}`);
  mustSucceed(
    await client.createIndex({
      collection_name: ITEMS,
      field_name: 'vec',
      index_type: 'HNSW',
      metric_type: 'L2',
      params: { M: 8, efConstruction: 32 },
    }),
    'index vec',
  );
  mustSucceed(await client.createAlias({ collection_name: ITEMS, alias: ITEMS_ALIAS }), 'alias');
  mustSucceed(await client.loadCollection({ collection_name: ITEMS }), `load ${ITEMS}`);
  const r = sequence(1);
  const rows = Array.from({ length: COLLECTIONS[ITEMS].rows }, (_, i) => ({
    id: i + 1,
    vec: Array.from({ length: ITEMS_DIM }, () => Math.fround(r() * 2 - 1)),
    n: (i * 37) % 101,
    f: Math.fround(r() * 100),
    b: i % 3 === 0,
    s: ['alpha', 'beta', 'gamma', 'δέλτα', '', 'with "quotes"'][i % 6]!,
    j: { k: i, name: `n${i}`, list: [i, i + 1], nested: { deep: i % 4 } },
    tags: [i, i * 2].slice(0, i % 3),
    opt: i % 4 === 0 ? null : i * 1000,
    // dynamic keys
    color: ['red', 'green', 'blue'][i % 3]!,
    weight: i / 2,
  }));
  for (const [index, partition] of PARTITIONS.entries()) {
    const part = rows.filter((row) => row.id % 2 === (index === 0 ? 0 : 1));
    mustSucceed(await client.insert({ collection_name: ITEMS, partition_name: partition, data: part }), `insert ${ITEMS}/${partition}`);
  }
}

async function createDocs(client: MilvusClient): Promise<void> {
  const fields: FieldType[] = [
    { name: 'key', data_type: DataType.VarChar, max_length: 16, is_primary_key: true, autoID: false },
    { name: 'bits', data_type: DataType.BinaryVector, dim: DOCS_BITS_DIM },
    { name: 'half', data_type: DataType.Float16Vector, dim: HALF_DIM },
    { name: 'score', data_type: DataType.Double },
  ];
  mustSucceed(await client.createCollection({ collection_name: DOCS, fields }), `create ${DOCS}`);
  mustSucceed(
    await client.createIndex({ collection_name: DOCS, field_name: 'bits', index_type: 'BIN_FLAT', metric_type: 'HAMMING' }),
    'index bits',
  );
  mustSucceed(await client.createIndex({ collection_name: DOCS, field_name: 'half', index_type: 'AUTOINDEX', metric_type: 'L2' }), 'index half');
  mustSucceed(await client.loadCollection({ collection_name: DOCS }), `load ${DOCS}`);
  const r = sequence(2);
  const rows = Array.from({ length: COLLECTIONS[DOCS].rows }, (_, i) => ({
    key: `doc-${i}`,
    bits: Array.from({ length: DOCS_BITS_DIM / 8 }, () => Math.floor(r() * 256)),
    half: Array.from({ length: HALF_DIM }, () => eighth(r)),
    score: r() * 1e6 - 5e5,
  }));
  mustSucceed(await client.insert({ collection_name: DOCS, data: rows }), `insert ${DOCS}`);
}

async function createSparse(client: MilvusClient): Promise<void> {
  const fields: FieldType[] = [
    { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
    { name: 'sv', data_type: DataType.SparseFloatVector },
    { name: 'bf', data_type: DataType.BFloat16Vector, dim: HALF_DIM },
    { name: 'label', data_type: DataType.VarChar, max_length: 24 },
  ];
  mustSucceed(await client.createCollection({ collection_name: SPARSE, fields }), `create ${SPARSE}`);
  mustSucceed(
    await client.createIndex({ collection_name: SPARSE, field_name: 'sv', index_type: 'SPARSE_INVERTED_INDEX', metric_type: 'IP' }),
    'index sv',
  );
  mustSucceed(await client.createIndex({ collection_name: SPARSE, field_name: 'bf', index_type: 'AUTOINDEX', metric_type: 'COSINE' }), 'index bf');
  mustSucceed(await client.loadCollection({ collection_name: SPARSE }), `load ${SPARSE}`);
  const r = sequence(3);
  const rows = Array.from({ length: COLLECTIONS[SPARSE].rows }, (_, i) => ({
    id: 100 + i,
    sv: Object.fromEntries(Array.from({ length: 1 + (i % 4) }, (_, k) => [String(k * 7 + i), Math.fround(r() + 0.1)])),
    bf: Array.from({ length: HALF_DIM }, () => eighth(r) || 0.5),
    label: `label ${i}`,
  }));
  mustSucceed(await client.insert({ collection_name: SPARSE, data: rows }), `insert ${SPARSE}`);
}

/** Creates the known data on a fresh server. */
export async function seedKnownData(client: MilvusClient): Promise<void> {
  mustSucceed(await client.createDatabase({ db_name: OTHER_DB }), `create database ${OTHER_DB}`);
  await createItems(client);
  await createDocs(client);
  await createSparse(client);
}

// ---- the fingerprint --------------------------------------------------------------------------

export interface KnownState {
  databases: string[];
  collections: string[];
  aliases: string[];
  byCollection: Record<string, { rowCount: number; rowsHash: string; describe: unknown; partitions: string[]; indexes: unknown }>;
}

/** JSON with object keys sorted: the same value always gives the same text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

async function mustReply(target: FuzzTarget, method: string, request: Record<string, unknown>): Promise<Reply> {
  const outcome = await target.raw(method, request);
  assert.ok(outcome.kind === 'reply', `known data: ${method} got no reply: ${JSON.stringify(outcome)}`);
  mustSucceed(outcome.reply, `known data: ${method}(${JSON.stringify(request)})`);
  return outcome.reply;
}

async function collectionState(target: FuzzTarget, info: CollectionInfo): Promise<KnownState['byCollection'][string]> {
  const query = await target.client.query({ collection_name: info.name, filter: '', output_fields: ['*'], limit: 1000 });
  mustSucceed(query, `known data: query ${info.name}`);
  const rows = [...(query.data as Record<string, unknown>[])].sort((a, b) => (String(a[info.pk]) < String(b[info.pk]) ? -1 : 1));
  const describe = await mustReply(target, 'DescribeCollection', { collection_name: info.name });
  // request_time is the time of the request, not a property of the collection.
  const { request_time: _time, ...described } = describe;
  const partitions = await mustReply(target, 'ShowPartitions', { collection_name: info.name });
  const indexes = await mustReply(target, 'DescribeIndex', { collection_name: info.name, index_name: '' });
  return {
    rowCount: rows.length,
    rowsHash: createHash('sha256').update(canonical(rows)).digest('hex'),
    describe: described,
    partitions: [...partitions.partition_names].sort(),
    indexes: (indexes.index_descriptions as Reply[]).map((d) => ({ name: d.index_name, field: d.field_name, id: d.indexID, params: d.params })),
  };
}

/** The fingerprint of the known data as the server answers it now. */
export async function knownState(target: FuzzTarget): Promise<KnownState> {
  const databases = await mustReply(target, 'ListDatabases', {});
  const collections = await mustReply(target, 'ShowCollections', { db_name: 'default' });
  const aliases = await mustReply(target, 'ListAliases', { db_name: 'default', collection_name: '' });
  const byCollection: KnownState['byCollection'] = {};
  for (const name of KNOWN_COLLECTIONS) byCollection[name] = await collectionState(target, COLLECTIONS[name]);
  return {
    databases: [...databases.db_names].sort(),
    collections: [...collections.collection_names].sort(),
    aliases: [...aliases.aliases].sort(),
    byCollection,
  };
}

/** What changed between two fingerprints, as readable lines (empty when nothing did). */
export function stateDifferences(before: KnownState, after: KnownState): string[] {
  const out: string[] = [];
  for (const key of ['databases', 'collections', 'aliases'] as const) {
    if (canonical(before[key]) !== canonical(after[key])) out.push(`${key}: ${canonical(before[key])} -> ${canonical(after[key])}`);
  }
  for (const name of KNOWN_COLLECTIONS) {
    const b = before.byCollection[name]!;
    const a = after.byCollection[name]!;
    if (b.rowCount !== a.rowCount) out.push(`${name}: ${b.rowCount} rows -> ${a.rowCount}`);
    else if (b.rowsHash !== a.rowsHash) out.push(`${name}: the rows changed (same count)`);
    for (const key of ['describe', 'partitions', 'indexes'] as const) {
      if (canonical(b[key]) !== canonical(a[key])) out.push(`${name} ${key}: ${canonical(b[key])} -> ${canonical(a[key])}`);
    }
  }
  return out;
}
