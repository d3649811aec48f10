// What actually serves a vector index, told where a user looks: DescribeIndex. CreateIndex accepts
// every CPU index type of Milvus 2.6 (scripts create them), but Elanus has no quantization and no
// on-disk graph yet: the quantized types are served by their full-precision relative, DISKANN and
// the binary IVF by exact search. Read from indexSpec, the very function the segment indexes are
// built by, so what DescribeIndex says cannot drift from what runs. docs/compatibility.md has the
// table.
import { DataType, isVectorType, paramValue, type CollectionRecord, type IndexRecord } from '../catalog/index.js';
import { indexSpec, type IndexSpec } from './segment-indexes.js';

/** The index type each way of serving is, and how to say it when the requested type differs. */
const SERVED: Record<IndexSpec['kind'] | 'exact', { type: string; says: string }> = {
  hnsw: { type: 'HNSW', says: 'HNSW (float32 vectors, not quantized)' },
  ivf: { type: 'IVF_FLAT', says: 'IVF_FLAT (float32 vectors, not quantized)' },
  flat: { type: 'FLAT', says: 'FLAT (exact search)' },
  sparse: { type: 'SPARSE_INVERTED_INDEX', says: 'SPARSE_INVERTED_INDEX' },
  exact: { type: 'BIN_FLAT', says: 'BIN_FLAT (exact search)' },
};

/**
 * How a vector index is served, when that is not the index type it was created as; undefined when
 * it is (and for AUTOINDEX, whose choice is Elanus's to make, and for scalar indexes, which change
 * no result).
 */
export function indexServedBy(collection: CollectionRecord, record: IndexRecord): string | undefined {
  if (record.isAutoIndex) return undefined;
  const field = collection.schema.fields.find((f) => f.fieldID === record.fieldId);
  if (!field || !isVectorType(field.dataType)) return undefined;
  const requested = (paramValue(record.params, 'index_type') ?? '').toUpperCase();
  const spec = indexSpec(record, field);
  // Without a spec the field is searched exactly: binary vectors (BIN_FLAT's exact scan).
  const served = SERVED[spec?.kind ?? (field.dataType === DataType.BinaryVector ? 'exact' : 'flat')];
  return served.type === requested ? undefined : served.says;
}
