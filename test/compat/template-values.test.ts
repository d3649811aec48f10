// Template values (`expr_template_values`, the SDK's `exprValues`) that Milvus 2.6's plan parser
// cannot convert, through the official Node SDK (or raw through its channel, where the SDK would
// shape the value differently) against a real `elanus serve`: each gets Milvus's code 1100 and
// text, "failed to create query plan: <the conversion's error>: invalid parameter", never an error
// from inside Elanus; values nested deeper than Elanus reads are refused without exhausting the
// stack; the values Milvus converts keep Milvus's types (a float stays a float).
//
// Sources: internal/parser/planparserv2/convert_field_data_to_generic_value.go (ConvertToGenericValue,
// convertArrayValue), utils.go (parseJSONValue), plan_parser_v2.go (parseExprInner: the values are
// converted after the filter parses), internal/json (bytedance/sonic's SyntaxError text).
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

const COLL = 'tv_main';

const ok = assertSuccess;

function refused(reply: Any, reason: string | RegExp, label: string): void {
  const s = reply.status ?? reply;
  const detail = `${label}: got ${JSON.stringify(s).slice(0, 800)}`;
  assert.equal(s.code, 1100, detail);
  if (typeof reason === 'string') assert.equal(s.reason, reason, detail);
  else assert.match(s.reason, reason, detail);
  assert.doesNotMatch(s.reason, /inside Elanus/, detail);
}

/** A Query sent as given, with `templates` as the wire's expr_template_values. */
function rawQuery(expr: string, templates: Record<string, unknown>): Promise<Any> {
  return raw(client, 'Query', { collection_name: COLL, expr, output_fields: ['id'], expr_template_values: templates });
}

const json = (...texts: string[]) => ({ array_val: { json_data: { data: texts.map((t) => Buffer.from(t)) } } });
const planError = (detail: string): string => `failed to create query plan: ${detail}: invalid parameter`;

before(async () => {
  server = await startServer();
  client = server.client();
  ok(
    await client.createCollection({
      collection_name: COLL,
      fields: [
        { name: 'id', data_type: DataType.Int64, is_primary_key: true },
        { name: 'i8', data_type: DataType.Int8 },
        { name: 'j', data_type: DataType.JSON },
        { name: 'v', data_type: DataType.FloatVector, dim: 2 },
      ],
    }),
    'create',
  );
  const data = [0, 1, 2, 3].map((i) => ({ id: i, i8: i, j: { a: [i, i + 1], s: `x${i}` }, v: [i, 1] }));
  ok(await client.insert({ collection_name: COLL, data }), 'insert');
  ok(await client.createIndex({ collection_name: COLL, field_name: 'v', index_type: 'FLAT', metric_type: 'L2' }), 'index');
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

test("json_data elements that are not JSON get sonic's syntax error, not an internal error", async () => {
  refused(
    await rawQuery('j["a"] in {v}', { v: json('not json') }),
    planError('"Syntax error at index 1: invalid char\\n\\n\\tnot json\\n\\t.^......\\n"'),
    'not json',
  );
  refused(await rawQuery('j["a"] in {v}', { v: json('[1, 2') }), planError('"Syntax error at index 5: eof\\n\\n\\t[1, 2\\n\\t^\\n"'), 'cut short');
  refused(
    await rawQuery('j["a"] in {v}', { v: json('{"a" 1}') }),
    planError('"Syntax error at index 5: invalid char\\n\\n\\t{\\"a\\" 1}\\n\\t.....^.\\n"'),
    'no colon',
  );
  // the value is converted even when the filter does not name it, once the filter has parsed
  refused(await rawQuery('id >= 0', { unused: json('{') }), planError('"Syntax error at index 1: eof\\n\\n\\t{\\n\\t^\\n"'), 'unused');
  // a filter that does not parse is reported first
  refused(await rawQuery('id >=', { v: json('nope') }), /^failed to create query plan: cannot parse expression: id >=/, 'filter first');
});

test('JSON values Milvus will not convert: null and objects (parseJSONValue), numbers beyond float64', async () => {
  refused(await rawQuery('j["a"] in {v}', { v: json('null') }), planError('<nil> is of unknown type: <nil>\n'), 'null');
  refused(await rawQuery('j["a"] in {v}', { v: json('[1, null]') }), planError('<nil> is of unknown type: <nil>\n'), 'nested null');
  refused(
    await rawQuery('j["a"] in {v}', { v: json('{"b": [1, "x"], "a": true}') }),
    planError('map[a:true b:[1 x]] is of unknown type: map[string]interface {}\n'),
    'object',
  );
  refused(await rawQuery('j["a"] in {v}', { v: json('1e400') }), planError("1e400 is a number, but couldn't convert it"), '1e400');
});

test('template values Milvus 2.6 does not take: no value, bytes, an array with no data', async () => {
  refused(await rawQuery('id in {v}', { v: {} }), planError('expression elements can only be scalars'), 'empty TemplateValue');
  refused(
    await rawQuery('id in {v}', { v: { bytes_val: Buffer.from('[1, 2]') } }),
    planError('expression elements can only be scalars'),
    'bytes_val',
  );
  refused(await rawQuery('id in {v}', { v: { array_val: {} } }), planError('unknown template variable value type: <nil>'), 'empty array value');
});

test('a float template value stays a float: an integer field refuses 2.0 as Milvus does', async () => {
  refused(await rawQuery('i8 > {x}', { x: { float_val: 2 } }), planError('cannot cast value to Int8, value: float_val:2'), 'float 2.0 on Int8');
  const ints = await rawQuery('i8 > {x}', { x: { int64_val: 2 } });
  ok(ints, 'int64 2 on Int8');
  assert.deepEqual(ints.fields_data[0].scalars.long_data.data.map(Number), [3]);
  // json_data numbers: 2 is an int64, 2.0 a float64, as json.Number reads them
  const jsonInts = await rawQuery('j["a"][0] in {v}', { v: json('2', '3.0') });
  ok(jsonInts, 'json numbers');
  assert.deepEqual(jsonInts.fields_data[0].scalars.long_data.data.map(Number).sort(), [2, 3]);
});

test('template arrays nested deeper than Elanus reads are refused, on the wire and in JSON, and the server keeps serving', async () => {
  const deepJson = '['.repeat(5000) + '1' + ']'.repeat(5000);
  refused(
    await rawQuery('j["a"] == {v}', { v: json(deepJson) }),
    planError('the value of expression template variable {v} nests arrays deeper than 1000 levels, the most Elanus reads'),
    'json 5000 deep',
  );
  const veryDeep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
  refused(
    await rawQuery('j["a"] == {v}', { v: json(veryDeep) }),
    planError('the value of expression template variable {v} nests arrays deeper than 1000 levels, the most Elanus reads'),
    'json 1,000,000 deep',
  );
  // within the limit a nested value is a value like any other
  const nested = await rawQuery('j["a"] in {v}', { v: json('[1, 2]', '[7]') });
  ok(nested, 'nested within the limit');
  assert.deepEqual(nested.fields_data[0].scalars.long_data.data.map(Number), [1]);
  // On the wire each array level is two protobuf messages; the decoder stops at 100 message levels
  // (protobufjs, as protoc), before the plan.
  let wire: Any = { long_data: { data: [1] } };
  for (let i = 0; i < 60; i++) wire = { array_data: { data: [wire] } };
  const res = await rawQuery('j["a"] == {v}', { v: { array_val: wire } }).catch((e: Error) => ({ transportError: e.message }));
  assert.doesNotMatch(JSON.stringify(res), /inside Elanus|Maximum call stack/);
  const alive = await client.query({ collection_name: COLL, filter: 'id < 2', output_fields: ['id'] });
  ok(alive, 'still serving');
  assert.equal(alive.data.length, 2);
});
