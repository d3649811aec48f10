// pymilvus, the client most Milvus users' documents are written for, against a real `elanus
// serve`: every search path of the engine's one pipeline (plain, filtered, grouped, hybrid with
// RRF, a search iterator) and two refusals, compared with brute force over the same rows. The
// Python side is test/compat/pymilvus/search_paths.py; pymilvus itself is the copy in
// ../shared/clients/python, run with Debian's python3 and packages (.ci/run installs them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';

/** dist/test/compat -> the project root. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SCRIPT = join(ROOT, 'test', 'compat', 'pymilvus', 'search_paths.py');
const PYMILVUS = join(ROOT, '..', 'shared', 'clients', 'python');
const PYTHON = '/usr/bin/python3';

const N = 60;
const Q1 = [3.3, 5.1, 2.7, 1.0];
const Q2 = [0.2, 0.9, 0.4, 0.1];
const vec = (i: number) => [((i * 7) % 61) / 10, ((i * 11) % 61) / 10, ((i * 13) % 61) / 10, 1.0];
const vec2 = (i: number) => [((i * 17) % 61) / 60, ((i * 3) % 61) / 60, 0.5, (i % 2) / 4];
const IDS = Array.from({ length: N }, (_, k) => k + 1);
const f32 = (v: number[]) => Array.from(Float32Array.from(v));
const l2 = (a: number[], b: number[]) => a.reduce((s, x, k) => s + (x - b[k]!) ** 2, 0);
const ip = (a: number[], b: number[]) => a.reduce((s, x, k) => s + x * b[k]!, 0);
/**
 * Ids by L2 distance to Q1 (nearest first), or by IP with Q2 (largest first), in Milvus's reduce
 * order: float32 scores, ties by the smaller id (rows 37 and 41, for one, are at the same distance).
 */
const byL2 = (ids: number[]) => {
  const d = (i: number) => Math.fround(l2(f32(vec(i)), f32(Q1)));
  return [...ids].sort((a, b) => d(a) - d(b) || a - b);
};
const byIp = (ids: number[]) => {
  const s = (i: number) => Math.fround(ip(f32(vec2(i)), f32(Q2)));
  return [...ids].sort((a, b) => s(b) - s(a) || a - b);
};

interface Refusal {
  code: number;
  message: string;
}
interface Output {
  plain: number[];
  filtered: [number, string][];
  grouped: [number, number][];
  hybrid: number[];
  iterator: number[];
  bad_filter: Refusal | null;
  wrong_dim: Refusal | null;
}

let server: RunningServer;
let out: Output;

before(async () => {
  assert.ok(existsSync(join(PYMILVUS, 'pymilvus')), `pymilvus is expected at ${PYMILVUS}`);
  server = await startServer();
  const run = spawnSync(PYTHON, [SCRIPT, `http://${server.address}`], {
    env: { ...process.env, PYTHONPATH: PYMILVUS },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `python failed (${run.error?.message ?? ''}):\n${run.stderr}`);
  out = JSON.parse(run.stdout.trim().split('\n').pop()!) as Output;
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

test('pymilvus search, filtered search with output fields and grouped search equal brute force', () => {
  const ranked = byL2(IDS);
  assert.deepEqual(out.plain, ranked.slice(0, 3));
  assert.deepEqual(
    out.filtered,
    ranked
      .filter((i) => i % 2 === 1)
      .slice(0, 3)
      .map((i) => [i, 'odd']),
  );
  // group_by_field cat, group_size 1: the best hit of each of the first three groups seen.
  const seen = new Map<number, number>();
  for (const i of ranked) if (!seen.has(i % 4) && seen.size < 3) seen.set(i % 4, i);
  assert.deepEqual(
    out.grouped,
    [...seen.values()].map((i) => [i, i % 4]),
  );
});

test('pymilvus hybrid_search with RRFRanker(60) fuses the two sub-searches as RRF does', () => {
  const score = new Map<number, number>();
  for (const list of [byL2(IDS).slice(0, 5), byIp(IDS).slice(0, 5)]) {
    list.forEach((id, rank) => score.set(id, (score.get(id) ?? 0) + 1 / (60 + rank + 1)));
  }
  const fused = [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)! || a - b);
  assert.deepEqual(out.hybrid, fused.slice(0, 4));
});

test('pymilvus search_iterator walks every row once, nearest first', () => {
  assert.deepEqual(out.iterator, byL2(IDS));
});

test('pymilvus sees Milvus codes and texts for a malformed filter and a wrong query dimension', () => {
  assert.equal(out.bad_filter?.code, 1100, JSON.stringify(out.bad_filter));
  assert.ok(out.bad_filter!.message.startsWith('failed to create query plan: cannot parse expression: cat >> 1'), out.bad_filter!.message);
  assert.deepEqual(out.wrong_dim, {
    code: 1100,
    message: 'the dimension of the query vector (2) is not equal to the dimension of the vector field vec (4): invalid parameter',
  });
});
