// The FloatArray codec (src/protocol/float-array-codec.ts) against protobufjs's own: the same
// bytes for every value list, inside the messages that carry it too (an insert's FieldData at an
// odd offset), and the same values back, as a Float32Array, from either encoder's bytes
// (unpacked single values included, as a writer may send them).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import { protoRoot } from '../../src/protocol/descriptors.js';

const require = createRequire(import.meta.url);
const descriptor = (require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js') as { default: protobuf.INamespace }).default;
/** protobufjs's generated codecs, untouched. */
const reference = protobuf.Root.fromJSON(descriptor);

const lists: number[][] = [
  [],
  [1.5],
  [0, -0, 3.25, -7e-30, 1e30, Number.MAX_VALUE, Math.PI],
  Array.from({ length: 4099 }, (_, i) => Math.sin(i) * 1000),
];

test('FloatArray: the same bytes as protobufjs for every list, and the same float32 values back', () => {
  const fast = protoRoot.lookupType('milvus.proto.schema.FloatArray');
  const slow = reference.lookupType('milvus.proto.schema.FloatArray');
  for (const data of lists) {
    const expected = slow.encode(slow.fromObject({ data })).finish();
    assert.deepEqual(fast.encode(fast.fromObject({ data })).finish(), expected, `number[] of ${data.length}`);
    assert.deepEqual(fast.encode(fast.fromObject({ data: Float32Array.from(data) })).finish(), expected, `Float32Array of ${data.length}`);
    const back = fast.toObject(fast.decode(expected)) as { data: Float32Array };
    assert.ok(back.data instanceof Float32Array);
    assert.deepEqual(back.data, Float32Array.from(data));
  }
});

test('FloatArray inside an insert: the whole request encodes as protobufjs does, and decodes to the same vectors', () => {
  const request = (data: ArrayLike<number>) => ({
    collection_name: 'c',
    num_rows: 2,
    fields_data: [
      { type: 'VarChar', field_name: 'odd', scalars: { string_data: { data: ['x', 'yy'] } } },
      { type: 'FloatVector', field_name: 'v', vectors: { dim: '3', float_vector: { data } } },
      { type: 'Float', field_name: 'f', scalars: { float_data: { data: [0.5, 2] } } },
    ],
  });
  const fast = protoRoot.lookupType('milvus.proto.milvus.InsertRequest');
  const slow = reference.lookupType('milvus.proto.milvus.InsertRequest');
  const values = [1, 2, 3, 4.5, 5.5, 6.5];
  const expected = slow.encode(slow.fromObject(request(values))).finish();
  assert.deepEqual(fast.encode(fast.fromObject(request(Float32Array.from(values)))).finish(), expected);
  const decoded = fast.toObject(fast.decode(expected), { defaults: true, oneofs: true }) as {
    fields_data: { vectors?: { float_vector: { data: Float32Array } }; scalars?: { float_data?: { data: Float32Array } } }[];
  };
  assert.deepEqual(decoded.fields_data[1]!.vectors!.float_vector.data, Float32Array.from(values));
  assert.deepEqual(decoded.fields_data[2]!.scalars!.float_data!.data, Float32Array.of(0.5, 2));
});

test('FloatArray: values written unpacked, one at a time, are read too', () => {
  const fast = protoRoot.lookupType('milvus.proto.schema.FloatArray');
  const writer = protobuf.Writer.create();
  for (const v of [1.25, -2, 8]) writer.uint32((1 << 3) | 5).float(v);
  writer.uint32((1 << 3) | 2).bytes(new Uint8Array(Float32Array.of(9, 10).buffer));
  assert.deepEqual((fast.decode(writer.finish()) as unknown as { data: Float32Array }).data, Float32Array.of(1.25, -2, 8, 9, 10));
});
