// Insert/upsert validation: Milvus 2.6's proxy checks, one row per bad input with the exact code
// and text, and the batch a good request becomes (types, defaults, nulls, `$meta`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType, type CollectionSchema, type DefaultValue, type FieldSchema } from '../../src/catalog/index.js';
import { goJsonSyntaxError, parseTimestamptz, validateRows } from '../../src/data/validate-rows.js';
import { isMilvusError } from '../../src/errors.js';
import { decodeFieldData } from '../../src/protocol/field-data.js';
import { protoRoot } from '../../src/protocol/descriptors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded protobuf messages, probed field by field
type Obj = Record<string, any>;
const FieldDataType = protoRoot.lookupType('milvus.proto.schema.FieldData');
const LOADER = { longs: String, enums: String, defaults: true, oneofs: true };
const wire = (fd: object): Obj =>
  FieldDataType.toObject(FieldDataType.decode(FieldDataType.encode(FieldDataType.fromObject(fd)).finish()), LOADER) as Obj;

let nextId = 100;
function field(name: string, dataType: DataType, extra: Partial<FieldSchema> & { params?: Record<string, string> } = {}): FieldSchema {
  const { params, ...rest } = extra;
  return {
    fieldID: nextId++,
    name,
    description: '',
    dataType,
    isPrimaryKey: false,
    autoID: false,
    typeParams: Object.entries(params ?? {}).map(([key, value]) => ({ key, value })),
    indexParams: [],
    elementType: DataType.None,
    isDynamic: false,
    isPartitionKey: false,
    isClusteringKey: false,
    nullable: false,
    isFunctionOutput: false,
    ...rest,
  };
}

function schemaOf(name: string, fields: FieldSchema[], extra: Partial<CollectionSchema> = {}): CollectionSchema {
  return { name, description: '', autoID: false, fields, enableDynamicField: false, properties: [], functions: [], ...extra };
}

const int18: DefaultValue = { kind: 'int', value: 18 };

const FULL = schemaOf(
  'full',
  [
    field('id', DataType.Int64, { isPrimaryKey: true }),
    field('vec', DataType.FloatVector, { params: { dim: '4' } }),
    field('i8', DataType.Int8),
    field('i16', DataType.Int16),
    field('name', DataType.VarChar, { params: { max_length: '5' } }),
    field('tags', DataType.Array, { elementType: DataType.VarChar, params: { max_capacity: '3', max_length: '4' } }),
    field('nums', DataType.Array, { elementType: DataType.Int8, params: { max_capacity: '4' } }),
    field('j', DataType.JSON, { nullable: true }),
    field('score', DataType.Float, { nullable: true }),
    field('age', DataType.Int32, { defaultValue: int18 }),
    field('bv', DataType.BinaryVector, { params: { dim: '16' } }),
    field('sp', DataType.SparseFloatVector),
    field('f16', DataType.Float16Vector, { params: { dim: '2' } }),
    field('ts', DataType.Timestamptz, { nullable: true }),
  ],
  { enableDynamicField: true, properties: [{ key: 'timezone', value: 'Asia/Shanghai' }] },
);

const SIMPLE = schemaOf('simple', [
  field('id', DataType.Int64, { isPrimaryKey: true }),
  field('vec', DataType.FloatVector, { params: { dim: '4' } }),
]);
const AUTO = schemaOf('auto', [
  field('id', DataType.Int64, { isPrimaryKey: true, autoID: true }),
  field('vec', DataType.FloatVector, { params: { dim: '4' } }),
]);
const AUTO_ALLOWED = { ...AUTO, properties: [{ key: 'allow_insert_auto_id', value: 'true' }] };

const sparse = (pairs: [number, number][]) => {
  const b = Buffer.alloc(pairs.length * 8);
  pairs.forEach(([i, v], k) => {
    b.writeUInt32LE(i, k * 8);
    b.writeFloatLE(v, k * 8 + 4);
  });
  return b;
};

/** A good two-row request for FULL, column by column. */
function good(): Record<string, Obj> {
  return {
    id: { type: 5, field_name: 'id', scalars: { long_data: { data: [1, 2] } } },
    vec: { type: 101, field_name: 'vec', vectors: { dim: 4, float_vector: { data: [1, 2, 3, 4, 5, 6, 7, 8] } } },
    i8: { type: 2, field_name: 'i8', scalars: { int_data: { data: [-128, 127] } } },
    i16: { type: 3, field_name: 'i16', scalars: { int_data: { data: [1, -2] } } },
    name: { type: 21, field_name: 'name', scalars: { string_data: { data: ['ab', 'éé'] } } },
    tags: {
      type: 22,
      field_name: 'tags',
      scalars: { array_data: { element_type: 21, data: [{ string_data: { data: ['a', 'bb'] } }, { string_data: { data: [] } }] } },
    },
    nums: {
      type: 22,
      field_name: 'nums',
      scalars: { array_data: { element_type: 2, data: [{ int_data: { data: [1] } }, { int_data: { data: [-1, 2] } }] } },
    },
    bv: { type: 100, field_name: 'bv', vectors: { dim: 16, binary_vector: Buffer.from([1, 2, 3, 4]) } },
    sp: {
      type: 104,
      field_name: 'sp',
      vectors: {
        dim: 9,
        sparse_float_vector: {
          dim: 9,
          contents: [
            sparse([
              [1, 0.5],
              [8, 1],
            ]),
            sparse([]),
          ],
        },
      },
    },
    f16: { type: 102, field_name: 'f16', vectors: { dim: 2, float16_vector: Buffer.from([0, 60, 0, 64, 0, 0, 0, 188]) } },
    $meta: { type: 23, field_name: '$meta', is_dynamic: true, scalars: { json_data: { data: [Buffer.from('{"x":1}'), Buffer.from('{}')] } } },
  };
}

function request(changes: Record<string, Obj | null>, base = good()) {
  const cols = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete cols[k];
    else cols[k] = v;
  }
  return decodeFieldData(Object.values(cols).map(wire));
}

const json = (texts: string[], name = 'j', dynamic = false) => ({
  type: 23,
  field_name: name,
  is_dynamic: dynamic,
  scalars: { json_data: { data: texts.map((t) => Buffer.from(t)) } },
});
const meta = (texts: string[]) => json(texts, '$meta', true);
const simple = (changes: Record<string, Obj | null> = {}) =>
  request(changes, {
    id: { type: 5, field_name: 'id', scalars: { long_data: { data: [1, 2] } } },
    vec: { type: 101, field_name: 'vec', vectors: { dim: 4, float_vector: { data: [1, 2, 3, 4, 5, 6, 7, 8] } } },
  });
const vec = (dim: number, data: number[], name = 'vec') => ({ type: 101, field_name: name, vectors: { dim, float_vector: { data } } });

type Row = [
  string,
  () => { schema: CollectionSchema; cols: ReturnType<typeof request>; rows?: number; mode?: 'insert' | 'upsert' },
  number,
  string,
];

const IP = ': invalid parameter';
const BAD: Row[] = [
  ['missing field', () => ({ schema: FULL, cols: request({ vec: null }) }), 1100, `fieldSchema(vec) has no corresponding fieldData pass in${IP}`],
  [
    'field not in schema',
    () => ({ schema: FULL, cols: request({ foo: { type: 5, field_name: 'foo', scalars: { long_data: { data: [1, 2] } } } }) }),
    65535,
    'fieldName foo not exist in collection schema, fieldType Int64, fieldId 0',
  ],
  [
    '$meta without a dynamic field',
    () => ({ schema: SIMPLE, cols: simple({ $meta: meta(['{}', '{}']) }) }),
    65535,
    'fieldName $meta not exist in collection schema, fieldType JSON, fieldId 0',
  ],
  ['duplicated column', () => ({ schema: SIMPLE, cols: [...simple(), ...simple({ vec: null })] }), 1100, `duplicated field id found${IP}`],
  [
    'num_rows 0',
    () => ({ schema: SIMPLE, cols: simple(), rows: 0 }),
    1100,
    `num_rows should be greater than 0${IP}[expected=invalid num_rows][actual=0]`,
  ],
  [
    'num_rows larger than the columns',
    () => ({ schema: SIMPLE, cols: simple(), rows: 3 }),
    1100,
    `the num_rows (2) of field (id) is not equal to passed num_rows (3)${IP}[expected=3][actual=2]`,
  ],
  ['autoID primary key given', () => ({ schema: AUTO, cols: simple() }), 1100, `more fieldData has pass in${IP}[expected=2][actual=3]`],
  [
    'upsert without primary key',
    () => ({ schema: SIMPLE, cols: simple({ id: null }), mode: 'upsert' }),
    1100,
    `must assign pk when checking duplicates, primary field: id${IP}`,
  ],
  [
    'upsert with duplicate keys',
    () => ({ schema: SIMPLE, cols: simple({ id: { type: 5, field_name: 'id', scalars: { long_data: { data: [7, 7] } } } }), mode: 'upsert' }),
    1100,
    `duplicate primary keys are not allowed in the same batch${IP}`,
  ],
  [
    'upsert num_rows 0',
    () => ({ schema: SIMPLE, cols: simple(), rows: 0, mode: 'upsert' }),
    1100,
    `num_rows should be greater than 0${IP}[expected=invalid num_rows][actual=0]`,
  ],
  [
    'Int64 key sent as strings',
    () => ({ schema: SIMPLE, cols: simple({ id: { type: 21, field_name: 'id', scalars: { string_data: { data: ['a', 'b'] } } } }) }),
    1100,
    `field 'id' is illegal, array type mismatch${IP}[expected=need long int array][actual=got nil]`,
  ],
  [
    'key sent as floats',
    () => ({ schema: SIMPLE, cols: simple({ id: { type: 10, field_name: 'id', scalars: { float_data: { data: [1, 2] } } } }) }),
    1100,
    `currently only support DataType Int64 or VarChar as PrimaryField${IP}`,
  ],
  [
    'float vector sent as binary',
    () => ({ schema: SIMPLE, cols: simple({ vec: { type: 100, field_name: 'vec', vectors: { dim: 4, binary_vector: Buffer.from([1]) } } }) }),
    1100,
    `float vector field 'vec' is illegal, array type mismatch${IP}[expected=need float vector][actual=got nil]`,
  ],
  [
    'vector with NaN',
    () => ({ schema: SIMPLE, cols: simple({ vec: vec(4, [1, 2, 3, 4, 5, NaN, 7, 8]) }) }),
    65535,
    "value 'NaN' is not a number or infinity",
  ],
  [
    'vector with Inf',
    () => ({ schema: SIMPLE, cols: simple({ vec: vec(4, [1, 2, 3, 4, 5, Infinity, 7, 8]) }) }),
    65535,
    "value '+Inf' is not a number or infinity",
  ],
  [
    'vector of wrong dim (pymilvus)',
    () => ({ schema: SIMPLE, cols: simple({ vec: vec(3, [1, 2, 3, 4, 5, 6]) }) }),
    65535,
    'the length(6) of float data should divide the dim(4)',
  ],
  [
    'vector dim differs from the schema',
    () => ({ schema: SIMPLE, cols: simple({ vec: vec(2, [1, 2, 3, 4, 5, 6, 7, 8]) }) }),
    1100,
    `the dim (2) of field data(vec) is not equal to schema dim (4)${IP}[expected=4][actual=2]`,
  ],
  [
    'too few vectors',
    () => ({ schema: SIMPLE, cols: simple({ vec: vec(4, [1, 2, 3, 4]) }) }),
    1100,
    `the num_rows (1) of field (vec) is not equal to passed num_rows (2)${IP}[expected=2][actual=1]`,
  ],
  [
    'varchar too long (bytes)',
    () => ({ schema: FULL, cols: request({ name: { type: 21, field_name: 'name', scalars: { string_data: { data: ['ab', 'ééé'] } } } }) }),
    1100,
    `length of varchar field name exceeds max length, row number: 1, length: 6, max length: 5${IP}`,
  ],
  [
    'varchar sent as ints',
    () => ({ schema: FULL, cols: request({ name: { type: 21, field_name: 'name', scalars: { int_data: { data: [1, 2] } } } }) }),
    1100,
    `varchar field 'name' is illegal, array type mismatch${IP}[expected=need string array][actual=got nil]`,
  ],
  [
    'Int8 out of range',
    () => ({ schema: FULL, cols: request({ i8: { type: 2, field_name: 'i8', scalars: { int_data: { data: [300, 1] } } } }) }),
    1100,
    `the 0th element (300) out of range: [-128, 127]${IP}[expected=integer doesn't overflow][actual=out of range]`,
  ],
  [
    'Int16 out of range',
    () => ({ schema: FULL, cols: request({ i16: { type: 3, field_name: 'i16', scalars: { int_data: { data: [1, -40000] } } } }) }),
    1100,
    `the 1th element (-40000) out of range: [-32768, 32767]${IP}[expected=integer doesn't overflow][actual=out of range]`,
  ],
  [
    'non-nullable row missing (the SDK drops nulls)',
    () => ({ schema: FULL, cols: request({ i8: { type: 2, field_name: 'i8', scalars: { int_data: { data: [1] } } } }) }),
    1100,
    `the num_rows (1) of field (i8) is not equal to passed num_rows (2)${IP}[expected=2][actual=1]`,
  ],
  [
    'null in a non-nullable field',
    () => ({
      schema: FULL,
      cols: request({ i8: { type: 2, field_name: 'i8', scalars: { int_data: { data: [1] } }, valid_data: [true, false] } }),
    }),
    1100,
    `the length of valid_data of field(i8) is wrong${IP}[expected=0][actual=2]`,
  ],
  [
    'Array over max_capacity',
    () => ({
      schema: FULL,
      cols: request({
        tags: {
          type: 22,
          field_name: 'tags',
          scalars: { array_data: { data: [{ string_data: { data: ['a', 'b', 'c', 'd'] } }, { string_data: { data: [] } }] } },
        },
      }),
    }),
    1100,
    `the length (4) of 0th array exceeds max capacity (3)${IP}[expected=valid length array][actual=array length exceeds max capacity]`,
  ],
  [
    'Array of the wrong element type',
    () => ({
      schema: FULL,
      cols: request({
        tags: { type: 22, field_name: 'tags', scalars: { array_data: { data: [{ int_data: { data: [1] } }, { int_data: { data: [] } }] } } },
      }),
    }),
    1100,
    `insert data does not match${IP}[expected=string array][actual=*schemapb.ScalarField_IntData array]`,
  ],
  [
    'Array varchar element too long',
    () => ({
      schema: FULL,
      cols: request({
        tags: {
          type: 22,
          field_name: 'tags',
          scalars: { array_data: { data: [{ string_data: { data: ['a', 'abcde'] } }, { string_data: { data: [] } }] } },
        },
      }),
    }),
    1100,
    `length of Array array field "tags" exceeds max length, row number: 0, array index: 1, length: 5, max length: 4${IP}`,
  ],
  [
    'Array Int8 element out of range',
    () => ({
      schema: FULL,
      cols: request({
        nums: { type: 22, field_name: 'nums', scalars: { array_data: { data: [{ int_data: { data: [1, 200] } }, { int_data: { data: [] } }] } } },
      }),
    }),
    1100,
    `the 1th element (200) out of range: [-128, 127]${IP}[expected=integer doesn't overflow][actual=out of range]`,
  ],
  [
    'Array field without array_data',
    () => ({ schema: FULL, cols: request({ tags: { type: 22, field_name: 'tags', scalars: { string_data: { data: ['a', 'b'] } } } }) }),
    65535,
    'field convert FieldData_Scalars fail in fieldData, fieldName: tags, collectionName: full',
  ],
  ['JSON not valid', () => ({ schema: FULL, cols: request({ j: json(['{"a":', '{}']) }) }), 1001, 'IO failed: unexpected end of JSON input'],
  [
    'JSON too large',
    () => ({ schema: FULL, cols: request({ j: json([`{"a":"${'x'.repeat(70000)}"}`, '{}']) }) }),
    1100,
    `the length (70008) of json field (j) exceeds max length (65536)${IP}[expected=valid length json string][actual=length exceeds max length]`,
  ],
  [
    '$meta not an object',
    () => ({ schema: FULL, cols: request({ $meta: meta(['[1]', '{}']) }) }),
    1001,
    'IO failed: json: cannot unmarshal array into Go value of type map[string]interface {}',
  ],
  [
    '$meta not JSON',
    () => ({ schema: FULL, cols: request({ $meta: meta(['{}', 'x']) }) }),
    1001,
    "IO failed: invalid character 'x' looking for beginning of value",
  ],
  [
    '$meta with a $meta key',
    () => ({ schema: FULL, cols: request({ $meta: meta(['{"$meta":1}', '{}']) }) }),
    65535,
    'cannot set json key to: $meta',
  ],
  [
    '$meta with a static field name',
    () => ({ schema: FULL, cols: request({ $meta: meta(['{"q":1,"i8":2}', '{}']) }) }),
    65535,
    'dynamic field name cannot include the static field name: i8',
  ],
  [
    '$meta too large',
    () => ({ schema: FULL, cols: request({ $meta: meta([`{"a":"${'x'.repeat(70000)}"}`, '{}']) }) }),
    1100,
    `the length (70008) of dynamic field exceeds max length (65536)${IP}[expected=valid length dynamic field][actual=length exceeds max length]`,
  ],
  [
    'sparse indices unsorted',
    () => ({
      schema: FULL,
      cols: request({
        sp: {
          type: 104,
          field_name: 'sp',
          vectors: {
            sparse_float_vector: {
              contents: [
                sparse([
                  [5, 1],
                  [2, 1],
                ]),
                sparse([]),
              ],
            },
          },
        },
      }),
    }),
    65535,
    'unsorted or same indices in sparse float vector',
  ],
  [
    'sparse negative value',
    () => ({
      schema: FULL,
      cols: request({ sp: { type: 104, field_name: 'sp', vectors: { sparse_float_vector: { contents: [sparse([[1, -1]]), sparse([])] } } } }),
    }),
    65535,
    'negative value in sparse float vector',
  ],
  [
    'sparse rows missing',
    () => ({
      schema: FULL,
      cols: request({ sp: { type: 104, field_name: 'sp', vectors: { sparse_float_vector: { contents: [sparse([[1, 1]])] } } } }),
    }),
    1100,
    `the num_rows (1) of field (sp) is not equal to passed num_rows (2)${IP}[expected=2][actual=1]`,
  ],
  [
    'float16 NaN',
    () => ({
      schema: FULL,
      cols: request({ f16: { type: 102, field_name: 'f16', vectors: { dim: 2, float16_vector: Buffer.from([0, 0x7e, 0, 0, 0, 0, 0, 0]) } } }),
    }),
    65535,
    'float16 vector contain nan or infinity value.',
  ],
  [
    'binary vector dim differs',
    () => ({
      schema: FULL,
      cols: request({ bv: { type: 100, field_name: 'bv', vectors: { dim: 8, binary_vector: Buffer.from([1, 2, 3, 4]) } } }),
    }),
    1100,
    `the dim (8) of field data(bv) is not equal to schema dim (16)${IP}[expected=16][actual=8]`,
  ],
  [
    'Timestamptz not a time',
    () => ({
      schema: FULL,
      cols: request({ ts: { type: 26, field_name: 'ts', scalars: { string_data: { data: ['2024-01-01T00:00:00Z', 'yesterday'] } } } }),
    }),
    1100,
    `got invalid timestamptz string 'yesterday': invalid timezone name; must be a valid IANA Time Zone ID (e.g., 'Asia/Shanghai' or 'UTC')${IP}`,
  ],
  [
    'Timestamptz sent as ints',
    () => ({ schema: FULL, cols: request({ ts: { type: 26, field_name: 'ts', scalars: { int_data: { data: [1, 2] } } } }) }),
    1100,
    `timestamptz field data must be a string array${IP}`,
  ],
  [
    'Float NaN',
    () => ({ schema: FULL, cols: request({ score: { type: 10, field_name: 'score', scalars: { float_data: { data: [NaN, 1] } } } }) }),
    65535,
    "value 'NaN' is not a number or infinity",
  ],
  [
    'valid_data shorter than num_rows on a default field',
    () => ({ schema: FULL, cols: request({ age: { type: 4, field_name: 'age', scalars: { int_data: { data: [5] } }, valid_data: [true] } }) }),
    1100,
    `the length of valid_data of field(age) is wrong${IP}[expected=2][actual=1]`,
  ],
  [
    'nullable column shorter than num_rows',
    () => ({ schema: FULL, cols: request({ score: { type: 10, field_name: 'score', scalars: { float_data: { data: [1] } } } }) }),
    1100,
    `the length of field is wrong${IP}[expected=2][actual=1]`,
  ],
];

for (const [name, make, code, message] of BAD) {
  test(`refused: ${name}`, () => {
    const { schema, cols, rows, mode } = make();
    assert.throws(
      () => validateRows(schema, cols, rows ?? 2, mode ?? 'insert'),
      (e: unknown) => {
        assert.ok(isMilvusError(e), String(e));
        assert.equal(e.message, message);
        assert.equal(e.code, code);
        return true;
      },
    );
  });
}

test('a good insert: schema types, defaults, nulls, $meta', () => {
  const cols = request({
    age: { type: 4, field_name: 'age', scalars: { int_data: { data: [30] } }, valid_data: [false, true] },
    score: { type: 10, field_name: 'score', scalars: { float_data: { data: [0.5] } }, valid_data: [true, false] },
    ts: { type: 26, field_name: 'ts', scalars: { string_data: { data: ['2024-01-01 08:00:00', '2024-01-01T00:00:00.5Z'] } } },
  });
  const batch = validateRows(FULL, cols, 2, 'insert');
  assert.equal(batch.numRows, 2);
  assert.deepEqual(
    [...batch.columns.keys()],
    FULL.fields.map((f) => f.name),
  );
  const col = (n: string) => batch.columns.get(n)!;
  assert.equal(col('i8').type, DataType.Int8);
  assert.ok(col('i8').data instanceof Int8Array);
  assert.deepEqual(Array.from(col('i8').data as Int8Array), [-128, 127]);
  assert.ok(col('i16').data instanceof Int16Array);
  assert.deepEqual(Array.from(col('id').data as BigInt64Array), [1n, 2n]);
  assert.deepEqual(col('tags').data, [['a', 'bb'], []]);
  assert.equal((col('tags') as { elementType: DataType }).elementType, DataType.VarChar);
  // a missing nullable column: every row null
  assert.deepEqual(col('j').data, [null, null]);
  assert.deepEqual(Array.from(col('j').valid!), [0, 0]);
  // a default field: the null row gets the default, no mask (not nullable)
  assert.deepEqual(Array.from(col('age').data as Int32Array), [18, 30]);
  assert.equal(col('age').valid, undefined);
  // nullable: placeholder and mask
  assert.deepEqual(Array.from(col('score').data as Float32Array), [0.5, 0]);
  assert.deepEqual(Array.from(col('score').valid!), [1, 0]);
  // Timestamptz: naive text in the collection's zone (Asia/Shanghai), offsets honoured
  assert.equal(col('ts').type, DataType.Timestamptz);
  assert.deepEqual(Array.from(col('ts').data as BigInt64Array), [1704067200000000n, 1704067200500000n]);
  assert.deepEqual(Array.from(col('ts').valid!), [1, 1]);
  // masks only on nullable fields
  for (const f of FULL.fields) assert.equal(col(f.name).valid !== undefined, f.nullable, f.name);
  assert.equal((col('vec') as { dim: number }).dim, 4);
  assert.deepEqual(batch.dynamic, ['{"x":1}', '{}']);
});

test('a missing default column is all default; a missing $meta column is "{}"', () => {
  const batch = validateRows(FULL, request({ $meta: null }), 2, 'insert');
  assert.deepEqual(Array.from(batch.columns.get('age')!.data as Int32Array), [18, 18]);
  assert.equal(batch.columns.get('age')!.valid, undefined);
  assert.deepEqual(batch.dynamic, ['{}', '{}']);
});

test('nullable with a default: a null row takes the default and the mask says valid', () => {
  const s = schemaOf('nd', [
    field('id', DataType.Int64, { isPrimaryKey: true }),
    field('vec', DataType.FloatVector, { params: { dim: '4' } }),
    field('label', DataType.VarChar, { nullable: true, defaultValue: { kind: 'string', value: 'none' }, params: { max_length: '8' } }),
  ]);
  const cols = simple({ label: { type: 21, field_name: 'label', scalars: { string_data: { data: ['x'] } }, valid_data: [false, true] } });
  const batch = validateRows(s, cols, 2, 'insert');
  assert.deepEqual(batch.columns.get('label')!.data, ['none', 'x']);
  assert.deepEqual(Array.from(batch.columns.get('label')!.valid!), [1, 1]);
  assert.equal(batch.dynamic, undefined);
});

test('autoID: the key column is absent from the batch; allow_insert_auto_id lets it through; upsert keeps it', () => {
  const noKey = validateRows(AUTO, simple({ id: null }), 2, 'insert');
  assert.equal(noKey.columns.has('id'), false);
  const allowed = validateRows(AUTO_ALLOWED, simple(), 2, 'insert');
  assert.deepEqual(Array.from(allowed.columns.get('id')!.data as BigInt64Array), [1n, 2n]);
  const upsert = validateRows(AUTO, simple(), 2, 'upsert');
  assert.deepEqual(Array.from(upsert.columns.get('id')!.data as BigInt64Array), [1n, 2n]);
  assert.throws(() => validateRows(AUTO, simple({ id: null }), 2, 'upsert'), /must assign pk when checking duplicates, primary field: id/);
});

test('VarChar primary key: max_length enforced, but not for an autoID key', () => {
  const pk = (autoID: boolean) =>
    schemaOf('vk', [
      field('pk', DataType.VarChar, { isPrimaryKey: true, autoID, params: { max_length: '3' } }),
      field('vec', DataType.FloatVector, { params: { dim: '4' } }),
    ]);
  const cols = () => simple({ id: null, pk: { type: 21, field_name: 'pk', scalars: { string_data: { data: ['abcd', 'a'] } } } });
  assert.throws(
    () => validateRows(pk(false), cols(), 2, 'insert'),
    (e: unknown) =>
      isMilvusError(e) && e.message === `length of varchar field pk exceeds max length, row number: 0, length: 4, max length: 3${IP}`,
  );
  assert.equal(validateRows(pk(true), cols(), 2, 'upsert').columns.get('pk')!.type, DataType.VarChar);
});

test('max_length given as both a type param and an index param: the type param decides, as in Milvus', () => {
  // parameterutil.GetMaxLength reads index params, then type params, into one map: the type param wins.
  const both = schemaOf('vk2', [
    field('pk', DataType.VarChar, { isPrimaryKey: true, params: { max_length: '3' }, indexParams: [{ key: 'max_length', value: '100' }] }),
    field('vec', DataType.FloatVector, { params: { dim: '4' } }),
  ]);
  const cols = simple({ id: null, pk: { type: 21, field_name: 'pk', scalars: { string_data: { data: ['abcd', 'a'] } } } });
  assert.throws(
    () => validateRows(both, cols, 2, 'insert'),
    (e: unknown) =>
      isMilvusError(e) && e.message === `length of varchar field pk exceeds max length, row number: 0, length: 4, max length: 3${IP}`,
  );
});

test("Go's json syntax errors and Timestamptz parsing", () => {
  const cases: [string, string | null][] = [
    ['{"a":1}', null],
    ['[1, 2.5e3, "x\\u00e9", true, null]', null],
    ['', 'unexpected end of JSON input'],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['tru', 'unexpected end of JSON input'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['01', "invalid character '1' after top-level value"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e', "invalid character 'e' after decimal point in numeric literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
  ];
  for (const [text, err] of cases) assert.equal(goJsonSyntaxError(text), err, text);
  assert.equal(parseTimestamptz('2024-01-01T00:00:00Z', 'UTC'), 1704067200000000n);
  assert.equal(parseTimestamptz('2024-01-01T08:00:00+08:00', 'UTC'), 1704067200000000n);
  assert.equal(parseTimestamptz('2024-01-01 08:00:00+08', 'UTC'), 1704067200000000n);
  assert.equal(parseTimestamptz('2024-07-01 12:00:00.123456789', 'America/New_York'), 1719849600123456n);
  assert.equal(parseTimestamptz('2024-02-30T00:00:00Z', 'UTC'), null);
  assert.equal(parseTimestamptz('2024-01-01T00:00:00+15:00', 'UTC'), null);
  assert.equal(parseTimestamptz('2024-01-01 00:00:00', 'Not/AZone'), null);
});
