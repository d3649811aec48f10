// Bad search, query and index parameters through the official Node SDK (or, where the SDK reshapes
// a request, the same request sent raw through its channel) against a real `elanus serve`: each
// is refused with Milvus 2.6's code and text, in Milvus's order of checks, never answered as if
// it were valid and never with an error from inside Elanus. Filters nested 10,000 and 1,000,000
// levels deep, in several shapes, are refused promptly and the server keeps serving.
//
// Sources: internal/proxy/search_util.go parseSearchInfo, util.go validateLimit / validateNQLimit,
// task_query.go parseQueryParams, segcore's CheckRangeSearchParam and GetValueFromConfig,
// validateIndexName (see src/errors.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { assertSuccess } from './client-helpers.js';
import { raw } from './alias-helpers.js';

let server: RunningServer;
let client: MilvusClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const COLL = 'rp_main';
const DIM = 4;
const ROWS = Array.from({ length: 20 }, (_, i) => ({ id: i, n: i, s: `s${i}`, v: [i, 1, 0, 0], w: [1, i, 0, 0] }));

const ok = assertSuccess;

function refused(reply: Any, code: number, reason: string | RegExp, label: string): void {
  const s = reply.status ?? reply;
  const detail = `${label}: got ${JSON.stringify(s).slice(0, 600)}`;
  assert.equal(s.code, code, detail);
  assert.notEqual(s.error_code, 'Success', detail);
  if (typeof reason === 'string') assert.equal(s.reason, reason, detail);
  else assert.match(s.reason, reason, detail);
  assert.doesNotMatch(s.reason, /inside Elanus/, detail);
}

function vectorBytes(q: number[]): Buffer {
  return Buffer.from(new Float32Array(q).buffer);
}

/** A Search sent as given: `params` become search_params key/values, `placeholder` overrides the vectors. */
async function rawSearch(
  params: Record<string, string>,
  opts: { placeholder?: Uint8Array; dsl?: string; queries?: number[][] } = {},
): Promise<Any> {
  const proto = (client as unknown as { milvusProto: Any }).milvusProto;
  const Group = proto.lookupType('milvus.proto.common.PlaceholderGroup');
  const queries = opts.queries ?? [[1, 1, 0, 0]];
  const group =
    opts.placeholder ?? Group.encode(Group.create({ placeholders: [{ tag: '$0', type: 101, values: queries.map(vectorBytes) }] })).finish();
  return raw(client, 'Search', {
    collection_name: COLL,
    dsl: opts.dsl ?? '',
    dsl_type: 1,
    placeholder_group: group,
    search_params: Object.entries({ anns_field: 'v', metric_type: 'L2', ...params }).map(([key, value]) => ({ key, value })),
    nq: queries.length,
  });
}

before(async () => {
  server = await startServer();
  client = server.client();
  ok(
    await client.createCollection({
      collection_name: COLL,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'n', data_type: DataType.Int64 },
        { name: 's', data_type: DataType.VarChar, max_length: 512 },
        { name: 'v', data_type: DataType.FloatVector, dim: DIM },
        { name: 'w', data_type: DataType.FloatVector, dim: DIM },
      ],
    }),
    'create',
  );
  ok(await client.insert({ collection_name: COLL, data: ROWS }), 'insert');
  ok(
    await client.createIndex({
      collection_name: COLL,
      field_name: 'v',
      index_type: 'HNSW',
      metric_type: 'L2',
      params: { M: 8, efConstruction: 64 },
    }),
    'index v',
  );
  ok(await client.createIndex({ collection_name: COLL, field_name: 'w', index_type: 'FLAT', metric_type: 'IP' }), 'index w');
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

// ---- topk, offset, round_decimal: Go's strconv.ParseInt and validateLimit ---------------------------

test('a topk that is empty or not a Go integer is refused, not read as the default 10', async () => {
  // The SDK sends `limit: ""` as topk "".
  const empty = await client.search({ collection_name: COLL, anns_field: 'v', data: [[1, 1, 0, 0]], limit: '' as never });
  refused(empty, 65535, 'topk [] is invalid', 'SDK limit ""');
  for (const bad of ['', ' 5', '5.0', '1e1', 'ten', '5 ']) {
    refused(await rawSearch({ topk: bad }), 65535, `topk [${bad}] is invalid`, `topk ${JSON.stringify(bad)}`);
  }
  refused(await rawSearch({}), 65535, 'topk is required', 'no topk');
  // Go's base prefixes and digit underscores are integers to Milvus: 0x5 is 5 hits, 0_5 is octal 5.
  for (const good of ['0x5', '0_5', '+5', '5']) {
    const res = await rawSearch({ topk: good });
    ok(res, `topk ${good}`);
    assert.deepEqual(res.results.topks.map(Number), [5], `topk ${good}`);
  }
});

test('topk and offset out of range, and offset+topk past the window, get validateLimit texts', async () => {
  refused(await rawSearch({ topk: '0' }), 65535, 'topk [0] is invalid, it should be in range [1, 16384], but got 0', 'topk 0');
  refused(await rawSearch({ topk: '16385' }), 65535, 'topk [16385] is invalid, it should be in range [1, 16384], but got 16385', 'topk 16385');
  refused(await rawSearch({ topk: '5', offset: 'x' }), 65535, 'offset [x] is invalid', 'offset x');
  refused(await rawSearch({ topk: '5', offset: '' }), 65535, 'offset [] is invalid', 'offset ""');
  refused(
    await rawSearch({ topk: '5', offset: '-1' }),
    65535,
    'offset [-1] is invalid, it should be in range [1, 16384], but got -1',
    'offset -1',
  );
  refused(
    await rawSearch({ topk: '16000', offset: '1000' }),
    65535,
    'offset+topk [17000] is invalid, it should be in range [1, 16384], but got 17000',
    'window',
  );
  // the nq check comes first
  refused(
    await rawSearch({ topk: '' }, { queries: [] }),
    65535,
    'nq [0] is invalid, nq (number of search vector per search request) should be in range [1, 16384], but got 0',
    'nq 0 before topk',
  );
  // an iterator's out-of-range topk is the window instead
  const it = await rawSearch({ topk: '20000', iterator: 'true' });
  ok(it, 'iterator topk 20000');
  refused(
    await rawSearch({ topk: '5', round_decimal: '1.0' }),
    65535,
    'round_decimal [1.0] is invalid, should be -1 or an integer in range [0, 6]',
    'round 1.0',
  );
  refused(
    await rawSearch({ topk: '5', round_decimal: '1e0' }),
    65535,
    'round_decimal [1e0] is invalid, should be -1 or an integer in range [0, 6]',
    'round 1e0',
  );
  refused(await rawSearch({ topk: '5', ignore_growing: 'maybe' }), 1100, 'parse ignore growing field failed: invalid parameter', 'ignore_growing');
});

// ---- the JSON params: radius, range_filter, non-object JSON ---------------------------------------

test('radius and range_filter must be JSON numbers; range_filter must lie inside radius for the metric', async () => {
  const notNumber = await client.search({ collection_name: COLL, anns_field: 'v', data: [[1, 1, 0, 0]], limit: 5, params: { radius: 'x' } });
  refused(
    notNumber,
    1100,
    'get value from config for key radius failed, error: [json.exception.type_error.302] type must be number, but is string',
    'radius "x"',
  );
  refused(
    await rawSearch({ topk: '5', params: '{"radius": 10, "range_filter": [1]}' }),
    1100,
    'get value from config for key range_filter failed, error: [json.exception.type_error.302] type must be number, but is array',
    'range_filter [1]',
  );
  // L2: range_filter < radius; IP: range_filter > radius
  const l2 = await client.search({
    collection_name: COLL,
    anns_field: 'v',
    data: [[1, 1, 0, 0]],
    limit: 5,
    params: { radius: 1, range_filter: 2 },
  });
  refused(l2, 1100, 'metric type (L2), range_filter(2) must be less than radius(1)', 'L2 range_filter > radius');
  const equal = await rawSearch({ topk: '5', params: '{"radius": 1.5, "range_filter": 1.5}' });
  refused(equal, 1100, 'metric type (L2), range_filter(1.5) must be less than radius(1.5)', 'L2 range_filter = radius');
  const ip = await client.search({
    collection_name: COLL,
    anns_field: 'w',
    data: [[1, 1, 0, 0]],
    limit: 5,
    metric_type: 'IP',
    params: { radius: 0.5, range_filter: 0.1 },
  } as never);
  refused(ip, 1100, 'metric type (IP), range_filter(0.1) must be greater than radius(0.5)', 'IP range_filter < radius');
  // the right way round still searches
  const good = await client.search({
    collection_name: COLL,
    anns_field: 'v',
    data: [[1, 1, 0, 0]],
    limit: 5,
    params: { radius: 30, range_filter: 1 },
  });
  ok(good, 'L2 range search');
  assert.ok(good.results.length > 0);
});

test("params that are JSON but not an object: null is no params, anything else gets the query node's text", async () => {
  const nul = await rawSearch({ topk: '3', params: 'null' });
  ok(nul, 'params null');
  assert.deepEqual(nul.results.topks.map(Number), [3]);
  for (const [json, type] of [
    ['5', 'number'],
    ['"x"', 'string'],
    ['[1]', 'array'],
    ['true', 'boolean'],
  ]) {
    refused(
      await rawSearch({ topk: '3', params: json! }),
      1100,
      `[json.exception.type_error.305] cannot use operator[] with a string argument with ${type}`,
      `params ${json}`,
    );
  }
});

test("placeholder bytes that are not a PlaceholderGroup get the proxy's unmarshal error, not an internal one", async () => {
  for (const bytes of [Buffer.from([0xff, 0xff, 0xff]), Buffer.from([0x0a, 0x10, 0x01]), Buffer.from('not a protobuf')]) {
    refused(
      await rawSearch({ topk: '3' }, { placeholder: bytes }),
      65535,
      'proto: cannot parse invalid wire-format data',
      `bytes ${bytes.toString('hex')}`,
    );
  }
});

// ---- queries: limit and offset -----------------------------------------------------------------------

test('query limit and offset are strconv.ParseInt; offset counts only with a limit', async () => {
  const q = (params: Record<string, string>) =>
    raw(client, 'Query', {
      collection_name: COLL,
      expr: 'n >= 0',
      output_fields: ['n'],
      query_params: Object.entries(params).map(([key, value]) => ({ key, value })),
    });
  refused(await q({ limit: '' }), 65535, 'limit [] is invalid', 'limit ""');
  refused(await q({ limit: '2.0' }), 65535, 'limit [2.0] is invalid', 'limit 2.0');
  refused(await q({ limit: '2', offset: '1e0' }), 65535, 'offset [1e0] is invalid', 'offset 1e0');
  refused(await q({ limit: '0' }), 65535, 'invalid max query result window, limit [0] is invalid, should be greater than 0', 'limit 0');
  refused(
    await q({ limit: '2', offset: '-1' }),
    65535,
    'invalid max query result window, offset [-1] is invalid, should be gte than 0',
    'offset -1',
  );
  const noLimit = await q({ offset: '-5' });
  ok(noLimit, 'offset without a limit is ignored');
  assert.equal(noLimit.fields_data[0].scalars.long_data.data.length, ROWS.length);
  const hex = await q({ limit: '0x3' });
  ok(hex, 'limit 0x3');
  assert.equal(hex.fields_data[0].scalars.long_data.data.length, 3);
});

// ---- filters nested deep ---------------------------------------------------------------------------

const DEEP_SHAPES: [string, (n: number) => string][] = [
  ['parentheses', (n) => '('.repeat(n) + 'n == 1' + ')'.repeat(n)],
  ['not', (n) => 'not '.repeat(n) + '(n == 1)'],
  ['arithmetic', (n) => 'n + ('.repeat(n) + 'n' + ')'.repeat(n) + ' == 1'],
  ['array', (n) => 'n in ' + '['.repeat(n) + '1' + ']'.repeat(n)],
  ['and and or nested in turn', (n) => '(n == 1 and (n == 1 or '.repeat(Math.ceil(n / 2)) + 'n == 1' + '))'.repeat(Math.ceil(n / 2))],
];
// (Flat chains of `and` and `or` are one level however long and run: filter-chains.test.ts.)

test('filters nested 10,000 and 1,000,000 levels deep are refused with a clear error, and the server keeps serving', async () => {
  for (const [shape, make] of DEEP_SHAPES) {
    for (const depth of [10_000, 1_000_000]) {
      const expr = make(depth);
      const query = await client.query({ collection_name: COLL, filter: expr, output_fields: ['n'], limit: 5 });
      refused(query, 1100, /^failed to create query plan: cannot parse expression: .*nested deeper than 1000 levels/, `query ${shape} ${depth}`);
      const search = await client.search({ collection_name: COLL, anns_field: 'v', data: [[1, 1, 0, 0]], limit: 5, filter: expr });
      refused(search, 1100, /nested deeper than 1000 levels/, `search ${shape} ${depth}`);
    }
  }
  const alive = await client.query({ collection_name: COLL, filter: 'n < 3', output_fields: ['n'] });
  ok(alive, 'still serving');
  assert.equal(alive.data.length, 3);
});

test('filters within the depth limit still run: 900 nested parentheses and a 900-term or chain', async () => {
  const parens = await client.query({ collection_name: COLL, filter: '('.repeat(900) + 'n == 1' + ')'.repeat(900), output_fields: ['n'] });
  ok(parens, '900 parentheses');
  assert.deepEqual(
    parens.data.map((r: Any) => Number(r.n)),
    [1],
  );
  const chain = Array.from({ length: 900 }, (_, i) => `n == ${i % 20 === 7 ? 7 : 100 + i}`).join(' or ');
  const res = await client.query({ collection_name: COLL, filter: chain, output_fields: ['n'] });
  ok(res, '900-term chain');
  assert.deepEqual(
    res.data.map((r: Any) => Number(r.n)),
    [7],
  );
});

test('like patterns match in linear time: %a%a%a...%b against a long run of a', async () => {
  ok(await client.insert({ collection_name: COLL, data: [{ id: 100, n: 100, s: 'a'.repeat(300), v: [0, 0, 0, 1], w: [0, 0, 0, 1] }] }), 'insert');
  const pattern = '%a'.repeat(12) + '%b';
  const res = await client.query({ collection_name: COLL, filter: `s like "${pattern}"`, output_fields: ['n'] });
  ok(res, 'like');
  assert.deepEqual(res.data, []);
  const hit = await client.query({ collection_name: COLL, filter: `s like "${'%a'.repeat(12)}%"`, output_fields: ['n'] });
  assert.deepEqual(
    hit.data.map((r: Any) => Number(r.n)),
    [100],
  );
});

// ---- index names ------------------------------------------------------------------------------------

test('index names are trimmed as Go trims: a leading byte-order mark is not a letter', async () => {
  const bom = await client.createIndex({ collection_name: COLL, field_name: 'n', index_name: '\uFEFFidx', index_type: 'INVERTED' });
  refused(bom, 65535, 'Invalid index name: \uFEFFidx. The first character of a index name must be an underscore or letter.', 'BOM');
  const digit = await client.createIndex({ collection_name: COLL, field_name: 'n', index_name: '1idx', index_type: 'INVERTED' });
  refused(digit, 65535, 'Invalid index name: 1idx. The first character of a index name must be an underscore or letter.', 'digit first');
  const dash = await client.createIndex({ collection_name: COLL, field_name: 'n', index_name: 'a-b', index_type: 'INVERTED' });
  refused(dash, 65535, 'Invalid index name: a-b. Index name can only contain numbers, letters, and underscores.', 'dash');
  const long = 'a'.repeat(256);
  refused(
    await client.createIndex({ collection_name: COLL, field_name: 'n', index_name: long, index_type: 'INVERTED' }),
    65535,
    `Invalid index name: ${long}. The length of a index name must be less than 255 characters.`,
    'too long',
  );
  // blanks around a valid name are trimmed for the check, as Go's TrimSpace does
  ok(await client.createIndex({ collection_name: COLL, field_name: 'n', index_name: ' n_idx\t', index_type: 'INVERTED' }), 'trimmed');
});
