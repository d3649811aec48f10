// A codec for Milvus's FloatArray message (`repeated float data = 1`, packed) over Float32Array.
//
// protobufjs decodes a packed float field one value at a time into a JS number array, and
// toObject then copies that array: about 400 ns per float here, so a 117 MiB insert spent 13 s
// in protobuf alone, and every float vector went through two 8-byte-per-value arrays of garbage.
// The wire bytes of a packed float field are already the little-endian float32 values, so this
// codec copies them into a Float32Array at once, and writes a Float32Array the same way.
// Decoded FloatArrays hold `data` as a Float32Array; encoding takes a Float32Array or any array
// of numbers. The bytes on the wire are exactly protobufjs's.
import protobuf from 'protobufjs';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Field 1, wire type 2 (length-delimited: a packed repeated field). */
const PACKED_DATA_TAG = (1 << 3) | 2;
/** Field 1, wire type 5 (32-bit: one value, as an unpacked writer sends it). */
const SINGLE_DATA_TAG = (1 << 3) | 5;

type Message = protobuf.Message & { data: Float32Array | number[] };

function toFloat32(values: unknown): Float32Array {
  if (values instanceof Float32Array) return values;
  if (!values || typeof (values as ArrayLike<unknown>).length !== 'number') return new Float32Array(0);
  return Float32Array.from(values as ArrayLike<number>, Number);
}

/** Copies `length` bytes at `offset` of `buf` into a new Float32Array (the source need not be aligned). */
function floatsAt(buf: Uint8Array, offset: number, length: number): Float32Array {
  const out = new Float32Array(length >>> 2);
  new Uint8Array(out.buffer).set(buf.subarray(offset, offset + (out.length << 2)));
  return out;
}

/**
 * Replaces FloatArray's generated codec on `type` (a protobufjs Type for milvus.proto.schema.
 * FloatArray). A big-endian machine keeps protobufjs's own, which is correct everywhere.
 */
export function installFloatArrayCodec(type: protobuf.Type): void {
  if (!LITTLE_ENDIAN) return;
  // setup() generates the codec functions on first use and would overwrite ours: run it first.
  type.setup();
  const create = (data: Float32Array): Message => {
    const message = new type.ctor() as Message;
    message.data = data;
    return message;
  };
  type.decode = ((input: protobuf.Reader | Uint8Array, length?: number): Message => {
    const reader = input instanceof protobuf.Reader ? input : protobuf.Reader.create(input);
    const end = length === undefined ? reader.len : reader.pos + length;
    const parts: Float32Array[] = [];
    while (reader.pos < end) {
      const tag = reader.uint32();
      if (tag === PACKED_DATA_TAG) {
        const bytes = reader.uint32();
        if (reader.pos + bytes > end) throw new RangeError(`FloatArray: ${bytes} bytes of floats past the message's end`);
        parts.push(floatsAt(reader.buf, reader.pos, bytes));
        reader.pos += bytes;
      } else if (tag === SINGLE_DATA_TAG) {
        parts.push(Float32Array.of(reader.float()));
      } else {
        reader.skipType(tag & 7);
      }
    }
    if (parts.length === 1) return create(parts[0]!);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const data = new Float32Array(total);
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    return create(data);
  }) as typeof type.decode;
  type.encode = ((message: { data?: unknown }, writer?: protobuf.Writer): protobuf.Writer => {
    const w = writer ?? protobuf.Writer.create();
    const data = toFloat32(message.data);
    // An empty repeated field is not written, as protobufjs does.
    if (data.length > 0) w.uint32(PACKED_DATA_TAG).bytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return w;
  }) as typeof type.encode;
  type.fromObject = ((object: { data?: unknown }): Message =>
    object instanceof type.ctor ? (object as Message) : create(toFloat32(object?.data))) as typeof type.fromObject;
  type.toObject = ((message: { data?: unknown }): { data: Float32Array } => ({ data: toFloat32(message.data) })) as typeof type.toObject;
}
