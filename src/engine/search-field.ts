// Which vector field a search reads and with which metric: the request's `anns_field` (optional
// when the collection has one vector field) and `metric_type` (optional: the index's, else the
// type's customary default), refused with Milvus's texts.
import {
  DataType,
  dataTypeName,
  isVectorType,
  type CollectionRecord,
  type CollectionSchema,
  type FieldSchema,
  type IndexRecord,
} from '../catalog/index.js';
import { searchErrors } from '../errors.js';
import type { Metric } from './vector-search.js';

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
    if (!f || !isVectorType(f.dataType)) throw searchErrors.annsFieldNotFound(annsField);
    return f;
  }
  if (vectors.length !== 1) throw searchErrors.annsFieldRequired();
  return vectors[0]!;
}

/** The index on `field`, if it has one. */
export function fieldIndex(collection: CollectionRecord, field: FieldSchema): IndexRecord | undefined {
  return (collection.indexes ?? []).find((i) => i.fieldId === field.fieldID);
}

/** The metric an index was built with. */
export function indexMetric(index: IndexRecord | undefined): string | undefined {
  return index?.params.find((p) => p.key === 'metric_type')?.value;
}

/** The metric asked for, else the index's, else the type's customary default. */
export function searchMetric(field: FieldSchema, requested: string, indexed: string | undefined): Metric {
  const allowed = METRICS_BY_TYPE[field.dataType] ?? [];
  const fallback = field.dataType === DataType.BinaryVector ? 'HAMMING' : field.dataType === DataType.SparseFloatVector ? 'IP' : 'COSINE';
  const chosen = (requested || indexed || fallback).toUpperCase();
  if (indexed && requested && indexed.toUpperCase() !== chosen) throw searchErrors.metricMismatch(indexed, requested);
  if (!allowed.includes(chosen as Metric)) throw searchErrors.metricUnsupported(chosen, field.name, dataTypeName(field.dataType));
  return chosen as Metric;
}
