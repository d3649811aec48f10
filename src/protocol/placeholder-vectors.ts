// The query vectors of a Search: a serialized PlaceholderGroup whose first placeholder holds one
// byte string per query vector. Milvus reads those bytes in the layout of the field the search
// resolves to, whatever the placeholder's tag says (pymilvus tags raw float16 bytes as binary),
// so decoding waits for the engine to name the field: float32 little-endian rows, packed bits,
// float16 / bfloat16 / int8 rows (widened to float32, the form their scans read) or sparse pairs.
import { DataType, type FieldSchema } from '../catalog/index.js';
import { checkQueryDim, fieldDim, widenQuery, type QueryVector, type QueryVectorSource } from '../engine/index.js';
import { searchErrors } from '../errors.js';
import { CONVERSION, protoRoot } from './descriptors.js';
import { sparseRowFromBytes } from './sparse-codec.js';

const PlaceholderGroup = protoRoot.lookupType('milvus.proto.common.PlaceholderGroup');

/** One placeholder value read as a query of `field`; a value of the wrong size names both dims. */
function decodeQuery(field: FieldSchema, dim: number, raw: Uint8Array): QueryVector {
  // An own, aligned copy: decoded bytes are Buffers viewing shared memory at any offset
  // (and Buffer#slice would not copy).
  const blob = new Uint8Array(raw);
  switch (field.dataType) {
    case DataType.SparseFloatVector: {
      const row = sparseRowFromBytes(blob);
      if (!row) throw searchErrors.sparseQueryLength();
      return row;
    }
    case DataType.BinaryVector:
      checkQueryDim(blob.byteLength * 8, field, dim);
      return blob;
    case DataType.FloatVector:
      checkQueryDim(blob.byteLength / 4, field, dim);
      return new Float32Array(blob.buffer);
    case DataType.Float16Vector:
    case DataType.BFloat16Vector:
      checkQueryDim(blob.byteLength / 2, field, dim);
      return widenQuery(field.dataType, blob);
    case DataType.Int8Vector:
      checkQueryDim(blob.byteLength, field, dim);
      return widenQuery(field.dataType, blob);
    default:
      throw searchErrors.notVectorField(field.name);
  }
}

/** The query vectors of a serialized PlaceholderGroup, decoded once the field is known. */
export function placeholderVectors(bytes: Uint8Array | undefined): QueryVectorSource {
  let decoded;
  try {
    decoded = PlaceholderGroup.decode(bytes ?? new Uint8Array());
  } catch {
    // Bytes that are not a PlaceholderGroup: what Milvus's proxy answers when proto.Unmarshal fails.
    throw searchErrors.placeholderGroupInvalid();
  }
  const group = PlaceholderGroup.toObject(decoded, { ...CONVERSION, bytes: Uint8Array }) as { placeholders: { values: Uint8Array[] }[] };
  const values = group.placeholders[0]?.values ?? [];
  return {
    count: values.length,
    decode(field) {
      const dim = fieldDim(field);
      return values.map((raw) => decodeQuery(field, dim, raw));
    },
  };
}
