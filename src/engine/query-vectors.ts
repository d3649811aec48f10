// Query vectors given in process (the engine's own API, benchmarks, tests), as the field's scan
// reads them: Float32Array rows for dense float-like fields (Float16, BFloat16 and Int8 fields are
// searched in float32), packed bits for binary fields, sparse rows. Transports decode their own
// wire form into the same shape (src/protocol/placeholder-vectors.ts).
import { DataType, dataTypeName, typeParam, type FieldSchema } from '../catalog/index.js';
import { searchErrors } from '../errors.js';
import type { QueryVectorSource } from './search-request.js';
import type { QueryVector } from './vector-search.js';

/** The field's `dim` (0 for sparse fields, which have none). */
export function fieldDim(field: FieldSchema): number {
  return Number(typeParam(field, 'dim') ?? 0);
}

/** Refuses a query vector of `got` dimensions for a field of `dim`. */
export function checkQueryDim(got: number, field: FieldSchema, dim: number): void {
  if (got !== dim) throw searchErrors.queryDimMismatch(got, field.name, dim);
}

/** In-process query vectors, checked against the field once the search resolves it. */
export function queryVectors(vectors: readonly QueryVector[]): QueryVectorSource {
  return {
    count: vectors.length,
    decode(field) {
      const dim = fieldDim(field);
      return vectors.map((v) => {
        switch (field.dataType) {
          case DataType.SparseFloatVector:
            if (!('indices' in v)) throw searchErrors.queryKindMismatch(field.name, dataTypeName(field.dataType));
            return v;
          case DataType.BinaryVector:
            if (!(v instanceof Uint8Array)) throw searchErrors.queryKindMismatch(field.name, dataTypeName(field.dataType));
            checkQueryDim(v.byteLength * 8, field, dim);
            return v;
          case DataType.FloatVector:
          case DataType.Float16Vector:
          case DataType.BFloat16Vector:
          case DataType.Int8Vector:
            if (!(v instanceof Float32Array)) throw searchErrors.queryKindMismatch(field.name, dataTypeName(field.dataType));
            checkQueryDim(v.length, field, dim);
            return v;
          default:
            throw searchErrors.notVectorField(field.name);
        }
      });
    },
  };
}
