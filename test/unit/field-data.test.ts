// FieldData between the wire and typed columns: every DataType decoded and encoded back to the
// same values (also nullable columns with nulls), the exact requests the official Node SDK sends,
// and wire data that cannot be read into a column.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { DataType, defineField, type FieldSchema } from '../../src/catalog/index.js';
import type { Column } from '../../src/data/index.js';
import { isMilvusError } from '../../src/errors.js';
import { decodeFieldData, encodeFieldData, formatTimestamptz } from '../../src/protocol/field-data.js';
import { protoRoot } from '../../src/protocol/descriptors.js';

const require = createRequire(import.meta.url);
const FieldDataType = protoRoot.lookupType('milvus.proto.schema.FieldData');
/** The options @grpc/proto-loader decodes with (bytes stay Buffers). */
const LOADER = { longs: String, enums: String, defaults: true, oneofs: true };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- decoded protobuf messages, probed field by field
type Obj = Record<string, any>;

/** What a FieldData looks like after a trip over the wire: encoded by protobufjs, decoded the way the server's loader does. */
function wire(fd: object): Obj {
  const msg = FieldDataType.fromObject(fd);
  return FieldDataType.toObject(FieldDataType.decode(FieldDataType.encode(msg).finish()), LOADER) as Obj;
}

const field = (name: string, dataType: DataType, extra: Partial<FieldSchema> = {}): FieldSchema =>
  defineField(name, dataType, { fieldID: 100, ...extra });

/** The values part of a wire FieldData, for comparison. */
function payload(fd: Obj): unknown {
  if (fd['field'] === 'vectors' || (fd['vectors'] && !fd['scalars'])) {
    const v = fd['vectors'];
    const member = v.data as string;
    const body = v[member];
    if (member === 'sparse_float_vector') return { dim: v.dim, contents: body.contents };
    return { dim: v.dim, [member]: body };
  }
  const s = fd['scalars'];
  const member = s.data as string;
  if (member === 'array_data') {
    return {
      element_type: s.array_data.element_type,
      rows: s.array_data.data.map((r: Obj) => ({ [r['data']]: r[r['data']].data })),
    };
  }
  return { [member]: s[member].data };
}

function roundTrip(fd: object, schemaField: FieldSchema): { before: Obj; after: Obj; column: Column } {
  const before = wire(fd);
  const [decoded] = decodeFieldData([before]);
  assert.ok(decoded);
  const columns = new Map([[schemaField.name, decoded.column]]);
  const [encoded] = encodeFieldData([schemaField], columns);
  const after = wire(encoded as object);
  return { before, after, column: decoded.column };
}

const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));
const sparseBytes = (pairs: [number, number][]) => {
  const b = Buffer.alloc(pairs.length * 8);
  pairs.forEach(([i, v], k) => {
    b.writeUInt32LE(i, k * 8);
    b.writeFloatLE(v, k * 8 + 4);
  });
  return b;
};

const CASES: { name: string; type: DataType; fd: Obj; extra?: Partial<FieldSchema> }[] = [
  { name: 'bool', type: DataType.Bool, fd: { scalars: { bool_data: { data: [true, false, true] } } } },
  { name: 'int8', type: DataType.Int8, fd: { scalars: { int_data: { data: [1, -128, 127] } } } },
  { name: 'int16', type: DataType.Int16, fd: { scalars: { int_data: { data: [1, -32768, 32767] } } } },
  { name: 'int32', type: DataType.Int32, fd: { scalars: { int_data: { data: [1, -2147483648, 2147483647] } } } },
  {
    name: 'int64',
    type: DataType.Int64,
    fd: { scalars: { long_data: { data: ['1', '-9007199254740993', '9223372036854775807'] } } },
  },
  { name: 'float', type: DataType.Float, fd: { scalars: { float_data: { data: f32([1.5, -2.25, 0.1]) } } } },
  { name: 'double', type: DataType.Double, fd: { scalars: { double_data: { data: [1.5, -2.25, 0.1] } } } },
  { name: 'varchar', type: DataType.VarChar, fd: { scalars: { string_data: { data: ['a', 'é中', ''] } } } },
  { name: 'text', type: DataType.Text, fd: { scalars: { string_data: { data: ['long text', ''] } } } },
  { name: 'geo', type: DataType.Geometry, fd: { scalars: { geometry_wkt_data: { data: ['POINT (1 2)', 'LINESTRING (0 0, 1 1)'] } } } },
  {
    name: 'json',
    type: DataType.JSON,
    fd: { scalars: { json_data: { data: [Buffer.from('{"a":1}'), Buffer.from('[1,"é"]'), Buffer.from('null')] } } },
  },
  {
    name: 'arr_int',
    type: DataType.Array,
    extra: { elementType: DataType.Int32 },
    fd: { scalars: { array_data: { element_type: 4, data: [{ int_data: { data: [1, 2] } }, { int_data: { data: [] } }] } } },
  },
  {
    name: 'arr_long',
    type: DataType.Array,
    extra: { elementType: DataType.Int64 },
    fd: { scalars: { array_data: { element_type: 5, data: [{ long_data: { data: ['9007199254740993'] } }] } } },
  },
  {
    name: 'arr_str',
    type: DataType.Array,
    extra: { elementType: DataType.VarChar },
    fd: { scalars: { array_data: { element_type: 21, data: [{ string_data: { data: ['x', 'y'] } }] } } },
  },
  {
    name: 'arr_bool',
    type: DataType.Array,
    extra: { elementType: DataType.Bool },
    fd: { scalars: { array_data: { element_type: 1, data: [{ bool_data: { data: [true, false] } }] } } },
  },
  {
    name: 'arr_float',
    type: DataType.Array,
    extra: { elementType: DataType.Float },
    fd: { scalars: { array_data: { element_type: 10, data: [{ float_data: { data: f32([0.5, 0.1]) } }] } } },
  },
  {
    name: 'arr_double',
    type: DataType.Array,
    extra: { elementType: DataType.Double },
    fd: { scalars: { array_data: { element_type: 11, data: [{ double_data: { data: [0.5, 0.1] } }] } } },
  },
  { name: 'fv', type: DataType.FloatVector, fd: { vectors: { dim: 2, float_vector: { data: f32([1, 2, 3.5, -4]) } } } },
  { name: 'bv', type: DataType.BinaryVector, fd: { vectors: { dim: 16, binary_vector: Buffer.from([1, 2, 255, 0]) } } },
  { name: 'f16', type: DataType.Float16Vector, fd: { vectors: { dim: 2, float16_vector: Buffer.from([0, 60, 0, 64, 0, 188, 0, 0]) } } },
  { name: 'bf16', type: DataType.BFloat16Vector, fd: { vectors: { dim: 2, bfloat16_vector: Buffer.from([128, 63, 0, 64]) } } },
  { name: 'i8v', type: DataType.Int8Vector, fd: { vectors: { dim: 3, int8_vector: Buffer.from([1, 255, 128, 0, 127, 2]) } } },
  {
    name: 'sparse',
    type: DataType.SparseFloatVector,
    fd: {
      vectors: {
        dim: 8,
        sparse_float_vector: {
          dim: 8,
          contents: [
            sparseBytes([
              [1, 0.5],
              [7, 2],
            ]),
            sparseBytes([]),
            sparseBytes([[0, 1]]),
          ],
        },
      },
    },
  },
];

for (const c of CASES) {
  test(`round trip: ${DataType[c.type]} (${c.name})`, () => {
    const fd = { type: c.type, field_name: c.name, ...c.fd };
    const { before, after } = roundTrip(fd, field(c.name, c.type, c.extra));
    assert.deepEqual(payload(after), payload(before));
    assert.equal(after['type'], DataType[c.type]);
    assert.equal(after['field_name'], c.name);
    assert.equal(after['field_id'], '100');
    assert.deepEqual(after['valid_data'], []);
  });
}

test('decoded columns: typed arrays, int_data kept as Int32, int64 as BigInt64, bytes copied', () => {
  const pool = Buffer.alloc(64, 7);
  const view = pool.subarray(3, 11); // a Buffer at an odd offset, as protobufjs gives
  view.set([0, 0, 128, 63, 0, 0, 0, 64]);
  const cols = decodeFieldData([
    wire({ type: 'Int8', field_name: 'a', scalars: { int_data: { data: [300] } } }),
    wire({ type: 'Int64', field_name: 'b', scalars: { long_data: { data: ['-5', '9223372036854775807'] } } }),
    { type: 'BFloat16Vector', field_name: 'c', vectors: { dim: '2', bfloat16_vector: view, data: 'bfloat16_vector' }, field: 'vectors' },
  ]);
  const [a, b, c] = cols.map((x) => x.column);
  assert.equal(a!.type, DataType.Int32);
  assert.deepEqual(Array.from(a!.data as Int32Array), [300]);
  assert.equal(b!.type, DataType.Int64);
  assert.deepEqual(Array.from(b!.data as BigInt64Array), [-5n, 9223372036854775807n]);
  assert.equal(c!.type, DataType.BFloat16Vector);
  view[0] = 99; // the column must not share the request's memory
  assert.deepEqual(Array.from(c!.data as Uint8Array), [0, 0, 128, 63, 0, 0, 0, 64]);
  assert.equal((c!.data as Uint8Array).byteOffset, 0);
});

test('nullable columns: compact values expanded with placeholders and a valid mask, encoded back one value per row', () => {
  const schemaFields = [
    field('n_long', DataType.Int64, { nullable: true }),
    field('n_str', DataType.VarChar, { nullable: true }),
    field('n_json', DataType.JSON, { nullable: true }),
    field('n_arr', DataType.Array, { nullable: true, elementType: DataType.Int32 }),
    field('n_vec', DataType.FloatVector, { nullable: true }),
    field('n_bool', DataType.Bool, { nullable: true }),
    field('n_sparse', DataType.SparseFloatVector, { nullable: true }),
  ];
  const valid = [true, false, true];
  const incoming = [
    { type: 5, field_name: 'n_long', scalars: { long_data: { data: ['7', '9'] } }, valid_data: valid },
    { type: 21, field_name: 'n_str', scalars: { string_data: { data: ['x', 'z'] } }, valid_data: valid },
    { type: 23, field_name: 'n_json', scalars: { json_data: { data: [Buffer.from('{"k":1}'), Buffer.from('2')] } }, valid_data: valid },
    {
      type: 22,
      field_name: 'n_arr',
      scalars: { array_data: { element_type: 4, data: [{ int_data: { data: [1] } }, { int_data: { data: [3, 4] } }] } },
      valid_data: valid,
    },
    { type: 101, field_name: 'n_vec', vectors: { dim: 2, float_vector: { data: [1, 2, 5, 6] } }, valid_data: valid },
    { type: 1, field_name: 'n_bool', scalars: { bool_data: { data: [true, true] } }, valid_data: valid },
    {
      type: 104,
      field_name: 'n_sparse',
      vectors: { dim: 4, sparse_float_vector: { dim: 4, contents: [sparseBytes([[1, 1]]), sparseBytes([[3, 2]])] } },
      valid_data: valid,
    },
  ].map(wire);
  const decoded = decodeFieldData(incoming);
  const columns = new Map(decoded.map((d) => [d.fieldName, d.column]));
  for (const c of columns.values()) assert.deepEqual(Array.from(c.valid!), [1, 0, 1]);
  assert.deepEqual(Array.from(columns.get('n_long')!.data as BigInt64Array), [7n, 0n, 9n]);
  assert.deepEqual(columns.get('n_str')!.data, ['x', '', 'z']);
  assert.deepEqual(columns.get('n_json')!.data, ['{"k":1}', null, '2']);
  assert.deepEqual(columns.get('n_arr')!.data, [[1], null, [3, 4]]);
  assert.deepEqual(Array.from(columns.get('n_vec')!.data as Float32Array), [1, 2, 0, 0, 5, 6]);

  const out = encodeFieldData(schemaFields, columns).map((fd) => wire(fd));
  const byName = new Map(out.map((fd) => [fd['field_name'] as string, fd]));
  for (const fd of out) assert.deepEqual(fd['valid_data'], valid);
  assert.deepEqual(payload(byName.get('n_long')!), { long_data: ['7', '0', '9'] });
  assert.deepEqual(payload(byName.get('n_str')!), { string_data: ['x', '', 'z'] });
  assert.deepEqual(payload(byName.get('n_json')!), { json_data: [Buffer.from('{"k":1}'), Buffer.alloc(0), Buffer.from('2')] });
  assert.deepEqual(payload(byName.get('n_arr')!), { element_type: 'Int32', rows: [{ int_data: [1] }, { int_data: [] }, { int_data: [3, 4] }] });
  assert.deepEqual(payload(byName.get('n_vec')!), { dim: '2', float_vector: { data: Float32Array.of(1, 2, 0, 0, 5, 6) } });
  assert.deepEqual(payload(byName.get('n_bool')!), { bool_data: [true, false, true] });
  assert.deepEqual(payload(byName.get('n_sparse')!), { dim: '4', contents: [sparseBytes([[1, 1]]), Buffer.alloc(0), sparseBytes([[3, 2]])] });
});

test('replies: $meta is_dynamic, Timestamptz as ISO text in the collection timezone, extra columns such as count(*)', () => {
  const fields = [
    field('id', DataType.Int64, { fieldID: 100 }),
    field('ts', DataType.Timestamptz, { fieldID: 101 }),
    field('$meta', DataType.JSON, { fieldID: 102, isDynamic: true }),
  ];
  const micros = BigInt(Date.UTC(2025, 2, 20, 10, 30, 0)) * 1000n + 123400n;
  const columns = new Map<string, Column>([
    ['ts', { type: DataType.Timestamptz, data: BigInt64Array.from([micros, 0n]) }],
    ['id', { type: DataType.Int64, data: BigInt64Array.from([1n, 2n]) }],
    ['count(*)', { type: DataType.Int64, data: BigInt64Array.from([2n]) }],
  ]);
  const out = encodeFieldData(fields, columns, ['{"a":1}', '{}'], { timezone: 'Asia/Shanghai' }).map((fd) => wire(fd));
  assert.deepEqual(
    out.map((fd) => fd['field_name']),
    ['id', 'ts', 'count(*)', '$meta'],
  );
  assert.deepEqual(payload(out[1]!), { string_data: ['2025-03-20T18:30:00.1234+08:00', '1970-01-01T08:00:00+08:00'] });
  assert.equal(out[3]!['is_dynamic'], true);
  assert.equal(out[3]!['field_id'], '102');
  assert.deepEqual(payload(out[3]!), { json_data: [Buffer.from('{"a":1}'), Buffer.from('{}')] });
  assert.equal(formatTimestamptz(micros, 'UTC'), '2025-03-20T10:30:00.1234Z');
});

test('malformed wire data: 1100 naming the field, or the text Milvus gives', () => {
  const bad: [object, number, string][] = [
    [
      { type: 104, field_name: 'sp', vectors: { dim: 4, sparse_float_vector: { dim: 4, contents: [Buffer.alloc(7)] } } },
      65535,
      'invalid data length in sparse float vector: 7',
    ],
    [
      { type: 101, field_name: 'fv', vectors: { dim: 2, float_vector: { data: [1, 2, 3] } }, valid_data: [true, false] },
      1100,
      'malformed field data of field fv: 3 vector values are not whole rows of dim 2: invalid parameter',
    ],
    [
      { type: 5, field_name: 'n', scalars: { long_data: { data: ['1'] } }, valid_data: [true, true] },
      1100,
      'the length of field is wrong: invalid parameter[expected=2][actual=1]',
    ],
    [{ type: 5, field_name: 'none' }, 1100, 'undefined data type:Int64: invalid parameter'],
    [
      {
        type: 22,
        field_name: 'mixed',
        scalars: { array_data: { element_type: 4, data: [{ int_data: { data: [1] } }, { float_data: { data: [1] } }] } },
      },
      1100,
      'insert data does not match: invalid parameter[expected=*schemapb.ScalarField_IntData array][actual=*schemapb.ScalarField_FloatData array]',
    ],
  ];
  for (const [fd, code, message] of bad) {
    assert.throws(
      () => decodeFieldData([wire(fd)]),
      (e: unknown) => isMilvusError(e) && e.code === code && e.message === message,
      message,
    );
  }
});

// ---- what the official Node SDK sends ---------------------------------------------------------

interface SdkField {
  name: string;
  data_type: string;
  element_type?: string;
  dim?: number;
  nullable?: boolean;
  autoID?: boolean;
  is_primary_key?: boolean;
  default_value?: unknown;
}

/** Runs the SDK's own insert code against a stub channel and returns the request as the server decodes it. */
async function sdkInsert(fields: SdkField[], rows: Obj[], dynamic = false): Promise<Obj> {
  const { MilvusClient } = require('@zilliz/milvus2-sdk-node') as { MilvusClient: { prototype: object } };
  let captured: Obj | undefined;
  const stub = Object.create(MilvusClient.prototype) as Obj;
  stub['describeCollection'] = async () => ({
    status: { error_code: 'Success', code: 0 },
    properties: [],
    update_timestamp_str: '1',
    schema: {
      enable_dynamic_field: dynamic,
      fields: fields.map((f) => ({
        name: f.name,
        data_type: f.data_type,
        element_type: f.element_type ?? 'None',
        dim: String(f.dim ?? 0),
        nullable: f.nullable ?? false,
        autoID: f.autoID ?? false,
        is_primary_key: f.is_primary_key ?? false,
        default_value: f.default_value,
        is_function_output: false,
      })),
    },
  });
  stub['channelPool'] = {
    acquire: async () => ({
      Insert: (params: Obj, _options: unknown, cb: (e: unknown, r: unknown) => void) => {
        captured = params;
        cb(null, { status: { error_code: 'Success', code: 0 } });
      },
    }),
    release: () => undefined,
  };
  await (stub as { insert(d: object): Promise<unknown> }).insert({ collection_name: 'c', data: rows });
  assert.ok(captured);
  const InsertRequest = protoRoot.lookupType('milvus.proto.milvus.InsertRequest');
  return InsertRequest.toObject(InsertRequest.decode(InsertRequest.encode(InsertRequest.fromObject(captured)).finish()), LOADER) as Obj;
}

test('the official SDK: an insert of every type decodes to the values given', async () => {
  const fields: SdkField[] = [
    { name: 'id', data_type: 'Int64', is_primary_key: true },
    { name: 'b', data_type: 'Bool' },
    { name: 'i8', data_type: 'Int8' },
    { name: 'i16', data_type: 'Int16' },
    { name: 'i32', data_type: 'Int32' },
    { name: 'f', data_type: 'Float' },
    { name: 'd', data_type: 'Double' },
    { name: 's', data_type: 'VarChar' },
    { name: 't', data_type: 'Text' },
    { name: 'j', data_type: 'JSON' },
    { name: 'a', data_type: 'Array', element_type: 'VarChar' },
    { name: 'ts', data_type: 'Timestamptz' },
    { name: 'fv', data_type: 'FloatVector', dim: 2 },
    { name: 'bv', data_type: 'BinaryVector', dim: 8 },
    { name: 'f16', data_type: 'Float16Vector', dim: 2 },
    { name: 'bf16', data_type: 'BFloat16Vector', dim: 2 },
    { name: 'i8v', data_type: 'Int8Vector', dim: 2 },
    { name: 'sp', data_type: 'SparseFloatVector' },
    { name: 'n', data_type: 'Int32', nullable: true },
  ];
  const rows = [
    {
      id: 1,
      b: true,
      i8: -3,
      i16: 300,
      i32: 70000,
      f: 0.5,
      d: 0.25,
      s: 'x',
      t: 'long',
      j: { k: [1] },
      a: ['p', 'q'],
      ts: '2024-01-01T00:00:00Z',
      fv: [1, 2],
      bv: [129],
      f16: [1, 2],
      bf16: [1, 2],
      i8v: [1, -1],
      sp: { 3: 0.5, 10: 1 },
      n: 5,
      extra: 'dyn',
    },
    {
      id: 2,
      b: false,
      i8: 4,
      i16: -300,
      i32: -70000,
      f: 1.5,
      d: -0.25,
      s: 'y',
      t: '',
      j: { k: 2 },
      a: [],
      ts: '2024-01-01 08:00:00',
      fv: [3, 4],
      bv: [0],
      f16: [0.5, -2],
      bf16: [3, -4],
      i8v: [127, -128],
      sp: { 0: 2 },
      n: null,
    },
  ];
  const req = await sdkInsert(fields, rows, true);
  assert.equal(req['num_rows'], 2);
  const cols = new Map(decodeFieldData(req['fields_data'] as unknown[]).map((c) => [c.fieldName, c]));
  const data = (name: string) => cols.get(name)!.column.data;
  assert.deepEqual(Array.from(data('id') as BigInt64Array), [1n, 2n]);
  assert.deepEqual(Array.from(data('b') as Uint8Array), [1, 0]);
  assert.equal(cols.get('i8')!.column.type, DataType.Int32);
  assert.deepEqual(Array.from(data('i8') as Int32Array), [-3, 4]);
  assert.deepEqual(Array.from(data('i16') as Int32Array), [300, -300]);
  assert.deepEqual(Array.from(data('i32') as Int32Array), [70000, -70000]);
  assert.deepEqual(Array.from(data('f') as Float32Array), [0.5, 1.5]);
  assert.deepEqual(Array.from(data('d') as Float64Array), [0.25, -0.25]);
  assert.deepEqual(data('s'), ['x', 'y']);
  assert.equal(cols.get('t')!.column.type, DataType.Text);
  assert.deepEqual(data('j'), ['{"k":[1]}', '{"k":2}']);
  assert.deepEqual(data('a'), [['p', 'q'], []]);
  assert.equal(cols.get('ts')!.column.type, DataType.VarChar); // the SDK sends Timestamptz as strings
  assert.deepEqual(data('ts'), ['2024-01-01T00:00:00Z', '2024-01-01 08:00:00']);
  assert.deepEqual(Array.from(data('fv') as Float32Array), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(data('bv') as Uint8Array), [129, 0]);
  assert.equal((data('f16') as Uint8Array).length, 8);
  assert.equal((data('bf16') as Uint8Array).length, 8);
  assert.deepEqual(Array.from(data('i8v') as Int8Array), [1, -1, 127, -128]);
  const sp = data('sp') as { indices: Uint32Array; values: Float32Array }[];
  assert.deepEqual(Array.from(sp[0]!.indices), [3, 10]);
  assert.deepEqual(Array.from(sp[0]!.values), [0.5, 1]);
  assert.deepEqual(Array.from(sp[1]!.indices), [0]);
  assert.deepEqual(Array.from(cols.get('n')!.column.valid!), [1, 0]);
  assert.deepEqual(Array.from(data('n') as Int32Array), [5, 0]);
  const meta = cols.get('$meta')!;
  assert.equal(meta.isDynamic, true);
  assert.deepEqual(meta.column.data, ['{"extra":"dyn"}', '{}']);
});
