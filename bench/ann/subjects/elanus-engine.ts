// Elanus's engine called in process, without a client: the path every transport reaches after
// decoding a request (the "engine path"). Same steps as the client subjects: a collection
// (Int64 `id`, FloatVector `vec`), rows inserted 5,000 per call, createIndex HNSW {M,
// efConstruction}, flush, load, describeIndex polled until every row is indexed; searches with
// limit k and ef. The gap to "Elanus embedded" (MilvusClient on a data dir) is the client's cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, queryVectors } from '../../../src/engine/index.js';
import { ELANUS_VERSION } from '../../../src/index.js';
import type { Metric } from '../datasets.js';
import { createEngineCollection, indexEngineCollection, insertEngineRows } from '../engine-collection.js';
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
    const c = { name: COLLECTION, dim: v.dim, metric, indexType: 'HNSW', indexParams: { M: p.M, efConstruction: p.efConstruction } };
    await createEngineCollection(engine, c);
    const t0 = performance.now();
    await insertEngineRows(engine, c, v.data, v.n, INSERT_BATCH);
    const insertS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const note = await indexEngineCollection(engine, c, v.n, this.indexTimeoutS, POLL_MS);
    return { insertS, buildS: (performance.now() - t1) / 1000, notes: note ? [note] : [] };
  }

  search(query: Float32Array, k: number, ef: number): number[] {
    const vectors = queryVectors([query]);
    const outcome = this.engine!.search('default', COLLECTION, {
      annsField: 'vec',
      metricType: this.metric,
      vectors,
      topk: k,
      offset: 0,
      expr: '',
      partitionNames: [],
      ef,
    });
    return outcome.hits[0]!.refs.map((r) => Number(r.batch.pks[r.row] as bigint));
  }

  async close(): Promise<void> {
    await this.engine?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
