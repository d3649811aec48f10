// Elanus's engine called in process, without a client: the path every transport reaches after
// decoding a request (the "engine path"). Same steps as the client subjects: a collection
// (Int64 `id`, FloatVector `vec`), rows inserted 5,000 per call, createIndex HNSW {M,
// efConstruction}, flush, load, describeIndex polled until every row is indexed; searches with
// limit k and ef. The gap to "Elanus embedded" (MilvusClient on a data dir) is the client's cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, defineField } from '../../../src/catalog/index.js';
import { Engine } from '../../../src/engine/index.js';
import { ELANUS_VERSION } from '../../../src/index.js';
import type { Metric } from '../datasets.js';
import type { AnnSubject, BuildParams, BuildResult, VectorSet } from '../subject.js';
import { INSERT_BATCH } from './elanus.js';

const COLLECTION = 'ann';
const POLL_MS = 200;

export class ElanusEngineSubject implements AnnSubject {
  readonly name = 'elanus-engine';
  readonly kind = `HNSW, engine API (Elanus ${ELANUS_VERSION})`;
  private dir: string | undefined;
  private engine: Engine | undefined;
  private metric: Metric = 'L2';

  constructor(private readonly indexTimeoutS: number) {}

  async open(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'elanus-ann-engine-'));
    this.engine = await Engine.open({ dataDir: this.dir });
  }

  async build(v: VectorSet, metric: Metric, p: BuildParams): Promise<BuildResult> {
    const engine = this.engine!;
    this.metric = metric;
    await engine.createCollection('default', {
      collectionName: COLLECTION,
      schema: {
        name: COLLECTION,
        description: '',
        autoID: false,
        enableDynamicField: false,
        properties: [],
        functions: [],
        fields: [
          defineField('id', DataType.Int64, { isPrimaryKey: true }),
          defineField('vec', DataType.FloatVector, { typeParams: [{ key: 'dim', value: String(v.dim) }] }),
        ],
      },
      shardsNum: 1,
      consistencyLevel: 'Strong',
      properties: [],
      numPartitions: 0,
    });
    const t0 = performance.now();
    for (let first = 0; first < v.n; first += INSERT_BATCH) {
      const count = Math.min(INSERT_BATCH, v.n - first);
      await engine.insert('default', COLLECTION, {
        numRows: count,
        mode: 'insert',
        partitionName: '',
        columns: [
          { fieldName: 'id', isDynamic: false, column: { type: DataType.Int64, data: BigInt64Array.from({ length: count }, (_, i) => BigInt(first + i)) } },
          { fieldName: 'vec', isDynamic: false, column: { type: DataType.FloatVector, dim: v.dim, data: v.data.slice(first * v.dim, (first + count) * v.dim) } },
        ],
      });
    }
    const insertS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await engine.createIndex('default', {
      collectionName: COLLECTION,
      fieldName: 'vec',
      indexName: '',
      extraParams: [
        { key: 'index_type', value: 'HNSW' },
        { key: 'metric_type', value: metric },
        { key: 'params', value: JSON.stringify({ M: p.M, efConstruction: p.efConstruction }) },
      ],
    });
    await engine.flush('default', [COLLECTION]);
    await engine.loadCollection('default', COLLECTION);
    const notes: string[] = [];
    for (;;) {
      const [state] = engine.describeIndex('default', COLLECTION, '');
      if (state!.state === 'Finished' && state!.indexedRows === v.n) break;
      if ((performance.now() - t1) / 1000 > this.indexTimeoutS) {
        notes.push(`index not complete after ${this.indexTimeoutS} s (${state!.indexedRows} of ${v.n} rows)`);
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return { insertS, buildS: (performance.now() - t1) / 1000, notes };
  }

  search(query: Float32Array, k: number, ef: number): number[] {
    const blob = new Uint8Array(query.buffer, query.byteOffset, query.byteLength);
    const outcome = this.engine!.search('default', COLLECTION, { annsField: 'vec', metricType: this.metric, blobs: [blob], topk: k, offset: 0, expr: '', partitionNames: [], ef });
    return outcome.hits[0]!.refs.map((r) => Number(r.batch.pks[r.row] as bigint));
  }

  async close(): Promise<void> {
    await this.engine?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
