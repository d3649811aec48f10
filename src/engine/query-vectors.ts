// The vectors of a search request: which field they search, with which metric, decoded from
// the placeholder blobs into the form the field's search code reads.
import { DataType, isVectorType, typeParam, type CollectionSchema, type FieldSchema } from '../catalog/schema.js';
import type { SparseRow } from '../data/columns.js';
import { invalidParameter } from '../errors.js';
import type { Metric, QueryVector } from './search.js';
import { widenQuery } from './vector-decode.js';

export const MAX_TOPK = 16384;

const METRICS_BY_TYPE: Partial<Record<DataType, Metric[]>> = {
  [DataType.FloatVector]: ['L2', 'IP', 'COSINE'],
  [DataType.Float16Vector]: ['L2', 'IP', 'COSINE'],
  [DataType.BFloat16Vector]: ['L2', 'IP', 'COSINE'],
  [DataType.Int8Vector]: ['L2', 'IP', 'COSINE'],
  [DataType.BinaryVector]: ['HAMMING', 'JACCARD'],
  [DataType.SparseFloatVector]: ['IP'],
};

export function searchField(schema: CollectionSchema, annsField: string | undefined): FieldSchema {
  const vectors = schema.fields.filter((f) => isVectorType(f.dataType));
  if (annsField) {
    const f = schema.fields.find((x) => x.name === annsField);
    if (!f || !isVectorType(f.dataType)) throw invalidParameter(`failed to get field schema by name: fieldName(${annsField}) not found`);
    return f;
  }
  if (vectors.length !== 1) throw invalidParameter('multiple anns_fields exist, please specify a anns_field in search_params');
  return vectors[0]!;
}

/** The metric asked for, else the index's, else the type's customary default. */
export function searchMetric(field: FieldSchema, requested: string, indexMetric: string | undefined): Metric {
  const allowed = METRICS_BY_TYPE[field.dataType] ?? [];
  const chosen = (requested || indexMetric || (field.dataType === DataType.BinaryVector ? 'HAMMING' : field.dataType === DataType.SparseFloatVector ? 'IP' : 'COSINE')).toUpperCase();
  if (indexMetric && requested && indexMetric.toUpperCase() !== chosen) {
    throw invalidParameter(`metric type not match: invalid parameter[expected=${indexMetric}][actual=${requested}]`);
  }
  if (!allowed.includes(chosen as Metric)) {
    throw invalidParameter(`metric type ${chosen} is not supported for field ${field.name} of type ${DataType[field.dataType]}`);
  }
  return chosen as Metric;
}

function decodeSparse(blob: Uint8Array): SparseRow {
  if (blob.byteLength % 8 !== 0) throw invalidParameter('invalid sparse float vector: the length of the bytes must be a multiple of 8');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = blob.byteLength / 8;
  const indices = new Uint32Array(n);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    indices[i] = view.getUint32(i * 8, true);
    values[i] = view.getFloat32(i * 8 + 4, true);
  }
  return { indices, values };
}

/** Each blob as the field's query vector; a blob of the wrong size names both dims. */
export function decodeQueries(field: FieldSchema, blobs: readonly Uint8Array[]): QueryVector[] {
  const dim = Number(typeParam(field, 'dim') ?? 0);
  return blobs.map((raw) => {
    // An own, aligned copy: decoded bytes are Buffers viewing shared memory at any offset
    // (and Buffer#slice would not copy).
    const blob = new Uint8Array(raw);
    switch (field.dataType) {
      case DataType.SparseFloatVector:
        return decodeSparse(blob);
      case DataType.BinaryVector:
        if (blob.byteLength * 8 !== dim) throw dimMismatch(blob.byteLength * 8, field, dim);
        return blob;
      case DataType.FloatVector:
        if (blob.byteLength !== dim * 4) throw dimMismatch(blob.byteLength / 4, field, dim);
        return new Float32Array(blob.buffer);
      case DataType.Float16Vector:
      case DataType.BFloat16Vector:
        if (blob.byteLength !== dim * 2) throw dimMismatch(blob.byteLength / 2, field, dim);
        return widenQuery(field.dataType, blob);
      case DataType.Int8Vector:
        if (blob.byteLength !== dim) throw dimMismatch(blob.byteLength, field, dim);
        return widenQuery(field.dataType, blob);
      default:
        throw invalidParameter(`field ${field.name} is not a vector field`);
    }
  });
}

function dimMismatch(got: number, field: FieldSchema, dim: number) {
  return invalidParameter(`the dimension of the query vector (${got}) is not equal to the dimension of the vector field ${field.name} (${dim})`);
}
