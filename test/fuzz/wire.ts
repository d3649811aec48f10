// Milvus messages in their wire form, for cases the SDK would not send as they are: encoded with
// the protocol's own descriptors (src/protocol's protoRoot, the SDK's proto definitions), and the
// byte layouts of query vectors in a PlaceholderGroup.
import { protoRoot } from '../../src/protocol/index.js';

/** One message of `typeName` (e.g. milvus.proto.schema.CollectionSchema) encoded from a plain object. */
export function encodeMessage(typeName: string, value: Record<string, unknown>): Buffer {
  const type = protoRoot.lookupType(typeName);
  const bytes = type.encode(type.fromObject(value)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The request and reply types of a MilvusService method. */
export function methodTypes(method: string): { request: string; response: string } {
  const m = protoRoot.lookupService('milvus.proto.milvus.MilvusService').methods[method];
  if (!m) throw new Error(`MilvusService has no method ${method}`);
  m.resolve();
  return { request: m.resolvedRequestType!.fullName.slice(1), response: m.resolvedResponseType!.fullName.slice(1) };
}

/** Whether a MilvusService method's reply can carry a Status (is one, or has a Status field). */
export function replyHasStatus(method: string): boolean {
  const reply = protoRoot.lookupType(methodTypes(method).response);
  if (reply.fullName === '.milvus.proto.common.Status') return true;
  reply.resolveAll();
  return reply.fieldsArray.some((f) => f.resolvedType?.fullName === '.milvus.proto.common.Status');
}

/** Every MilvusService method name. */
export function milvusMethods(): string[] {
  return protoRoot.lookupService('milvus.proto.milvus.MilvusService').methodsArray.map((m) => m.name);
}

/** Decodes a reply message of `typeName` the way the SDK does (enums and longs as strings). */
export function decodeMessage(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = protoRoot.lookupType(typeName);
  return type.toObject(type.decode(bytes), { longs: String, enums: String, defaults: true, oneofs: true }) as Record<string, unknown>;
}

/** Milvus's PlaceholderType numbers (common.proto). */
export const PlaceholderType = {
  None: 0,
  BinaryVector: 100,
  FloatVector: 101,
  Float16Vector: 102,
  BFloat16Vector: 103,
  SparseFloatVector: 104,
  Int8Vector: 105,
  Int64: 5,
  VarChar: 21,
} as const;

/** A serialized PlaceholderGroup: one placeholder `$0` of `type` holding `values`. */
export function placeholderGroup(type: number, values: readonly Uint8Array[], tag = '$0'): Buffer {
  return encodeMessage('milvus.proto.common.PlaceholderGroup', { placeholders: [{ tag, type, values: values.map((v) => Buffer.from(v)) }] });
}

export function float32Bytes(values: readonly number[]): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf;
}

/** float16 bits of a float (round to nearest even; NaN and infinities kept). */
function half(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = (mant | 0x800000) >> (1 - e + 13);
    return sign | m;
  }
  return sign | (e << 10) | (mant >> 13);
}

export function float16Bytes(values: readonly number[]): Buffer {
  const buf = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => buf.writeUInt16LE(half(v), i * 2));
  return buf;
}

export function bfloat16Bytes(values: readonly number[]): Buffer {
  const buf = Buffer.alloc(values.length * 2);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  values.forEach((v, i) => {
    f32[0] = v;
    buf.writeUInt16LE(u32[0]! >>> 16, i * 2);
  });
  return buf;
}

/** A sparse row: (uint32 LE index, float32 LE value) pairs. */
export function sparseBytes(pairs: readonly (readonly [number, number])[]): Buffer {
  const buf = Buffer.alloc(pairs.length * 8);
  pairs.forEach(([index, value], i) => {
    buf.writeUInt32LE(index >>> 0, i * 8);
    buf.writeFloatLE(value, i * 8 + 4);
  });
  return buf;
}
