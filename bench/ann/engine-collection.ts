// The collection the engine-path benchmarks search (bench/ann/subjects/elanus-engine.ts and
// bench/ann-filter.ts): Int64 `id`, FloatVector `vec`, optionally Int64 `tag` = id % tagModulus,
// filled through the engine's API, then indexed, sealed, loaded and waited on until every row is
// indexed.
import { DataType, defineField } from '../../src/catalog/index.js';
import type { Engine } from '../../src/engine/index.js';

export interface EngineCollection {
  name: string;
  dim: number;
  metric: string;
  indexType: string;
  indexParams: Record<string, unknown>;
  /** Adds `tag` = id % tagModulus when set. */
  tagModulus?: number;
}

export async function createEngineCollection(engine: Engine, c: EngineCollection): Promise<void> {
  await engine.createCollection('default', {
    collectionName: c.name,
    schema: {
      name: c.name,
      description: '',
      autoID: false,
      enableDynamicField: false,
      properties: [],
      functions: [],
      fields: [
        defineField('id', DataType.Int64, { isPrimaryKey: true }),
        defineField('vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: String(c.dim) }] }),
        ...(c.tagModulus ? [defineField('tag', DataType.Int64)] : []),
      ],
    },
    shardsNum: 1,
    consistencyLevel: 'Strong',
    properties: [],
    numPartitions: 0,
  });
}

/** Inserts rows [0, n) of `base` (row i has id i), `batch` rows per call. */
export async function insertEngineRows(engine: Engine, c: EngineCollection, base: Float32Array, n: number, batch: number): Promise<void> {
  for (let first = 0; first < n; first += batch) {
    const count = Math.min(batch, n - first);
    const ids = BigInt64Array.from({ length: count }, (_, i) => BigInt(first + i));
    await engine.insert('default', c.name, {
      numRows: count,
      mode: 'insert',
      partitionName: '',
      columns: [
        { fieldName: 'id', isDynamic: false, column: { type: DataType.Int64, data: ids } },
        {
          fieldName: 'vec',
          isDynamic: false,
          column: { type: DataType.FloatVector, dim: c.dim, data: base.slice(first * c.dim, (first + count) * c.dim) },
        },
        ...(c.tagModulus
          ? [{ fieldName: 'tag', isDynamic: false, column: { type: DataType.Int64 as const, data: ids.map((id) => id % BigInt(c.tagModulus!)) } }]
          : []),
      ],
    });
  }
}

/**
 * CreateIndex, Flush (seals the rows), load, then polls DescribeIndex until all `n` rows are
 * indexed or `timeoutS` passes. Returns a note when it gave up.
 */
export async function indexEngineCollection(
  engine: Engine,
  c: EngineCollection,
  n: number,
  timeoutS: number,
  pollMs: number,
): Promise<string | undefined> {
  const started = performance.now();
  await engine.createIndex('default', {
    collectionName: c.name,
    fieldName: 'vec',
    indexName: '',
    extraParams: [
      { key: 'index_type', value: c.indexType },
      { key: 'metric_type', value: c.metric },
      { key: 'params', value: JSON.stringify(c.indexParams) },
    ],
  });
  await engine.flush('default', [c.name]);
  await engine.loadCollection('default', c.name);
  for (;;) {
    const [state] = engine.describeIndex('default', c.name, '');
    if (state!.state === 'Failed') throw new Error(`index failed: ${state!.failReason}`);
    if (state!.state === 'Finished' && state!.indexedRows === n) return undefined;
    if ((performance.now() - started) / 1000 > timeoutS) return `index not complete after ${timeoutS} s (${state!.indexedRows} of ${n} rows)`;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
