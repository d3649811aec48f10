// `npm run bench -- ann-filter`: filtered approximate search through the engine. The clustered
// 100k x 128 set of the ann benchmark gets an Int64 `tag` = id % 1000, an HNSW index (M 16,
// efConstruction 200, L2), and searches at ef 64 with filters keeping 90%, 10%, 1% and 0.1% of
// the rows. Each is measured for QPS and recall@10 against the exact filtered top 10 (computed
// by brute force here), next to an exact search over all rows (a FLAT index on the same rows):
// the goal is that a 1% filter keeps recall >= 0.95 and beats the exact search.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, queryVectors } from '../src/engine/index.js';
import { annScale, clusteredDataset } from './ann/datasets.js';
import { createEngineCollection, indexEngineCollection, insertEngineRows } from './ann/engine-collection.js';
import type { Benchmark, BenchContext, BenchReport } from './benchmark.js';
import { markdownTable, textTable, type Table } from './report.js';

const TAG_MODULUS = 1000;
const FILTERS = [
  { expr: 'tag < 900', share: 0.9 },
  { expr: 'tag < 100', share: 0.1 },
  { expr: 'tag < 10', share: 0.01 },
  { expr: 'tag < 1', share: 0.001 },
];
const EF = 64;
const QUERIES = 300;

/** Fills and indexes one collection of the data set: HNSW, or FLAT for the exact baseline. */
async function prepare(engine: Engine, name: string, indexType: string, base: Float32Array, n: number, dim: number): Promise<void> {
  const c = {
    name,
    dim,
    metric: 'L2',
    indexType,
    indexParams: indexType === 'HNSW' ? { M: 16, efConstruction: 200 } : {},
    tagModulus: TAG_MODULUS,
  };
  await createEngineCollection(engine, c);
  await insertEngineRows(engine, c, base, n, 10_000);
  const note = await indexEngineCollection(engine, c, n, 600, 100);
  if (note) throw new Error(note);
}

/** Exact filtered top 10 by plain arithmetic (float64 sums). */
function truth(base: Float32Array, n: number, dim: number, q: Float32Array, share: number): Set<number> {
  const limit = share * TAG_MODULUS;
  const best: { id: number; d: number }[] = [];
  for (let id = 0; id < n; id++) {
    if (id % TAG_MODULUS >= limit) continue;
    let d = 0;
    for (let i = 0; i < dim; i++) {
      const x = q[i]! - base[id * dim + i]!;
      d += x * x;
    }
    if (best.length < 10 || d < best[best.length - 1]!.d) {
      best.push({ id, d });
      best.sort((a, b) => a.d - b.d);
      if (best.length > 10) best.pop();
    }
  }
  return new Set(best.map((b) => b.id));
}

function measure(engine: Engine, name: string, queries: Float32Array[], expr: string, ef: number | undefined): { qps: number; ids: number[][] } {
  const run = (i: number) =>
    engine.search('default', name, {
      annsField: 'vec',
      metricType: 'L2',
      vectors: queryVectors([queries[i]!]),
      topk: 10,
      offset: 0,
      expr,
      partitionNames: [],
      ef,
    });
  for (let i = 0; i < 10; i++) run(i); // warm-up
  const ids: number[][] = [];
  const started = performance.now();
  for (let i = 0; i < queries.length; i++) ids.push(run(i).hits[0]!.refs.map((r) => Number(r.batch.pks[r.row] as bigint)));
  return { qps: (queries.length / (performance.now() - started)) * 1000, ids };
}

export const annFilter: Benchmark = {
  name: 'ann-filter',
  summary: 'filtered HNSW search at 90/10/1/0.1% selectivity: QPS and recall@10 vs exact search (engine, 100k x 128)',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const ds = clusteredDataset(annScale());
    const { n, dim } = ds;
    const queries = Array.from({ length: Math.min(QUERIES, ds.nq) }, (_, i) => ds.queries.subarray(i * dim, (i + 1) * dim));
    const dir = mkdtempSync(join(tmpdir(), 'elanus-ann-filter-'));
    const engine = await Engine.open({ dataDir: dir });
    try {
      ctx.log(`ann-filter: ${n} x ${dim}, HNSW and FLAT collections`);
      await prepare(engine, 'hnsw', 'HNSW', ds.base, n, dim);
      await prepare(engine, 'flat', 'FLAT', ds.base, n, dim);
      const exactAll = measure(engine, 'flat', queries, '', undefined);
      const rows: string[][] = [];
      let goal = '';
      for (const f of [{ expr: '', share: 1 }, ...FILTERS]) {
        ctx.log(`ann-filter: ${f.expr || 'no filter'}`);
        const got = measure(engine, 'hnsw', queries, f.expr, EF);
        let recall = 0;
        queries.forEach((q, i) => {
          const want = truth(ds.base, n, dim, q, f.share);
          recall += got.ids[i]!.filter((id) => want.has(id)).length / Math.max(1, want.size);
        });
        recall /= queries.length;
        rows.push([
          f.expr || '(none)',
          `${(f.share * 100).toFixed(1)}%`,
          got.qps.toFixed(0),
          recall.toFixed(3),
          `${(got.qps / exactAll.qps).toFixed(2)}x`,
        ]);
        if (f.share === 0.01)
          goal = `1% filter: recall@10 ${recall.toFixed(3)}, ${(got.qps / exactAll.qps).toFixed(1)}x the QPS of an exact search over all rows.`;
      }
      const table: Table = {
        columns: ['filter', 'rows kept', 'QPS', 'recall@10', '÷ exact search, all rows'],
        align: ['l', 'r', 'r', 'r', 'r'],
        rows,
      };
      const intro = `Exact search over all ${n} rows (FLAT, no filter): ${exactAll.qps.toFixed(0)} QPS. HNSW M 16, efConstruction 200, ef ${EF}, k 10, ${queries.length} queries, one at a time, through the engine (no client).`;
      const method =
        `Data: the ann benchmark's clustered set (${ds.description}), with an Int64 tag = id % ${TAG_MODULUS}; filters \`tag < t\`. ` +
        'Recall@10 against the exact filtered top 10 computed by brute force (float64). Each segment plans per query: ' +
        'an exact SIMD scan of the passing rows when few pass, a graph walk with a skip map otherwise (src/engine/indexed-search.ts).';
      return {
        title: 'Filtered approximate search',
        text: `${intro}\n\n${textTable(table)}\n\n${goal}\n`,
        markdown: `${intro}\n\n${markdownTable(table)}\n\n${goal}\n\n${method}\n`,
      };
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
