// Long flat chains of `or` and `and` through the official Node SDK against a real `elanus serve`:
// `id == 1 or id == 2 or ... or id == 100000` is how many clients send a list (Milvus issues
// #25848, #29759, #53623), and Elanus answers it as Milvus does, with the rows `in [...]` and a
// brute force over the data select, for queries, searches and deletes. Genuinely nested filters
// stay limited (read-params.test.ts); a 1,000,000-term chain and an `in` list of 1,000,000 values
// are answered, never crash the server. Request times go to the test diagnostics, never into an
// assertion.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { assertSuccess } from './client-helpers.js';

let server: RunningServer;
let client: MilvusClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const COLL = 'chains';
const ROWS = 2000;
const rowId = (r: number): bigint => BigInt(r * 3 + 1);
const rowS = (r: number): string => `name_${r}`;
const rowTag = (r: number): bigint | null => (r % 5 === 0 ? null : BigInt(r % 17));

const ok = assertSuccess;

/** A request, timed into the test's diagnostics. */
async function timed<R>(t: { diagnostic(message: string): void }, label: string, run: () => Promise<R>): Promise<R> {
  const start = performance.now();
  const reply = await run();
  t.diagnostic(`${label}: answered in ${(performance.now() - start).toFixed(0)} ms`);
  return reply;
}

async function queryIds(filter: string, collection = COLL): Promise<string[]> {
  const res = await client.query({ collection_name: collection, filter, output_fields: ['id'] });
  ok(res, `query ${filter.slice(0, 80)}`);
  return res.data.map((r: Any) => String(r.id)).sort();
}

const allRows = Array.from({ length: ROWS }, (_, r) => r);
const idsOf = (rows: number[]): string[] => rows.map((r) => String(rowId(r))).sort();

before(async () => {
  server = await startServer();
  // A 16 MB filter takes seconds to send and plan on a busy machine: more than the SDK's default deadline.
  client = server.client({ timeout: 300_000 });
  ok(
    await client.createCollection({
      collection_name: COLL,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 's', data_type: DataType.VarChar, max_length: 64 },
        { name: 'tag', data_type: DataType.Int64, nullable: true },
        { name: 'v', data_type: DataType.FloatVector, dim: 4 },
      ],
    }),
    'create',
  );
  const data = allRows.map((r) => ({
    id: rowId(r).toString(),
    s: rowS(r),
    tag: rowTag(r) === null ? null : Number(rowTag(r)),
    v: [r % 7, 1, 0, 0],
  }));
  ok(await client.insert({ collection_name: COLL, data }), 'insert');
  ok(await client.createIndex({ collection_name: COLL, field_name: 'v', index_type: 'FLAT', metric_type: 'L2' }), 'index');
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

const TERMS = 100_000;

test('a 100,000-term or chain over the Int64 key and over a VarChar field answers what `in` and a brute force answer', async (t) => {
  // one term in 50 names a stored id, the others miss
  const ids = Array.from({ length: TERMS }, (_, i) => (i % 50 === 0 ? rowId(i % ROWS) : BigInt(-1 - i)));
  const wanted = new Set(ids);
  const brute = idsOf(allRows.filter((r) => wanted.has(rowId(r))));
  assert.ok(brute.length > 10 && brute.length < ROWS);
  const chain = ids.map((v) => `id == ${v}`).join(' or ');
  assert.deepEqual(await timed(t, 'query, int64 or chain', () => queryIds(chain)), brute);
  assert.deepEqual(await timed(t, 'query, int64 in list', () => queryIds(`id in [${ids.join(', ')}]`)), brute);

  const names = Array.from({ length: TERMS }, (_, i) => (i % 70 === 0 ? rowS(i % ROWS) : `nobody_${i}`));
  const named = new Set(names);
  const bruteS = idsOf(allRows.filter((r) => named.has(rowS(r))));
  assert.ok(bruteS.length > 10 && bruteS.length < ROWS);
  const chainS = names.map((v) => `s == "${v}"`).join(' or ');
  assert.deepEqual(await timed(t, 'query, varchar or chain', () => queryIds(chainS)), bruteS);
  assert.deepEqual(await timed(t, 'query, varchar in list', () => queryIds(`s in [${names.map((v) => `"${v}"`).join(', ')}]`)), bruteS);

  // a search filtered by the chain returns only rows the chain selects
  const search = await timed(t, 'search, int64 or chain', () =>
    client.search({ collection_name: COLL, anns_field: 'v', data: [[0, 1, 0, 0]], limit: 10, filter: chain, output_fields: ['id'] }),
  );
  ok(search, 'search');
  assert.equal(search.results.length, 10);
  for (const hit of search.results) assert.ok(brute.includes(String(hit.id)), `hit ${hit.id} outside the chain`);
});

test('a 100,000-term and chain over the Int64 key and over a VarChar field answers what `not in` and a brute force answer', async (t) => {
  const ids = Array.from({ length: TERMS }, (_, i) => (i % 40 === 0 && i < 40 * 300 ? rowId(i % ROWS) : BigInt(-1 - i)));
  const dropped = new Set(ids);
  const brute = idsOf(allRows.filter((r) => !dropped.has(rowId(r))));
  assert.ok(brute.length > 10 && brute.length < ROWS);
  assert.deepEqual(await timed(t, 'query, int64 and chain', () => queryIds(ids.map((v) => `id != ${v}`).join(' and '))), brute);
  assert.deepEqual(await timed(t, 'query, int64 not in list', () => queryIds(`id not in [${ids.join(', ')}]`)), brute);

  const names = Array.from({ length: TERMS }, (_, i) => (i % 3 === 0 && i < 3000 ? rowS(i) : `nobody_${i}`));
  const droppedS = new Set(names);
  const bruteS = idsOf(allRows.filter((r) => !droppedS.has(rowS(r))));
  assert.ok(bruteS.length > 10 && bruteS.length < ROWS);
  assert.deepEqual(await timed(t, 'query, varchar and chain', () => queryIds(names.map((v) => `s != "${v}"`).join(' and '))), bruteS);
});

test('alternating `and` / `or` chains (an or of ands) and chains on a nullable field answer as Milvus does', async (t) => {
  // tag is null on every fifth row: `tag == x` is NULL there, so those rows pass only through `id`
  const pairs = Array.from({ length: 20_000 }, (_, i) => `(tag == ${i % 17} and id == ${rowId(i % ROWS)})`).join(' or ');
  const bare = Array.from({ length: 20_000 }, (_, i) => `tag == ${i % 17} and id == ${rowId(i % ROWS)}`).join(' or ');
  const want = idsOf(allRows.filter((r) => rowTag(r) !== null && rowTag(r) === BigInt(r % 17)));
  assert.deepEqual(await timed(t, 'query, or of 20,000 ands', () => queryIds(bare)), want);
  assert.deepEqual(await queryIds(pairs), want);
  // `not (tag == a or tag == b ...)`: NULL stays NULL under not, so null rows are never selected
  const notIn = `not (${Array.from({ length: 10_000 }, (_, i) => `tag == ${i % 3}`).join(' or ')})`;
  assert.deepEqual(await queryIds(notIn), idsOf(allRows.filter((r) => rowTag(r) !== null && rowTag(r)! > 2n)));
});

test('a 1,000,000-term or chain and an `in` list of 1,000,000 values are answered, and the server keeps serving', async (t) => {
  const ids = Array.from({ length: 1_000_000 }, (_, i) => (i % 5000 === 0 ? rowId(i % ROWS) : BigInt(-1 - i)));
  const want = new Set(ids);
  const brute = idsOf(allRows.filter((r) => want.has(rowId(r))));
  const chain = ids.map((v) => `id == ${v}`).join(' or ');
  t.diagnostic(`the 1,000,000-term chain is ${chain.length} characters`);
  // 16 MB: inside Elanus's message limit, so the chain is parsed and run
  assert.deepEqual(await timed(t, 'query, 1,000,000-term or chain', () => queryIds(chain)), brute);
  assert.deepEqual(await timed(t, 'query, in list of 1,000,000', () => queryIds(`id in [${ids.join(',')}]`)), brute);
  const alive = await client.query({ collection_name: COLL, filter: 'id < 10', output_fields: ['id'] });
  ok(alive, 'still serving');
  assert.equal(alive.data.length, 3);
});

test('a chain past the token limit (3,000,000 terms, 51 MB, inside the message limit) is refused before it is planned, and the server keeps serving', async (t) => {
  // Planning takes about 250 bytes of heap a token: unbounded, this filter stalled the server in
  // garbage collection for minutes.
  const chain = Array.from({ length: 3_000_000 }, (_, i) => `id == ${1_000_000 + i}`).join(' or ');
  const refused = await timed(t, 'query, 3,000,000-term or chain', () =>
    client.query({ collection_name: COLL, filter: chain, output_fields: ['id'] }),
  );
  assert.equal(refused.status.code, 1100, JSON.stringify(refused.status).slice(0, 400));
  assert.match(
    refused.status.reason,
    /^failed to create query plan: cannot parse expression: .*has more than 6291456 tokens, the most Elanus parses/,
  );
  const alive = await client.query({ collection_name: COLL, filter: 'id < 10', output_fields: ['id'] });
  ok(alive, 'still serving');
  assert.equal(alive.data.length, 3);
});

test('a `not` chain is nesting, still refused past the depth limit; the same terms as a flat chain run', async () => {
  const nots = 'not '.repeat(5000) + 'id == 1';
  const refused = await client.query({ collection_name: COLL, filter: nots, output_fields: ['id'] });
  assert.equal(refused.status.code, 1100);
  assert.match(refused.status.reason, /^failed to create query plan: cannot parse expression: .*nested deeper than 1000 levels/);
  const flat = Array.from({ length: 5000 }, (_, i) => `not (id == ${rowId(i % 1500)})`).join(' and ');
  assert.deepEqual(await queryIds(flat), idsOf(allRows.filter((r) => r >= 1500)));
});

test('a delete by a 100,000-term or chain deletes exactly the rows it names', async (t) => {
  const ids = Array.from({ length: TERMS }, (_, i) => (i % 997 === 0 ? rowId(i % ROWS) : BigInt(-1 - i)));
  const gone = new Set(ids);
  const before = await queryIds(`id >= 0`);
  const res = await timed(t, 'delete, int64 or chain', () =>
    client.delete({ collection_name: COLL, filter: ids.map((v) => `id == ${v}`).join(' or ') }),
  );
  ok(res, 'delete');
  assert.equal(Number(res.delete_cnt), allRows.filter((r) => gone.has(rowId(r))).length);
  const afterDelete = await queryIds(`id >= 0`);
  assert.deepEqual(
    afterDelete,
    before.filter((id) => !gone.has(BigInt(id))),
  );
});
