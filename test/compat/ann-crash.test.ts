// SIGKILL while an index builds: the server is killed right after the flush that started the
// build (the worker is writing its temporary file, or about to). After a restart the half-built
// file is gone, the index is built again, DescribeIndex gets to Finished, and searches answer
// with the recall of an undisturbed build.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { makeDataDir, removeDataDir, startServer } from '../harness/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const DIM = 48;
const N = 20000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

test('SIGKILL during an index build: the restart rebuilds it and searches stay right', async (t) => {
  const dataDir = makeDataDir('ann-crash-');
  t.after(() => removeDataDir(dataDir));
  const random = rng(9);
  const vectors = Array.from({ length: N }, () => Array.from({ length: DIM }, () => Math.fround(random() * 2 - 1)));

  let server = await startServer({ dataDir });
  let client = new MilvusClient({ address: server.address, logLevel: 'error' } as Any);
  t.after(async () => {
    await client.closeConnection();
    await server.stop();
  });
  await client.createCollection({
    collection_name: 'c',
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'vec', data_type: DataType.FloatVector, dim: DIM },
    ],
  } as Any);
  for (let first = 0; first < N; first += 5000) {
    const rows = vectors.slice(first, first + 5000).map((vec, i) => ({ id: first + i, vec }));
    assert.equal(((await client.insert({ collection_name: 'c', data: rows } as Any)) as Any).status.error_code, 'Success');
  }
  await client.createIndex({
    collection_name: 'c',
    field_name: 'vec',
    index_type: 'HNSW',
    metric_type: 'L2',
    params: { M: 24, efConstruction: 400 },
  } as Any);
  await client.loadCollection({ collection_name: 'c' });
  await client.flush({ collection_names: ['c'] } as Any);
  const [building] = ((await client.describeIndex({ collection_name: 'c' })) as Any).index_descriptions;
  await client.closeConnection();
  await server.kill();
  assert.notEqual(building.state, 'Finished', 'the build was still running when the server was killed (a faster machine would need more rows)');

  server = await startServer({ dataDir });
  client = new MilvusClient({ address: server.address, logLevel: 'error' } as Any);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [d] = ((await client.describeIndex({ collection_name: 'c' })) as Any).index_descriptions;
    if (d.state === 'Finished' && Number(d.indexed_rows) === N) break;
    assert.ok(Date.now() < deadline, `index not rebuilt: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const files = readdirSync(join(dataDir, 'indexes'), { recursive: true }).map(String);
  assert.deepEqual(
    files.filter((f) => f.includes('.tmp')),
    [],
    'no temporary file survives',
  );
  assert.equal(files.filter((f) => f.endsWith('.idx')).length, 1);

  let total = 0;
  for (let q = 0; q < 20; q++) {
    const query = vectors[q * 97]!.map((x) => x + 0.01);
    const reply: Any = await client.search({ collection_name: 'c', data: [query], anns_field: 'vec', limit: 10, params: { ef: 128 } } as Any);
    const dist = (v: number[]) => v.reduce((s, x, i) => s + (x - query[i]!) ** 2, 0);
    const want = new Set(
      vectors
        .map((v, id) => ({ id, d: dist(v) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 10)
        .map((x) => x.id),
    );
    total += reply.results.filter((r: Any) => want.has(Number(r.id))).length / 10;
  }
  assert.ok(total / 20 >= 0.95, `recall after the rebuild: ${total / 20}`);
});
