// CreateCollection's schema checks as a table (Milvus 2.6.18: proxy checks §1A, rootcoord checks
// §1B, name validators §1C, dimension §1D of the research report), plus the positive rows: every
// DataType a 2.6 collection can hold, what describe_collection returns for it, and a restart.
//
// Row = { name, setup?, request, expect: 'ok' | {code, errorCode?, reason}, check?, absent? }.
//   - request is one CreateCollectionRequest. Its `schema` is built here and serialized with
//     protobufjs from the SDK's own descriptors (milvus.proto.schema.CollectionSchema), and the
//     request is sent through the SDK's own gRPC channel (raw()): the SDK's createCollection
//     validates and reshapes fields client-side (it refuses a schema without a primary key or a
//     vector, turns `dim` into type params, cannot send duplicated type params, ...), so going
//     raw is the only way the SERVER's answer is what gets tested.
//   - expect: 'ok' = code 0 AND error_code Success; an error = exact code, legacy error_code and
//     reason (assertErr of alias-helpers).
//   - after an error the collection must not exist (HasCollection value false), unless
//     `absent: false` (rows about an existing collection).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { MilvusClient } from '@zilliz/milvus2-sdk-node';
import type protobufType from 'protobufjs';
import { startServer, removeDataDir, type RunningServer } from '../harness/server.js';
import {
  type Reply,
  type ExpectedError,
  assertOk,
  assertErr,
  raw,
  createCollection as sdkCreateCollection,
  mustCreateAlias,
  mustCreateDatabase,
} from './alias-helpers.js';

// ---------------------------------------------------------------------------------------------
// The SDK's protobuf descriptors (the ones its createCollection uses to serialize a schema).
// ---------------------------------------------------------------------------------------------
const require = createRequire(import.meta.url);
const protobuf = require('protobufjs') as typeof protobufType;
const descriptor = (require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js') as { default: protobufType.INamespace }).default;
const CollectionSchemaType = protobuf.Root.fromJSON(descriptor).lookupType('milvus.proto.schema.CollectionSchema');

type KV = Array<[string, string]>;
type Params = Record<string, string> | KV;

interface FieldSpec {
  name: string;
  /** DataType enum name, e.g. 'Int64', 'FloatVector'. */
  data_type: string;
  is_primary_key?: boolean;
  autoID?: boolean;
  /** A record, or [key, value] pairs when a key must repeat. */
  type_params?: Params;
  index_params?: Params;
  element_type?: string;
  nullable?: boolean;
  /** One member of schema.ValueField, e.g. { int_data: 5 }. */
  default_value?: Record<string, unknown>;
  is_partition_key?: boolean;
  is_clustering_key?: boolean;
  is_dynamic?: boolean;
  description?: string;
}

interface SchemaSpec {
  name: string;
  description?: string;
  fields: FieldSpec[];
  enable_dynamic_field?: boolean;
}

interface CreateSpec {
  collection_name: string;
  schema: SchemaSpec;
  db_name?: string;
  shards_num?: number;
  consistency_level?: string;
  properties?: Params;
  num_partitions?: number;
}

const pairs = (p: Params | undefined): Array<{ key: string; value: string }> =>
  (Array.isArray(p) ? p : Object.entries(p ?? {})).map(([key, value]) => ({ key, value }));

function encodeSchema(s: SchemaSpec): Uint8Array {
  const message = CollectionSchemaType.fromObject({
    name: s.name,
    description: s.description ?? '',
    enable_dynamic_field: s.enable_dynamic_field ?? false,
    fields: s.fields.map((f) => ({
      name: f.name,
      data_type: f.data_type,
      is_primary_key: f.is_primary_key ?? false,
      autoID: f.autoID ?? false,
      type_params: pairs(f.type_params),
      index_params: pairs(f.index_params),
      element_type: f.element_type ?? 'None',
      nullable: f.nullable ?? false,
      ...(f.default_value ? { default_value: f.default_value } : {}),
      is_partition_key: f.is_partition_key ?? false,
      is_clustering_key: f.is_clustering_key ?? false,
      is_dynamic: f.is_dynamic ?? false,
      description: f.description ?? '',
    })),
  });
  return CollectionSchemaType.encode(message).finish();
}

function wireRequest(r: CreateSpec): Record<string, unknown> {
  return {
    collection_name: r.collection_name,
    schema: encodeSchema(r.schema),
    ...(r.db_name !== undefined ? { db_name: r.db_name } : {}),
    ...(r.shards_num !== undefined ? { shards_num: r.shards_num } : {}),
    consistency_level: r.consistency_level ?? 'Bounded',
    properties: pairs(r.properties),
    ...(r.num_partitions !== undefined ? { num_partitions: r.num_partitions } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Context: one server for the file (restarted once, by the last test).
// ---------------------------------------------------------------------------------------------
let server: RunningServer | undefined;
let client: MilvusClient | undefined;

function c(): MilvusClient {
  assert.ok(client, 'server not started');
  return client;
}

async function create(r: CreateSpec): Promise<Reply> {
  return raw(c(), 'CreateCollection', wireRequest(r));
}

async function describeRaw(name: string, db_name?: string): Promise<Reply> {
  return raw(c(), 'DescribeCollection', { collection_name: name, ...(db_name !== undefined ? { db_name } : {}) });
}

async function mustDescribe(name: string, db_name?: string): Promise<Reply> {
  const d = await describeRaw(name, db_name);
  assertOk(d, `describe_collection(${name})`);
  return d;
}

async function mustCreate(r: CreateSpec): Promise<void> {
  assertOk(await create(r), `setup: create_collection(${r.collection_name})`);
}

/** Shared fixtures, created once on first use. */
const fixtures = new Map<string, Promise<void>>();
function fixture(key: string, make: () => Promise<void>): () => Promise<void> {
  return () => {
    let p = fixtures.get(key);
    if (!p) {
      p = make();
      fixtures.set(key, p);
    }
    return p;
  };
}

// ---------------------------------------------------------------------------------------------
// Schema shorthands
// ---------------------------------------------------------------------------------------------
const PK: FieldSpec = { name: 'id', data_type: 'Int64', is_primary_key: true };
const VEC: FieldSpec = { name: 'vec', data_type: 'FloatVector', type_params: { dim: '4' } };
const int32 = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, data_type: 'Int32', ...extra });
const fv = (name: string, dim: string): FieldSpec => ({ name, data_type: 'FloatVector', type_params: { dim } });
const varchar = (name: string, max_length: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  data_type: 'VarChar',
  type_params: { max_length },
  ...extra,
});
const array = (name: string, element_type: string, type_params: Params = { max_capacity: '4' }, extra: Partial<FieldSpec> = {}) => ({
  name,
  data_type: 'Array',
  element_type,
  type_params,
  ...extra,
});

/** collection_name = schema.name = name; fields = the given list. */
function req(name: string, fields: FieldSpec[], opts: Omit<Partial<CreateSpec>, 'schema'> & { schema?: Partial<SchemaSpec> } = {}): CreateSpec {
  const { schema, ...rest } = opts;
  return { collection_name: name, ...rest, schema: { name, fields, ...schema } };
}

/** The base schema (id Int64 primary key, vec FloatVector dim 4) plus `extra` fields. */
function base(name: string, extra: FieldSpec[] = [], opts: Parameters<typeof req>[2] = {}): CreateSpec {
  return req(name, [PK, VEC, ...extra], opts);
}

// Code shorthands (legacy error_code from the code: 100 CollectionNotExists, 1100 IllegalArgument,
// everything else UnexpectedError).
const e65535 = (reason: string): ExpectedError => ({ code: 65535, errorCode: 'UnexpectedError', reason });
const e1100 = (reason: string): ExpectedError => ({ code: 1100, errorCode: 'IllegalArgument', reason });
const e105 = (collection: string, msg: string): ExpectedError => ({
  code: 105,
  errorCode: 'UnexpectedError',
  reason: `${msg}: illegal collection schema[collection=${collection}]`,
});
const e1701 = (field: string, msg: string): ExpectedError => ({
  code: 1701,
  errorCode: 'UnexpectedError',
  reason: `${msg}: field name invalid[field=${field}]`,
});
const e800 = (db: string): ExpectedError => ({ code: 800, errorCode: 'UnexpectedError', reason: `database not found[database=${db}]` });

// Texts
const collNameFirst = (n: string) =>
  `Invalid collection name: ${n}. the first character of a collection name must be an underscore or letter: invalid parameter`;
const collNameLater = (n: string) =>
  `Invalid collection name: ${n}. collection name can only contain numbers, letters and underscores: invalid parameter`;
const collNameLong = (n: string) =>
  `Invalid collection name: ${n}. the length of a collection name must be less than 255 characters: invalid parameter`;
const fieldFirst = (f: string) => e1701(f, `Invalid field name: ${f}. The first character of a field name must be an underscore or letter.`);
const fieldLater = (f: string) => e1701(f, `Invalid field name: ${f}. Field name can only contain numbers, letters, and underscores.`);
const fieldLong = (f: string) => e1701(f, `Invalid field name: ${f}. The length of a field name must be less than 255 characters.`);
const fieldKeyword = (f: string) => e1701(f, `Invalid field name: ${f}. ${f} is keyword in milvus.`);
const fieldEmpty = e1701('', 'field name should not be empty');
const parseIntText = (v: string) => `strconv.ParseInt: parsing "${v}": invalid syntax`;
const dimTooSmall = (d: string) => e65535(`invalid dimension: ${d}. should be in range 2 ~ 32768`);
const dimFloatTooLarge = (d: string, f: string) =>
  e65535(`invalid dimension: ${d} of field ${f}. float vector dimension should be in range 2 ~ 32768`);
const dimMissing = (f: string) => e65535(`dimension is not defined in field type params of field ${f}, check type param \`dim\` for vector field`);
const maxLengthMissing = (f: string, coll: string) =>
  e65535(`type param(max_length) should be specified for the field(${f}) of collection ${coll}`);
const maxLengthRange = (f: string, v: string) =>
  e1100(`the maximum length specified for the field(${f}) should be in (0, 65535], but got ${v} instead: invalid parameter`);
const maxCapacityRange = e65535('the maximum capacity specified for a Array should be in (0, 4096]');
const nameMismatch = (c: string, s: string) =>
  e1100(`collection name = ${c}, schema.Name=${s}: invalid parameter[expected=collection name matches schema name][actual=don't match]`);
const typeMismatch = (type: string, field: string, x: string) =>
  e1100(`type (${type}) of field (${field}) is not equal to the type(${x}) of default_value: invalid parameter`);
const systemField = e1100(
  "schema contains system field: RowID, Timestamp, $meta, $namespace_id: invalid parameter[expected=schema don't contains system field][actual=contains]",
);
const noVector = e1100('schema does not contain vector field: invalid parameter');

interface Row {
  name: string;
  setup?: () => Promise<void>;
  request: CreateSpec;
  expect: 'ok' | ExpectedError;
  /** For error rows: false when the collection exists anyway (re-create rows). Default true. */
  absent?: boolean;
  check?: (reply: Reply) => Promise<void> | void;
}

/** A check that describe_collection of `name` satisfies `f`. */
const described = (name: string, f: (d: Reply) => void, db_name?: string) => async (): Promise<void> => {
  f(await mustDescribe(name, db_name));
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------------------------------------
// §1A: the proxy's checks, in order.
// ---------------------------------------------------------------------------------------------
const proxyRows: Row[] = [
  // #4 shards
  {
    name: '1A#4 shards_num 17 -> 65535 maximum shards',
    request: base('p_shards17', [], { shards_num: 17 }),
    expect: e65535("maximum shards's number should be limited to 16"),
  },
  {
    name: '1A#4 shards_num 16 is allowed (describe shards_num 16)',
    request: base('p_shards16', [], { shards_num: 16 }),
    expect: 'ok',
    check: described('p_shards16', (d) => assert.equal(d.shards_num, 16)),
  },
  // #5 fields
  {
    name: '1A#5 65 fields -> 65535 maximum field number',
    request: base(
      'p_fields65',
      range(63).map((i) => int32(`f${i}`)),
    ),
    expect: e65535("maximum field's number should be limited to 64"),
  },
  {
    name: '1A#5 64 fields are allowed',
    request: base(
      'p_fields64',
      range(62).map((i) => int32(`f${i}`)),
    ),
    expect: 'ok',
    check: described('p_fields64', (d) => assert.equal(d.schema.fields.length, 64)),
  },
  {
    name: '1A order: shards (#4) is checked before the field count (#5)',
    request: base(
      'p_order45',
      range(63).map((i) => int32(`f${i}`)),
      { shards_num: 17 },
    ),
    expect: e65535("maximum shards's number should be limited to 16"),
  },
  // #6 vector fields
  {
    name: '1A#6 11 vector fields -> 65535 maximum vector field number (limit 10)',
    request: req('p_vec11', [PK, ...range(11).map((i) => fv(`v${i}`, '4'))]),
    expect: e65535("maximum vector field's number should be limited to 10"),
  },
  {
    name: '1A#6 10 vector fields are allowed',
    request: req('p_vec10', [PK, ...range(10).map((i) => fv(`v${i}`, '4'))]),
    expect: 'ok',
    check: described('p_vec10', (d) => assert.equal(d.schema.fields.length, 11)),
  },
  {
    name: '1A order: the field count (#5) is checked before the vector count (#6)',
    request: req('p_order56', [PK, ...range(11).map((i) => fv(`v${i}`, '4')), ...range(53).map((i) => int32(`f${i}`))]),
    expect: e65535("maximum field's number should be limited to 64"),
  },
  // #7 no vector
  {
    name: '1A#7 no vector field -> 1100 schema does not contain vector field',
    request: req('p_novec', [PK, int32('a')]),
    expect: noVector,
  },
  {
    name: '1A order: the vector count (#6) is checked before the schema name (#8)',
    request: { collection_name: 'p_order68', schema: { name: '1bad', fields: [PK, ...range(11).map((i) => fv(`v${i}`, '4'))] } },
    expect: e65535("maximum vector field's number should be limited to 10"),
  },
  {
    name: '1A order: no vector field (#7) is checked before the schema name (#8)',
    request: { collection_name: 'p_order78', schema: { name: '1bad', fields: [PK] } },
    expect: noVector,
  },
  // #8 schema name (the schema's, not collection_name)
  {
    name: '1A#8 schema name "1bad" -> 1100 first-character text',
    request: base('1bad'),
    expect: e1100(collNameFirst('1bad')),
  },
  {
    name: '1A#8 schema name "a-b" -> 1100 later-character text',
    request: base('a-b'),
    expect: e1100(collNameLater('a-b')),
  },
  {
    name: '1A#8 schema name of 256 bytes -> 1100 length text',
    request: base('n'.repeat(256)),
    expect: e1100(collNameLong('n'.repeat(256))),
  },
  {
    name: '1A#8 an empty schema name is validated (not collection_name) -> 1100 should not be empty',
    request: { collection_name: 'p_sn_empty', schema: { name: '', fields: [PK, VEC] } },
    expect: e1100('collection name should not be empty: invalid parameter'),
  },
  {
    name: '1A#8 the proxy validates schema.name: a bad schema name under a good collection_name -> its text',
    request: { collection_name: 'p_sn_good', schema: { name: '9x', fields: [PK, VEC] } },
    expect: e1100(collNameFirst('9x')),
  },
  {
    name: '1A#8 collection_name itself is not validated by the proxy: "bad-c" with schema "okname" reaches the rootcoord name check',
    request: { collection_name: 'bad-c', schema: { name: 'okname', fields: [PK, VEC] } },
    expect: nameMismatch('bad-c', 'okname'),
    absent: false, // "bad-c" cannot be looked up (invalid name)
  },
  {
    name: '1A order: the schema name (#8) is checked before the primary key (#9)',
    request: req('1x', [PK, { ...PK, name: 'id2' }, VEC]),
    expect: e1100(collNameFirst('1x')),
  },
  // #9 primary key
  {
    name: '1A#9a two primary keys -> 65535 more than one primary key (names in field order)',
    request: base('p_pk_two', [{ name: 'id2', data_type: 'Int64', is_primary_key: true }]),
    expect: e65535('there are more than one primary key, field name = id, id2'),
  },
  {
    name: '1A#9b primary key of type Int32 -> 65535',
    request: req('p_pk_int32', [{ name: 'id', data_type: 'Int32', is_primary_key: true }, VEC]),
    expect: e65535('the data type of primary key should be Int64 or VarChar'),
  },
  {
    name: '1A#9b primary key of type JSON -> 65535 (1E)',
    request: req('p_pk_json', [{ name: 'id', data_type: 'JSON', is_primary_key: true }, VEC]),
    expect: e65535('the data type of primary key should be Int64 or VarChar'),
  },
  {
    name: '1A#9c no primary key -> 65535 primary key is not specified',
    request: req('p_pk_none', [int32('a'), VEC]),
    expect: e65535('primary key is not specified'),
  },
  {
    name: '1A#9 a VarChar primary key with autoID is allowed in 2.6',
    request: req('p_pk_varchar_auto', [varchar('pk', '64', { is_primary_key: true, autoID: true }), VEC]),
    expect: 'ok',
    check: described('p_pk_varchar_auto', (d) => {
      const pk = d.schema.fields[0];
      assert.deepEqual(
        { name: pk.name, data_type: pk.data_type, is_primary_key: pk.is_primary_key, autoID: pk.autoID },
        { name: 'pk', data_type: 'VarChar', is_primary_key: true, autoID: true },
      );
      assert.equal(d.schema.autoID, false, 'collection-level autoID is always false');
    }),
  },
  // #10 dynamic field
  {
    name: '1A#10 a field with is_dynamic=true -> 65535 cannot explicitly set a dynamic field',
    request: base('p_dyn', [{ name: 'dyn', data_type: 'JSON', is_dynamic: true }]),
    expect: e65535('cannot explicitly set a field as a dynamic field'),
  },
  {
    name: '1A#10 a client-listed "$meta" JSON field with is_dynamic=true (and enable_dynamic_field) -> 65535 too',
    request: base('p_dyn_meta', [{ name: '$meta', data_type: 'JSON', is_dynamic: true }], { schema: { enable_dynamic_field: true } }),
    expect: e65535('cannot explicitly set a field as a dynamic field'),
  },
  // #11 autoID
  {
    name: '1A#11 two autoID fields -> 65535 only one field can speficy AutoID',
    request: req('p_auto_two', [{ ...PK, autoID: true }, VEC, { name: 'a', data_type: 'Int64', autoID: true }]),
    expect: e65535('only one field can speficy AutoID with true, field name = id, a'),
  },
  {
    name: '1A#11 autoID on a non-primary field -> 65535 only primary field can speficy AutoID',
    request: base('p_auto_nonpk', [{ name: 'a', data_type: 'Int64', autoID: true }]),
    expect: e65535('only primary field can speficy AutoID with true, field name = a'),
  },
  // #12 field types
  {
    name: '1A#12 a String field -> 65535 use VarChar',
    request: base('p_type_string', [{ name: 's', data_type: 'String' }]),
    expect: e65535('string data type not supported yet, please use VarChar type instead'),
  },
  {
    name: '1A#12 a field of type None -> 65535 data type None is not valid',
    request: base('p_type_none', [{ name: 'n', data_type: 'None' }]),
    expect: e65535('data type None is not valid'),
  },
  {
    name: '1A#12 Array with element type None -> 65535',
    request: base('p_arr_none', [array('arr', 'None')]),
    expect: e65535('element data type None is not valid'),
  },
  {
    name: '1A#12 Array with element type String -> 65535 use VarChar',
    request: base('p_arr_string', [array('arr', 'String')]),
    expect: e65535('string data type not supported yet, please use VarChar type instead'),
  },
  {
    name: '1A#12 Array with element type JSON -> 65535 element type JSON is not supported',
    request: base('p_arr_json', [array('arr', 'JSON')]),
    expect: e65535('element type JSON is not supported'),
  },
  {
    name: '1A#12 Array with element type FloatVector -> 65535 element type FloatVector is not supported',
    request: base('p_arr_fv', [array('arr', 'FloatVector')]),
    expect: e65535('element type FloatVector is not supported'),
  },
  {
    name: '1A order: the field type (#12) is checked before max_capacity (#20d): Array<JSON> without max_capacity',
    request: base('p_order12_20', [array('arr', 'JSON', {})]),
    expect: e65535('element type JSON is not supported'),
  },
  // #13 partition key
  {
    name: '1A#13a two partition keys -> 65535',
    request: base('p_pk2', [{ name: 'p1', data_type: 'Int64', is_partition_key: true }, varchar('p2', '16', { is_partition_key: true })]),
    expect: e65535('there are more than one partition key, field name = p1, p2'),
  },
  {
    name: '1A#13b the partition key is the primary key -> 65535',
    request: req('p_pkey_primary', [{ ...PK, is_partition_key: true }, VEC]),
    expect: e65535('the partition key field must not be primary field'),
  },
  {
    name: '1A#13c a nullable partition key -> 1100',
    request: base('p_pkey_nullable', [{ name: 'p', data_type: 'Int64', is_partition_key: true, nullable: true }]),
    expect: e1100('partition key field not support nullable: invalid parameter'),
  },
  {
    name: '1A#13d a partition key of type Int32 -> 65535',
    request: base('p_pkey_int32', [int32('p', { is_partition_key: true })]),
    expect: e65535('the data type of partition key should be Int64 or VarChar'),
  },
  {
    name: '1A#13d a partition key of type JSON -> 65535 (1E)',
    request: base('p_pkey_json', [{ name: 'p', data_type: 'JSON', is_partition_key: true }]),
    expect: e65535('the data type of partition key should be Int64 or VarChar'),
  },
  {
    name: '1A#13e num_partitions -1 with a partition key -> 65535',
    request: base('p_pkey_neg', [{ name: 'p', data_type: 'Int64', is_partition_key: true }], { num_partitions: -1 }),
    expect: e65535('the specified partitions should be greater than 0 if partition key is used'),
  },
  {
    name: '1A#13f num_partitions 1025 with a partition key -> 1100 exceeds max configuration (1024)',
    request: base('p_pkey_1025', [{ name: 'p', data_type: 'Int64', is_partition_key: true }], { num_partitions: 1025 }),
    expect: e1100('partition number (1025) exceeds max configuration (1024): invalid parameter'),
  },
  {
    name: '1A#13f num_partitions 1024 with a partition key is allowed (describe num_partitions 1024)',
    request: base('p_pkey_1024', [{ name: 'p', data_type: 'Int64', is_partition_key: true }], { num_partitions: 1024 }),
    expect: 'ok',
    check: described('p_pkey_1024', (d) => assert.equal(d.num_partitions, '1024')),
  },
  {
    name: '1A#13 num_partitions 0 with a partition key -> 16 partitions',
    request: base('p_pkey_default', [varchar('p', '16', { is_partition_key: true })]),
    expect: 'ok',
    check: described('p_pkey_default', (d) => {
      assert.equal(d.num_partitions, '16');
      assert.equal(d.schema.fields[2].is_partition_key, true);
    }),
  },
  {
    name: '1A#13h num_partitions 5 without a partition key -> 65535',
    request: base('p_parts_nokey', [], { num_partitions: 5 }),
    expect: e65535('num_partitions should only be specified with partition key field enabled'),
  },
  {
    name: '1A#13h num_partitions -1 without a partition key -> 65535 (negative values included)',
    request: base('p_parts_nokey_neg', [], { num_partitions: -1 }),
    expect: e65535('num_partitions should only be specified with partition key field enabled'),
  },
  {
    name: '1A#13 without a partition key the collection has 1 partition',
    request: base('p_parts_one'),
    expect: 'ok',
    check: described('p_parts_one', (d) => assert.equal(d.num_partitions, '1')),
  },
  // #14 - #17 properties
  {
    name: '1A#14 partitionkey.isolation=true without a partition key -> 105 (request collection_name)',
    request: base('p_iso', [], { properties: { 'partitionkey.isolation': 'true' } }),
    expect: e105('p_iso', 'partition key isolation mode is enabled but no partition key field is set. Please set the partition key first'),
  },
  {
    name: '1A#16 an invalid timezone property -> 1100 unknown or invalid IANA Time Zone ID',
    request: base('p_tz_bad', [], { properties: { timezone: 'Mars/Olympus_Mons' } }),
    expect: e1100('unknown or invalid IANA Time Zone ID: Mars/Olympus_Mons: invalid parameter'),
  },
  {
    name: '1A#17 collection.ttl.seconds "abc" -> 1100 not a valid positive integer',
    request: base('p_ttl_abc', [], { properties: { 'collection.ttl.seconds': 'abc' } }),
    expect: e1100('collection TTL is not a valid positive integer: invalid parameter'),
  },
  {
    name: '1A#17b collection.ttl.seconds -2 -> 1100 out of range',
    request: base('p_ttl_neg', [], { properties: { 'collection.ttl.seconds': '-2' } }),
    expect: e1100('collection TTL is out of range, expect [-1, 3155760000], got -2: invalid parameter'),
  },
  // #19 clustering key
  {
    name: '1A#19a a JSON clustering key -> 105 unsupported data type',
    request: base('p_ck_json', [{ name: 'j', data_type: 'JSON', is_clustering_key: true }]),
    expect: e105('p_ck_json', 'clustering key field j has unsupported data type JSON'),
  },
  {
    name: '1A#19b a FloatVector clustering key -> 107 vector clustering key not allowed',
    request: req('p_ck_vec', [PK, { ...VEC, is_clustering_key: true }]),
    expect: { code: 107, errorCode: 'UnexpectedError', reason: 'vector clustering key not allowed[collection=p_ck_vec]' },
  },
  {
    name: '1A#19c two clustering keys -> 105 more than one clustering key',
    request: base('p_ck_two', [{ name: 'a', data_type: 'Int64', is_clustering_key: true }, varchar('b', '16', { is_clustering_key: true })]),
    expect: e105('p_ck_two', 'there are more than one clustering key, field name = a, b'),
  },
  {
    name: '1A#19 the clustering-key texts name the request collection_name (checked before the rootcoord name match)',
    request: {
      collection_name: 'p_ck_req',
      schema: { name: 'p_ck_schema', fields: [PK, VEC, { name: 'j', data_type: 'JSON', is_clustering_key: true }] },
    },
    expect: e105('p_ck_req', 'clustering key field j has unsupported data type JSON'),
  },
  {
    name: '1A#19 one Int64 clustering key is allowed (describe is_clustering_key)',
    request: base('p_ck_ok', [{ name: 'a', data_type: 'Int64', is_clustering_key: true }]),
    expect: 'ok',
    check: described('p_ck_ok', (d) => assert.equal(d.schema.fields[2].is_clustering_key, true)),
  },
];

// ---------------------------------------------------------------------------------------------
// §1C field names (20a): code 1701, trimmed name in the texts.
// ---------------------------------------------------------------------------------------------
const F255 = 'g'.repeat(255);
const F256 = 'h'.repeat(256);
const fieldNameRows: Row[] = [
  { name: '1C field name "" -> 1701 should not be empty', request: base('fn_empty', [int32('')]), expect: fieldEmpty },
  { name: '1C field name of spaces only -> 1701 should not be empty (trimmed)', request: base('fn_spaces', [int32('   ')]), expect: fieldEmpty },
  { name: '1C field name "$meta" -> 1701 first-character text', request: base('fn_meta', [int32('$meta')]), expect: fieldFirst('$meta') },
  { name: '1C field name "1a" -> 1701 first-character text', request: base('fn_1a', [int32('1a')]), expect: fieldFirst('1a') },
  { name: '1C field name "a-b" -> 1701 later-character text (Oxford comma)', request: base('fn_ab', [int32('a-b')]), expect: fieldLater('a-b') },
  { name: '1C field name of 256 bytes -> 1701 length text', request: base('fn_256', [int32(F256)]), expect: fieldLong(F256) },
  {
    name: '1C a 255-byte field name is allowed',
    request: base('fn_255', [int32(F255)]),
    expect: 'ok',
    check: described('fn_255', (d) => assert.equal(d.schema.fields[2].name, F255)),
  },
  { name: '1C field name "like" -> 1701 keyword text', request: base('fn_like', [int32('like')]), expect: fieldKeyword('like') },
  { name: '1C field name "TRUE" -> 1701 keyword text', request: base('fn_true', [int32('TRUE')]), expect: fieldKeyword('TRUE') },
  {
    name: '1C keywords are case-sensitive: "Like" is allowed',
    request: base('fn_Like', [int32('Like')]),
    expect: 'ok',
    check: described('fn_Like', (d) => assert.equal(d.schema.fields[2].name, 'Like')),
  },
  { name: '1C field name " a-b " is trimmed: the text names "a-b"', request: base('fn_trim_ab', [int32(' a-b ')]), expect: fieldLater('a-b') },
  {
    name: '1C field name " like " is trimmed: keyword text for "like"',
    request: base('fn_trim_like', [int32(' like ')]),
    expect: fieldKeyword('like'),
  },
  { name: '1C field name " 1a" is trimmed: first-character text for "1a"', request: base('fn_trim_1a', [int32(' 1a')]), expect: fieldFirst('1a') },
  {
    name: '1C the primary key name is checked too: "id-x" -> 1701',
    request: req('fn_pk', [{ ...PK, name: 'id-x' }, VEC]),
    expect: fieldLater('id-x'),
  },
  {
    name: '1A#20 fields are checked in order: the first bad field decides ("1a" before "a-b")',
    request: base('fn_order', [int32('1a'), int32('a-b')]),
    expect: fieldFirst('1a'),
  },
  {
    name: '1A#20 within one field the name (20a) is checked before the dimension (20b)',
    request: req('fn_before_dim', [PK, fv('v-1', '1')]),
    expect: fieldLater('v-1'),
  },
  {
    name: '1A#20 field order wins over check order: a bad dim in field 2 before a bad name in field 3',
    request: req('fn_dim_first', [PK, fv('vec', '1'), int32('a-b')]),
    expect: dimTooSmall('1'),
  },
  {
    name: '1A order: the clustering key (#19) is checked before field names (#20a)',
    request: base('fn_after_ck', [int32('a-b'), { name: 'j', data_type: 'JSON', is_clustering_key: true }]),
    expect: e105('fn_after_ck', 'clustering key field j has unsupported data type JSON'),
  },
];

// ---------------------------------------------------------------------------------------------
// §1D dimension (20b): all 65535.
// ---------------------------------------------------------------------------------------------
const dimRows: Row[] = [
  {
    name: '1D dim missing -> 65535 dimension is not defined',
    request: req('d_missing', [PK, { name: 'vec', data_type: 'FloatVector' }]),
    expect: dimMissing('vec'),
  },
  { name: '1D dim "abc" -> 65535 strconv.ParseInt text', request: req('d_abc', [PK, fv('vec', 'abc')]), expect: e65535(parseIntText('abc')) },
  { name: '1D dim "4.0" -> 65535 strconv.ParseInt text', request: req('d_float', [PK, fv('vec', '4.0')]), expect: e65535(parseIntText('4.0')) },
  { name: '1D dim 1 -> 65535 should be in range 2 ~ 32768', request: req('d_1', [PK, fv('vec', '1')]), expect: dimTooSmall('1') },
  { name: '1D dim 0 -> 65535 should be in range 2 ~ 32768', request: req('d_0', [PK, fv('vec', '0')]), expect: dimTooSmall('0') },
  {
    name: '1D dim 2 is allowed (the minimum)',
    request: req('d_2', [PK, fv('vec', '2')]),
    expect: 'ok',
    check: described('d_2', (d) => assert.deepEqual(d.schema.fields[1].type_params, [{ key: 'dim', value: '2' }])),
  },
  { name: '1D dim 32768 (FloatVector) is allowed', request: req('d_32768', [PK, fv('vec', '32768')]), expect: 'ok' },
  {
    name: '1D dim 32769 FloatVector -> 65535 float vector range',
    request: req('d_32769', [PK, fv('vec', '32769')]),
    expect: dimFloatTooLarge('32769', 'vec'),
  },
  {
    name: '1D dim 32769 Float16Vector -> 65535 float vector range',
    request: req('d_f16', [PK, { name: 'h', data_type: 'Float16Vector', type_params: { dim: '32769' } }]),
    expect: dimFloatTooLarge('32769', 'h'),
  },
  {
    name: '1D dim 32769 BFloat16Vector -> 65535 float vector range',
    request: req('d_bf16', [PK, { name: 'bh', data_type: 'BFloat16Vector', type_params: { dim: '32769' } }]),
    expect: dimFloatTooLarge('32769', 'bh'),
  },
  {
    name: '1D dim 32769 Int8Vector -> 65535 float vector range',
    request: req('d_i8', [PK, { name: 'iv', data_type: 'Int8Vector', type_params: { dim: '32769' } }]),
    expect: dimFloatTooLarge('32769', 'iv'),
  },
  {
    name: '1D binary dim 12 -> 65535 multiple of 8 (trailing space)',
    request: req('d_bin12', [PK, { name: 'bv', data_type: 'BinaryVector', type_params: { dim: '12' } }]),
    expect: e65535('invalid dimension: 12 of field bv. binary vector dimension should be multiple of 8. '),
  },
  {
    name: '1D binary dim 262152 -> 65535 binary range 2 ~ 262144',
    request: req('d_bin_big', [PK, { name: 'bv', data_type: 'BinaryVector', type_params: { dim: '262152' } }]),
    expect: e65535('invalid dimension: 262152 of field bv. binary vector dimension should be in range 2 ~ 262144'),
  },
  {
    name: '1D binary dim 1 -> 65535 should be in range 2 ~ 32768 (dim <= 1 comes first)',
    request: req('d_bin1', [PK, { name: 'bv', data_type: 'BinaryVector', type_params: { dim: '1' } }]),
    expect: dimTooSmall('1'),
  },
  {
    name: '1D binary dim 262144 is allowed',
    request: req('d_bin_max', [PK, { name: 'bv', data_type: 'BinaryVector', type_params: { dim: '262144' } }]),
    expect: 'ok',
  },
  {
    name: '1D SparseFloatVector with a dim -> 65535 dim should not be specified (field id 0)',
    request: req('d_sparse_dim', [PK, { name: 'sv', data_type: 'SparseFloatVector', type_params: { dim: '4' } }]),
    expect: e65535('dim should not be specified for sparse vector field sv(0)'),
  },
  {
    name: '1D SparseFloatVector with dim "abc" -> 65535 strconv text (dim is parsed first)',
    request: req('d_sparse_abc', [PK, { name: 'sv', data_type: 'SparseFloatVector', type_params: { dim: 'abc' } }]),
    expect: e65535(parseIntText('abc')),
  },
  {
    name: '1D SparseFloatVector without dim is allowed',
    request: req('d_sparse_ok', [PK, { name: 'sv', data_type: 'SparseFloatVector' }]),
    expect: 'ok',
    check: described('d_sparse_ok', (d) => assert.deepEqual(d.schema.fields[1].type_params, [])),
  },
];

// ---------------------------------------------------------------------------------------------
// 20c max_length, 20d max_capacity, 22 duplicated names.
// ---------------------------------------------------------------------------------------------
const paramRows: Row[] = [
  {
    name: '20c VarChar without max_length -> 65535 (names the field and schema.name)',
    request: base('ml_missing', [{ name: 's', data_type: 'VarChar' }]),
    expect: maxLengthMissing('s', 'ml_missing'),
  },
  {
    name: '20c VarChar primary key without max_length -> 65535',
    request: req('ml_pk', [{ name: 'pk', data_type: 'VarChar', is_primary_key: true }, VEC]),
    expect: maxLengthMissing('pk', 'ml_pk'),
  },
  {
    name: '20c the max_length text names schema.name, not collection_name',
    request: { collection_name: 'ml_req', schema: { name: 'ml_schema', fields: [PK, VEC, { name: 's', data_type: 'VarChar' }] } },
    expect: maxLengthMissing('s', 'ml_schema'),
  },
  { name: '20c max_length "x" -> 65535 strconv text', request: base('ml_x', [varchar('s', 'x')]), expect: e65535(parseIntText('x')) },
  { name: '20c max_length 0 -> 1100 (0, 65535]', request: base('ml_0', [varchar('s', '0')]), expect: maxLengthRange('s', '0') },
  { name: '20c max_length 65536 -> 1100 (0, 65535]', request: base('ml_65536', [varchar('s', '65536')]), expect: maxLengthRange('s', '65536') },
  {
    name: '20c max_length 65535 is allowed',
    request: base('ml_65535', [varchar('s', '65535')]),
    expect: 'ok',
    check: described('ml_65535', (d) => assert.deepEqual(d.schema.fields[2].type_params, [{ key: 'max_length', value: '65535' }])),
  },
  {
    name: '20c Array<VarChar> without max_length -> 65535 max_length text',
    request: base('ml_arr', [array('arr', 'VarChar', { max_capacity: '4' })]),
    expect: maxLengthMissing('arr', 'ml_arr'),
  },
  {
    name: '20c before 20d: Array<VarChar> without max_length nor max_capacity -> max_length text',
    request: base('ml_arr_none', [array('arr', 'VarChar', {})]),
    expect: maxLengthMissing('arr', 'ml_arr_none'),
  },
  {
    name: '20d Array without max_capacity -> 65535 (names the field and schema.name)',
    request: base('mc_missing', [array('arr', 'Int32', {})]),
    expect: e65535('type param(max_capacity) should be specified for array field arr of collection mc_missing'),
  },
  {
    name: '20d max_capacity "x" -> 65535 must be an integer',
    request: base('mc_x', [array('arr', 'Int32', { max_capacity: 'x' })]),
    expect: e65535('the value for max_capacity of field arr must be an integer'),
  },
  {
    name: '20d max_capacity 0 -> 65535 (0, 4096]',
    request: base('mc_0', [array('arr', 'Int32', { max_capacity: '0' })]),
    expect: maxCapacityRange,
  },
  {
    name: '20d max_capacity 4097 -> 65535 (0, 4096]',
    request: base('mc_4097', [array('arr', 'Int32', { max_capacity: '4097' })]),
    expect: maxCapacityRange,
  },
  {
    name: '20d max_capacity 4096 is allowed',
    request: base('mc_4096', [array('arr', 'Int32', { max_capacity: '4096' })]),
    expect: 'ok',
    check: described('mc_4096', (d) => {
      const f = d.schema.fields[2];
      assert.deepEqual(
        { element_type: f.element_type, type_params: f.type_params },
        { element_type: 'Int32', type_params: [{ key: 'max_capacity', value: '4096' }] },
      );
    }),
  },
  {
    name: '22 duplicated field name -> 65535 duplicated field name f found',
    request: base('dup_f', [int32('f'), int32('f')]),
    expect: e65535('duplicated field name f found'),
  },
  {
    name: '22 a duplicated vector field name -> 65535',
    request: req('dup_vec', [PK, VEC, VEC]),
    expect: e65535('duplicated field name vec found'),
  },
  {
    name: '22 is checked AFTER per-field checks: duplicated "f" and a later bad dim -> the dim text',
    request: req('dup_then_dim', [PK, int32('f'), int32('f'), fv('vec', '1')]),
    expect: dimTooSmall('1'),
  },
  {
    name: '22 is checked AFTER per-field checks: duplicated "f" and a later bad field name -> 1701',
    request: base('dup_then_name', [int32('f'), int32('f'), int32('a-b')]),
    expect: fieldLater('a-b'),
  },
  {
    name: '22 is checked AFTER per-field checks: duplicated "s" and a later VarChar without max_length -> max_length text',
    request: base('dup_then_ml', [int32('s'), int32('s'), { name: 't', data_type: 'VarChar' }]),
    expect: maxLengthMissing('t', 'dup_then_ml'),
  },
];

// ---------------------------------------------------------------------------------------------
// §1B rootcoord: after the proxy and after the database lookup.
// ---------------------------------------------------------------------------------------------
const rootcoordRows: Row[] = [
  // database lookup (800) between the proxy's checks and rootcoord's
  {
    name: '1B#1 a missing database -> 800 database not found',
    request: base('rc_nodb', [], { db_name: 'rc_no_such_db' }),
    expect: e800('rc_no_such_db'),
    absent: false, // the database does not exist: nothing to look up
  },
  {
    name: '1B#1 comes after the proxy: a missing database and no vector field -> 1100 no vector field',
    request: req('rc_nodb_novec', [PK], { db_name: 'rc_no_such_db' }),
    expect: noVector,
    absent: false,
  },
  {
    name: '1B#1 comes after the proxy: a missing database and dim 1 -> the dim text',
    request: req('rc_nodb_dim', [PK, fv('vec', '1')], { db_name: 'rc_no_such_db' }),
    expect: dimTooSmall('1'),
    absent: false,
  },
  {
    name: '1B#1 comes after the proxy: a missing database and a duplicated field -> the duplicate text',
    request: base('rc_nodb_dup', [int32('f'), int32('f')], { db_name: 'rc_no_such_db' }),
    expect: e65535('duplicated field name f found'),
    absent: false,
  },
  {
    name: '1B#1 comes before rootcoord: a missing database and a nullable primary key -> 800',
    request: req('rc_nodb_null', [{ ...PK, nullable: true }, VEC], { db_name: 'rc_no_such_db' }),
    expect: e800('rc_no_such_db'),
    absent: false,
  },
  {
    name: '1B#1 comes before rootcoord: a missing database and a name mismatch -> 800',
    request: { collection_name: 'rc_nodb_a', db_name: 'rc_no_such_db', schema: { name: 'rc_nodb_b', fields: [PK, VEC] } },
    expect: e800('rc_no_such_db'),
    absent: false,
  },
  // 4a name mismatch
  {
    name: '1B#4a collection_name != schema.name -> 1100 exact text',
    request: { collection_name: 'rc_mm_a', schema: { name: 'rc_mm_b', fields: [PK, VEC] } },
    expect: nameMismatch('rc_mm_a', 'rc_mm_b'),
  },
  {
    name: '1B#4a the name match is checked before field schemas: mismatch and a nullable primary key -> mismatch text',
    request: { collection_name: 'rc_mm_c', schema: { name: 'rc_mm_d', fields: [{ ...PK, nullable: true }, VEC] } },
    expect: nameMismatch('rc_mm_c', 'rc_mm_d'),
  },
  // 4b checkFieldSchema
  {
    name: '1B#4b a nullable Int64 primary key -> 1100 primary field not support null',
    request: req('rc_pk_null', [{ ...PK, nullable: true }, VEC]),
    expect: e1100('primary field not support null, type:Int64, name:id: invalid parameter'),
  },
  {
    name: '1B#4b a nullable VarChar primary key -> 1100 (type:VarChar)',
    request: req('rc_pk_null_vc', [varchar('pk', '8', { is_primary_key: true, nullable: true }), VEC]),
    expect: e1100('primary field not support null, type:VarChar, name:pk: invalid parameter'),
  },
  {
    name: '1B after 1A: a nullable primary key and dim 1 -> the proxy dim text',
    request: req('rc_pk_null_dim', [{ ...PK, nullable: true }, fv('vec', '1')]),
    expect: dimTooSmall('1'),
  },
  {
    name: '1B#4b a nullable vector field is allowed in 2.6.18',
    request: req('rc_vec_null', [PK, { ...VEC, nullable: true }]),
    expect: 'ok',
    check: described('rc_vec_null', (d) => assert.equal(d.schema.fields[1].nullable, true)),
  },
  {
    name: '1B#4b a default value on the primary key -> 1100 primary field not support default_value',
    request: req('rc_dv_pk', [{ ...PK, default_value: { long_data: '5' } }, VEC]),
    expect: e1100('primary field not support default_value, type:Int64, name:id: invalid parameter'),
  },
  {
    name: '1B#4b a default value on a FloatVector -> 1100 type not support default_value',
    request: req('rc_dv_vec', [PK, { ...VEC, default_value: { float_data: 1 } }]),
    expect: e1100('type not support default_value, type:FloatVector, name:vec: invalid parameter'),
  },
  {
    name: '1B#4b a default value on a SparseFloatVector -> 1100 type not support default_value',
    request: req('rc_dv_sparse', [PK, { name: 'sv', data_type: 'SparseFloatVector', default_value: { bytes_data: Buffer.from('x') } }]),
    expect: e1100('type not support default_value, type:SparseFloatVector, name:sv: invalid parameter'),
  },
  {
    name: '1B#4b a default value on JSON -> 1100 type not support default_value',
    request: base('rc_dv_json', [{ name: 'j', data_type: 'JSON', default_value: { bytes_data: Buffer.from('{}') } }]),
    expect: e1100('type not support default_value, type:JSON, name:j: invalid parameter'),
  },
  {
    name: '1B#4b a default value on an Array -> 1100 type not support default_value',
    request: base('rc_dv_arr', [array('arr', 'Int32', { max_capacity: '4' }, { default_value: { int_data: 1 } })]),
    expect: e1100('type not support default_value, type:Array, name:arr: invalid parameter'),
  },
  {
    name: '1B#4b Geometry with a default that is not WKT -> 1100 invalid default value for geometry field',
    request: base('rc_dv_geo_bad', [{ name: 'g', data_type: 'Geometry', default_value: { string_data: 'not a shape' } }]),
    expect: e1100('invalid default value for geometry field: invalid parameter'),
  },
  {
    name: '1B#4b Geometry with a non-string default (int_data: no WKT at all) -> 1100 invalid default value for geometry field',
    request: base('rc_dv_geo_int', [{ name: 'g', data_type: 'Geometry', default_value: { int_data: 1 } }]),
    expect: e1100('invalid default value for geometry field: invalid parameter'),
  },
  {
    name: '1B#4b Geometry with a valid WKT default is allowed',
    request: base('rc_dv_geo_ok', [{ name: 'g', data_type: 'Geometry', default_value: { string_data: 'POINT (1 2)' } }]),
    expect: 'ok',
  },
  // type mismatch texts
  {
    name: '1B#4b long_data on Int32 -> 1100 type(DataType_Int64)',
    request: base('rc_tm_i32', [int32('i', { default_value: { long_data: '1' } })]),
    expect: typeMismatch('Int32', 'i', 'DataType_Int64'),
  },
  {
    name: '1B#4b int_data on Int64 -> 1100 type(DataType_Int)',
    request: base('rc_tm_i64', [{ name: 'l', data_type: 'Int64', default_value: { int_data: 1 } }]),
    expect: typeMismatch('Int64', 'l', 'DataType_Int'),
  },
  {
    name: '1B#4b string_data on Bool -> 1100 type(DataType_VarChar)',
    request: base('rc_tm_bool', [{ name: 'b', data_type: 'Bool', default_value: { string_data: 'true' } }]),
    expect: typeMismatch('Bool', 'b', 'DataType_VarChar'),
  },
  {
    name: '1B#4b bool_data on VarChar -> 1100 type(DataType_Bool)',
    request: base('rc_tm_vc', [varchar('s', '8', { default_value: { bool_data: true } })]),
    expect: typeMismatch('VarChar', 's', 'DataType_Bool'),
  },
  {
    name: '1B#4b double_data on Float -> 1100 type(DataType_Double)',
    request: base('rc_tm_float', [{ name: 'f', data_type: 'Float', default_value: { double_data: 1.5 } }]),
    expect: typeMismatch('Float', 'f', 'DataType_Double'),
  },
  {
    name: '1B#4b float_data on Double -> 1100 type(DataType_Float)',
    request: base('rc_tm_double', [{ name: 'd', data_type: 'Double', default_value: { float_data: 1.5 } }]),
    expect: typeMismatch('Double', 'd', 'DataType_Float'),
  },
  {
    name: '1B#4b bytes_data on VarChar -> 1100 type(DataType_SJON) (typo kept)',
    request: base('rc_tm_bytes', [varchar('s', '8', { default_value: { bytes_data: Buffer.from('{}') } })]),
    expect: typeMismatch('VarChar', 's', 'DataType_SJON'),
  },
  {
    name: '1B#4b timestamptz_data on Int64 -> 1100 type(DataType_Timestamptz)',
    request: base('rc_tm_tstz', [{ name: 'l', data_type: 'Int64', default_value: { timestamptz_data: '1' } }]),
    expect: typeMismatch('Int64', 'l', 'DataType_Timestamptz'),
  },
  {
    name: '1B#4b string_data on Text -> 1100 type(DataType_VarChar) (string defaults fit VarChar and Timestamptz only)',
    request: base('rc_tm_text', [{ name: 't', data_type: 'Text', default_value: { string_data: 'x' } }]),
    expect: typeMismatch('Text', 't', 'DataType_VarChar'),
  },
  {
    name: '1B#4b Int8 default 200 -> 1100 default value out of range',
    request: base('rc_i8_200', [{ name: 'b8', data_type: 'Int8', default_value: { int_data: 200 } }]),
    expect: e1100('default value out of range: invalid parameter[200 out of range -128 <= value <= 127]'),
  },
  {
    name: '1B#4b Int8 default -129 -> 1100 default value out of range',
    request: base('rc_i8_neg', [{ name: 'b8', data_type: 'Int8', default_value: { int_data: -129 } }]),
    expect: e1100('default value out of range: invalid parameter[-129 out of range -128 <= value <= 127]'),
  },
  {
    name: '1B#4b Int16 default 40000 -> 1100 default value out of range',
    request: base('rc_i16', [{ name: 's16', data_type: 'Int16', default_value: { int_data: 40000 } }]),
    expect: e1100('default value out of range: invalid parameter[40000 out of range -32768 <= value <= 32767]'),
  },
  {
    name: '1B#4b VarChar default longer than max_length -> 1100 exact text',
    request: base('rc_vc_long', [varchar('s', '3', { default_value: { string_data: 'abcd' } })]),
    expect: e1100(
      'the length (4) of string exceeds max length (3): invalid parameter[expected=valid length string][actual=string length exceeds max length]',
    ),
  },
  {
    name: '1B#4b a VarChar default of exactly max_length is allowed',
    request: base('rc_vc_exact', [varchar('s', '3', { default_value: { string_data: 'abc' } })]),
    expect: 'ok',
  },
  {
    name: '1B#4b a duplicated type param key -> 1100 duplicated type param key "dim"',
    request: req('rc_dup_tp', [
      PK,
      {
        name: 'vec',
        data_type: 'FloatVector',
        type_params: [
          ['dim', '4'],
          ['dim', '4'],
        ],
      },
    ]),
    expect: e1100('duplicated type param key "dim": invalid parameter'),
  },
  {
    name: '1B#4b a duplicated index param key -> 1100 duplicated index param key "k"',
    request: base('rc_dup_ip', [
      int32('i', {
        index_params: [
          ['k', '1'],
          ['k', '2'],
        ],
      }),
    ]),
    expect: e1100('duplicated index param key "k": invalid parameter'),
  },
  // 4e system field names
  {
    name: '1B#4e a field named RowID -> 1100 schema contains system field',
    request: base('rc_rowid', [{ name: 'RowID', data_type: 'Int64' }]),
    expect: systemField,
  },
  {
    name: '1B#4e a field named Timestamp -> 1100 schema contains system field',
    request: base('rc_timestamp', [{ name: 'Timestamp', data_type: 'Int64' }]),
    expect: systemField,
  },
  {
    name: '1B#4e "$namespace_id" already fails the proxy field-name check -> 1701',
    request: base('rc_nsid', [{ name: '$namespace_id', data_type: 'Int64' }]),
    expect: fieldFirst('$namespace_id'),
  },
  {
    name: '1B order: field schemas (4b) before system names (4e): RowID first, a later bad default -> the default text',
    request: base('rc_rowid_dv', [{ name: 'RowID', data_type: 'Int64' }, int32('i', { default_value: { long_data: '1' } })]),
    expect: typeMismatch('Int32', 'i', 'DataType_Int64'),
  },
];

// ---------------------------------------------------------------------------------------------
// Alias conflict (after schema validation) and re-create (identical -> success, else 65535).
// ---------------------------------------------------------------------------------------------
const aliasFx = fixture('alias', async () => {
  assertOk(await sdkCreateCollection(c(), 'ac_target'), 'setup: create ac_target');
  await mustCreateAlias(c(), 'ac_target', 'ac_alias');
});

const RECREATE: CreateSpec = base('rc_same', [varchar('s', '16', { nullable: true, default_value: { string_data: 'x' } })], {
  schema: { description: 'same', enable_dynamic_field: true },
  consistency_level: 'Strong',
  properties: { k: 'v' },
});
const recreateFx = fixture('recreate', () => mustCreate(RECREATE));
let recreateId: string | undefined;
const recreateIdFx = fixture('recreateId', async () => {
  await recreateFx();
  recreateId = (await mustDescribe('rc_same')).collectionID;
});
const differs = (changes: Partial<CreateSpec>, schema: Partial<SchemaSpec> = {}): CreateSpec => ({
  ...RECREATE,
  ...changes,
  schema: { ...RECREATE.schema, ...schema },
});
const dupText = e65535('create duplicate collection with different parameters, collection: rc_same');

const existenceRows: Row[] = [
  {
    name: '1B#7 a collection named like an existing alias -> 65535 conflicts with an existing alias',
    setup: aliasFx,
    request: base('ac_alias'),
    expect: e65535('collection name [ac_alias] conflicts with an existing alias, please choose a unique name'),
    absent: false, // has_collection(alias) is true
  },
  {
    name: '1B#7 the alias conflict comes after schema validation: a nullable primary key -> 1100',
    setup: aliasFx,
    request: req('ac_alias', [{ ...PK, nullable: true }, VEC]),
    expect: e1100('primary field not support null, type:Int64, name:id: invalid parameter'),
    absent: false,
  },
  {
    name: '1B#7 the alias conflict comes after the proxy checks: dim 1 -> the dim text',
    setup: aliasFx,
    request: req('ac_alias', [PK, fv('vec', '1')]),
    expect: dimTooSmall('1'),
    absent: false,
  },
  {
    name: '1B#7 an identical re-create -> success, nothing changes (same collectionID)',
    setup: recreateIdFx,
    request: RECREATE,
    expect: 'ok',
    check: described('rc_same', (d) => {
      assert.ok(recreateId);
      assert.equal(d.collectionID, recreateId);
      assert.equal(d.schema.description, 'same');
    }),
  },
  {
    name: '1B#7 re-create with another dim -> 65535 create duplicate collection with different parameters',
    setup: recreateIdFx,
    request: differs({}, { fields: [PK, fv('vec', '8'), RECREATE.schema.fields[2]!] }),
    expect: dupText,
    absent: false,
    check: described('rc_same', (d) => assert.deepEqual(d.schema.fields[1].type_params, [{ key: 'dim', value: '4' }])),
  },
  {
    name: '1B#7 re-create with another description -> 65535',
    setup: recreateFx,
    request: differs({}, { description: 'other' }),
    expect: dupText,
    absent: false,
  },
  {
    name: '1B#7 re-create without the dynamic field -> 65535',
    setup: recreateFx,
    request: differs({}, { enable_dynamic_field: false }),
    expect: dupText,
    absent: false,
  },
  {
    name: '1B#7 re-create with another consistency level -> 65535',
    setup: recreateFx,
    request: differs({ consistency_level: 'Session' }),
    expect: dupText,
    absent: false,
  },
  {
    name: '1B#7 re-create with other properties -> 65535',
    setup: recreateFx,
    request: differs({ properties: { k: 'w' } }),
    expect: dupText,
    absent: false,
  },
  {
    name: '1B#7 re-create with another shards_num -> 65535',
    setup: recreateFx,
    request: differs({ shards_num: 2 }),
    expect: dupText,
    absent: false,
  },
  {
    name: '1B#7 a different AND invalid re-create reports the validation error first (dim 1)',
    setup: recreateFx,
    request: differs({}, { fields: [PK, fv('vec', '1')] }),
    expect: dimTooSmall('1'),
    absent: false,
  },
];

// ---------------------------------------------------------------------------------------------
// Positive: every DataType a 2.6 collection can hold, then describe_collection.
// ---------------------------------------------------------------------------------------------
const ALL_FIELDS: FieldSpec[] = [
  { name: 'id', data_type: 'Int64', is_primary_key: true, description: 'the key' },
  { name: 'f_bool', data_type: 'Bool', nullable: true, default_value: { bool_data: true } },
  { name: 'f_int8', data_type: 'Int8', default_value: { int_data: 127 } },
  { name: 'f_int16', data_type: 'Int16', nullable: true, default_value: { int_data: -32768 } },
  { name: 'f_int32', data_type: 'Int32', default_value: { int_data: 100000 } },
  { name: 'f_int64', data_type: 'Int64', nullable: true, default_value: { long_data: '9007199254740993' } },
  { name: 'f_float', data_type: 'Float', default_value: { float_data: 1.5 } },
  { name: 'f_double', data_type: 'Double', nullable: true, default_value: { double_data: 2.25 } },
  { name: 'f_varchar', data_type: 'VarChar', type_params: { max_length: '64' }, nullable: true, default_value: { string_data: 'hello' } },
  { name: 'f_json', data_type: 'JSON', nullable: true },
  { name: 'a_bool', data_type: 'Array', element_type: 'Bool', type_params: { max_capacity: '4' } },
  { name: 'a_int8', data_type: 'Array', element_type: 'Int8', type_params: { max_capacity: '4' }, nullable: true },
  { name: 'a_int16', data_type: 'Array', element_type: 'Int16', type_params: { max_capacity: '4' } },
  { name: 'a_int32', data_type: 'Array', element_type: 'Int32', type_params: { max_capacity: '4' } },
  { name: 'a_int64', data_type: 'Array', element_type: 'Int64', type_params: { max_capacity: '4' } },
  { name: 'a_float', data_type: 'Array', element_type: 'Float', type_params: { max_capacity: '4' } },
  { name: 'a_double', data_type: 'Array', element_type: 'Double', type_params: { max_capacity: '4' } },
  { name: 'a_varchar', data_type: 'Array', element_type: 'VarChar', type_params: { max_capacity: '8', max_length: '16' }, nullable: true },
  { name: 'f_geo', data_type: 'Geometry', nullable: true },
  { name: 'f_text', data_type: 'Text', nullable: true },
  { name: 'f_tstz', data_type: 'Timestamptz', nullable: true, default_value: { timestamptz_data: '1700000000000000' } },
  { name: 'tenant', data_type: 'VarChar', type_params: { max_length: '32' }, is_partition_key: true },
  { name: 'v_float', data_type: 'FloatVector', type_params: { dim: '8' } },
  { name: 'v_binary', data_type: 'BinaryVector', type_params: { dim: '16' } },
  { name: 'v_f16', data_type: 'Float16Vector', type_params: { dim: '4' } },
  { name: 'v_bf16', data_type: 'BFloat16Vector', type_params: { dim: '4' } },
  { name: 'v_int8', data_type: 'Int8Vector', type_params: { dim: '4' } },
  { name: 'v_sparse', data_type: 'SparseFloatVector' },
];

const ALL_TYPES: CreateSpec = req('all_types', ALL_FIELDS, {
  schema: { description: 'every 2.6 data type', enable_dynamic_field: true },
  consistency_level: 'Strong',
  num_partitions: 7,
  properties: { 'collection.ttl.seconds': '0', 'elanus.note': 'yes' },
});

/** What describe_collection must say about field i of ALL_FIELDS. */
function expectedField(f: FieldSpec, i: number): Record<string, unknown> {
  const dv = f.default_value;
  const key = dv ? Object.keys(dv)[0]! : undefined;
  return {
    fieldID: String(100 + i),
    name: f.name,
    description: f.description ?? '',
    data_type: f.data_type,
    is_primary_key: f.is_primary_key ?? false,
    autoID: false,
    type_params: pairs(f.type_params),
    element_type: f.element_type ?? 'None',
    nullable: f.nullable ?? false,
    default_value: dv && key ? { [key]: dv[key], data: key } : null,
    is_partition_key: f.is_partition_key ?? false,
    is_clustering_key: false,
    is_dynamic: false,
  };
}

function actualField(f: Reply): Record<string, unknown> {
  return {
    fieldID: f.fieldID,
    name: f.name,
    description: f.description,
    data_type: f.data_type,
    is_primary_key: f.is_primary_key,
    autoID: f.autoID,
    type_params: f.type_params,
    element_type: f.element_type,
    nullable: f.nullable,
    default_value: f.default_value,
    is_partition_key: f.is_partition_key,
    is_clustering_key: f.is_clustering_key,
    is_dynamic: f.is_dynamic,
  };
}

const sortKV = (kv: Array<{ key: string; value: string }>) => [...kv].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

let allTypesWindow: { before: number; after: number } | undefined;

const positiveRows: Row[] = [
  {
    name: 'every DataType in one collection (nullable, defaults of each kind, partition key, dynamic field, properties) -> success',
    setup: async () => {
      allTypesWindow = { before: Date.now(), after: 0 };
    },
    request: ALL_TYPES,
    expect: 'ok',
    check: async () => {
      assert.ok(allTypesWindow);
      allTypesWindow.after = Date.now();
      const d = await mustDescribe('all_types');
      // top level
      assert.deepEqual(
        {
          collection_name: d.collection_name,
          db_name: d.db_name,
          schema_name: d.schema.name,
          description: d.schema.description,
          autoID: d.schema.autoID,
          enable_dynamic_field: d.schema.enable_dynamic_field,
          consistency_level: d.consistency_level,
          shards_num: d.shards_num,
          num_partitions: d.num_partitions,
          aliases: d.aliases,
        },
        {
          collection_name: 'all_types',
          db_name: 'default',
          schema_name: 'all_types',
          description: 'every 2.6 data type',
          autoID: false,
          enable_dynamic_field: true,
          consistency_level: 'Strong',
          shards_num: 1,
          num_partitions: '7',
          aliases: [],
        },
      );
      assert.ok(/^[1-9]\d*$/.test(String(d.collectionID)), `collectionID: ${d.collectionID}`);
      // fields: user fields only, ids 100.. in order, no $meta
      assert.ok(!d.schema.fields.some((f: Reply) => f.name === '$meta'), 'no $meta field in describe');
      assert.deepEqual(
        d.schema.fields.map((f: Reply) => f.name),
        ALL_FIELDS.map((f) => f.name),
      );
      d.schema.fields.forEach((f: Reply, i: number) => {
        assert.deepEqual(actualField(f), expectedField(ALL_FIELDS[i]!, i), `field ${ALL_FIELDS[i]!.name}`);
      });
      // properties: the user's plus timezone=UTC
      assert.deepEqual(
        sortKV(d.properties),
        sortKV([
          { key: 'collection.ttl.seconds', value: '0' },
          { key: 'elanus.note', value: 'yes' },
          { key: 'timezone', value: 'UTC' },
        ]),
      );
      // timestamps
      const utc = Number(d.created_utc_timestamp);
      assert.ok(
        utc >= allTypesWindow.before - 1000 && utc <= allTypesWindow.after + 1000,
        `created_utc_timestamp ${utc} not within [${allTypesWindow.before}, ${allTypesWindow.after}] (ms)`,
      );
      const physical = Number(BigInt(d.created_timestamp) >> 18n);
      assert.ok(Math.abs(physical - utc) <= 1000, `created_timestamp ${d.created_timestamp} >> 18 = ${physical}, utc ${utc}`);
      assert.equal(String(d.update_timestamp), String(d.created_timestamp), 'update_timestamp equals the create time');
    },
  },
  {
    name: 'a collection without properties shows exactly [timezone=UTC]; shards_num defaults to 1',
    request: base('pos_plain'),
    expect: 'ok',
    check: described('pos_plain', (d) => {
      assert.deepEqual(d.properties, [{ key: 'timezone', value: 'UTC' }]);
      assert.equal(d.shards_num, 1);
      assert.equal(d.consistency_level, 'Bounded');
      assert.equal(d.schema.enable_dynamic_field, false);
    }),
  },
  {
    name: 'a consistency_level property is consumed: it sets the level and is not listed',
    request: base('pos_cl_prop', [], { consistency_level: 'Strong', properties: { consistency_level: 'Session' } }),
    expect: 'ok',
    check: described('pos_cl_prop', (d) => {
      assert.equal(d.consistency_level, 'Session');
      assert.deepEqual(d.properties, [{ key: 'timezone', value: 'UTC' }]);
    }),
  },
  {
    name: 'a timezone property given by the user is kept',
    request: base('pos_tz_user', [], { properties: { timezone: 'Europe/Paris' } }),
    expect: 'ok',
    check: described('pos_tz_user', (d) => assert.deepEqual(d.properties, [{ key: 'timezone', value: 'Europe/Paris' }])),
  },
  {
    name: 'without a timezone property the collection takes its database timezone',
    setup: async () => {
      assertOk(await c().createDatabase({ db_name: 'tz_db', properties: { timezone: 'Asia/Shanghai' } }), 'setup: create tz_db');
    },
    request: base('pos_tz_db', [], { db_name: 'tz_db' }),
    expect: 'ok',
    check: described('pos_tz_db', (d) => assert.deepEqual(d.properties, [{ key: 'timezone', value: 'Asia/Shanghai' }]), 'tz_db'),
  },
  {
    name: 'a collection in another database: describe db_name is that database',
    setup: () => mustCreateDatabase(c(), 'other_db'),
    request: base('pos_other_db', [], { db_name: 'other_db' }),
    expect: 'ok',
    check: described('pos_other_db', (d) => assert.equal(d.db_name, 'other_db'), 'other_db'),
  },
];

// ---------------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------------
function runRows(rows: Row[]): void {
  for (const row of rows) {
    test(row.name, async () => {
      if (row.setup) await row.setup();
      const reply = await create(row.request);
      if (row.expect === 'ok') {
        assertOk(reply, row.name);
      } else {
        assertErr(reply, row.expect, row.name);
        if (row.absent !== false) {
          const h = await raw(c(), 'HasCollection', {
            collection_name: row.request.collection_name,
            ...(row.request.db_name !== undefined ? { db_name: row.request.db_name } : {}),
          });
          if (h.status?.code === 0) {
            assert.equal(h.value, false, `${row.name}: a refused create must leave no collection behind`);
          }
        }
      }
      if (row.check) await row.check(reply);
    });
  }
}

before(async () => {
  server = await startServer();
  client = server.client();
});

after(async () => {
  const s = server;
  server = undefined;
  client = undefined;
  if (s) {
    await s.stop();
    removeDataDir(s.dataDir);
  }
});

describe('1A proxy checks', () => runRows(proxyRows));
describe('1C field names', () => runRows(fieldNameRows));
describe('1D dimension', () => runRows(dimRows));
describe('max_length, max_capacity, duplicated names', () => runRows(paramRows));
describe('1B rootcoord checks', () => runRows(rootcoordRows));
describe('alias conflict and re-create', () => runRows(existenceRows));
describe('every data type, describe_collection', () => runRows(positiveRows));

describe('identical re-create through the SDK', () => {
  test('the SDK createCollection twice with the same fields -> both succeed, one collection', async () => {
    assertOk(await sdkCreateCollection(c(), 'sdk_twice'), 'first create');
    const first = await mustDescribe('sdk_twice');
    assertOk(await sdkCreateCollection(c(), 'sdk_twice'), 'second create');
    const second = await mustDescribe('sdk_twice');
    assert.equal(second.collectionID, first.collectionID);
    assert.equal(second.created_timestamp, first.created_timestamp);
  });
});

// ---------------------------------------------------------------------------------------------
// Restart: describe_collection is identical afterwards (kept last: it restarts the server).
// ---------------------------------------------------------------------------------------------
const SURVIVORS: Array<[string, string | undefined]> = [
  ['all_types', undefined],
  ['p_pkey_default', undefined],
  ['p_shards16', undefined],
  ['p_pk_varchar_auto', undefined],
  ['rc_same', undefined],
  ['rc_vec_null', undefined],
  ['pos_cl_prop', undefined],
  ['pos_tz_db', 'tz_db'],
  ['pos_other_db', 'other_db'],
];

function comparable(d: Reply): Reply {
  // request_time is the time of the describe call itself
  const { request_time: _ignored, ...rest } = d;
  return rest;
}

describe('restart', () => {
  test('every created collection describes identically after a restart on the same data dir', async () => {
    const beforeRestart = [];
    for (const [name, db] of SURVIVORS) beforeRestart.push(comparable(await mustDescribe(name, db)));
    const s = server;
    assert.ok(s);
    assert.equal(await s.stop(), 0, 'the server exits cleanly');
    server = await startServer({ dataDir: s.dataDir });
    client = server.client();
    const afterRestart = [];
    for (const [name, db] of SURVIVORS) afterRestart.push(comparable(await mustDescribe(name, db)));
    assert.deepEqual(afterRestart, beforeRestart);
    // a refused create left nothing behind, also on disk
    const h = await raw(c(), 'HasCollection', { collection_name: 'p_shards17' });
    assertOk(h);
    assert.equal(h.value, false);
  });
});
