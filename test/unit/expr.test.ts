// Filter expressions: a table of expressions with the rows each selects over a fixed data set,
// a table of invalid expressions with Milvus's code and text, and the helpers the engine uses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType } from '../../src/catalog/index.js';
import { planFailed } from '../../src/errors.js';
import {
  compileFilter,
  fieldsUsed,
  parseFilter,
  primaryKeyTerms,
  type ExprSchema,
  type FilterError,
  type RowSource,
  type TemplateValues,
} from '../../src/expr/index.js';

const F = (name: string, dataType: DataType, extra: Partial<{ elementType: DataType; nullable: boolean; isPrimaryKey: boolean }> = {}) => ({
  name,
  dataType,
  elementType: extra.elementType ?? DataType.None,
  nullable: extra.nullable ?? false,
  isPrimaryKey: extra.isPrimaryKey ?? false,
});

const schema: ExprSchema = {
  enableDynamicField: true,
  fields: [
    F('id', DataType.Int64, { isPrimaryKey: true }),
    F('i8', DataType.Int8),
    F('i16', DataType.Int16),
    F('i32', DataType.Int32),
    F('i64', DataType.Int64),
    F('f', DataType.Float),
    F('d', DataType.Double),
    F('b', DataType.Bool),
    F('s', DataType.VarChar),
    F('j', DataType.JSON),
    F('ai', DataType.Array, { elementType: DataType.Int64 }),
    F('as', DataType.Array, { elementType: DataType.VarChar }),
    F('n', DataType.Int32, { nullable: true }),
    F('ns', DataType.VarChar, { nullable: true }),
    F('jn', DataType.JSON, { nullable: true }),
    F('ts', DataType.Timestamptz),
    F('txt', DataType.Text),
    F('vec', DataType.FloatVector),
  ],
};

const big = 9007199254740993n; // 2^53 + 1: not representable as a double
const columns: Record<string, unknown[]> = {
  id: Array.from({ length: 12 }, (_, i) => BigInt(i)),
  i8: [0, 1, -1, 127, -128, 5, 10, 3, 2, 7, 100, -50],
  i16: [0, 100, -100, 32767, 5, 6, 7, 8, 9, 10, 11, 12],
  i32: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
  i64: [big, 9007199254740992n, -5n, 0n, 1n, 2n, 3n, 4n, 5n, 6n, 9223372036854775807n, -9223372036854775808n],
  f: [0.1, 1.5, -2.25, 3, 0, 10.5, 2.5, 7, 8, 9, 1e10, -0.5].map(Math.fround),
  d: [0.1, 1.5, -2.25, 3, 0, 10.5, 2.5, 7, 8, 9, 1e10, -0.5],
  b: Array.from({ length: 12 }, (_, i) => i % 2 === 0),
  s: ['apple', 'banana', 'cherry', 'apricot', 'blueberry', '', 'Apple', 'a_b', 'a%b', 'grape', '日本', 'pear'],
  j: [
    { a: 1, b: 'x', arr: [1, 2, 3], o: { p: 1 } },
    { a: 2.5, b: 'y', arr: [4] },
    { a: '1', b: null },
    { a: true },
    {},
    { a: [1, 2] },
    { a: 3, arr: [1.0, 'x'] },
    { b: 'xyz' },
    { a: 10, c: { d: [5, 6] } },
    { a: -1 },
    { a: 1.0 },
    { x: {} },
  ],
  ai: [[1, 2, 3], [4, 5], [], [1], [2, 2], [10, 20, 30], [3], [1, 2], [5], [6, 7], [8], [9]].map((a) => a.map(BigInt)),
  as: [['a', 'b'], ['c'], [], ['apple'], ['b', 'c'], ['x'], ['y', 'z'], ['a'], ['ab', 'cd'], ['q'], ['r'], ['s']],
  n: [1, null, 3, null, 5, null, 7, null, 9, 10, null, 12],
  ns: ['x', null, 'y', null, 'x', 'z', null, 'x', 'y', null, 'z', 'x'],
  jn: [{ a: 1 }, null, { a: 2 }, null, { a: 1 }, { b: 1 }, null, { a: 3 }, { a: 1 }, null, { a: 5 }, { a: 1 }],
  ts: [0n, 86_400_000_000n, 1_735_689_600_000_000n, 1_735_776_000_000_000n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n],
  $meta: [
    { k: 1, tag: 'red' },
    { k: 2, tag: 'blue' },
    { k: '3' },
    {},
    { k: 5, tag: 'red' },
    { k: 6.5 },
    { tag: 'green' },
    { k: 8 },
    { k: 9, tag: 'red' },
    { k: 10 },
    { k: null },
    { k: [1, 2] },
  ],
};
const source: RowSource = { value: (field, row) => columns[field]![row] };

function select(expr: string, templates?: TemplateValues): number[] {
  const pred = compileFilter(parseFilter(expr, schema, templates));
  const out: number[] = [];
  for (let r = 0; r < 12; r++) if (pred(source, r)) out.push(r);
  return out;
}

const ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const NONE: number[] = [];
const except = (...ids: number[]) => ALL.filter((i) => !ids.includes(i));

// [expression, rows selected, templates?]
const cases: [string, number[], TemplateValues?][] = [
  // empty, constants
  ['', ALL],
  ['   ', ALL],
  ['1 == 1', ALL],
  ['1 > 2', NONE],
  ['"a" < "b"', ALL],
  ['2 ** 3 == 8', ALL],
  // integer literals in every base
  ['i8 == 0x7f', [3]],
  ['i8 == 0X7F', [3]],
  ['i8 == 0b101', [5]],
  ['i8 == 012', [6]],
  ['i8 == 0', [0]],
  ['i8 == -0x80', [4]],
  ['i8 == +5', [5]],
  ['i8 == -(-5)', [5]],
  ['i8 == 2 * 3 + 4', [6]],
  ['i8 == 20 / 3 - 1', [5]],
  ['i8 == 17 % 5', [8]],
  ['i8 == 2 ** 2 - 1', [7]],
  // floats, exponents
  ['d == 1.5', [1]],
  ['d == 15e-1', [1]],
  ['d == .5e1 * 2.1', [5]],
  ['d > 1e9', [10]],
  ['d == 1.', NONE],
  ['d < -1', [2]],
  ['d == 0x1.4p1', [6]],
  ['f == 0.1', [0]],
  ['f == 1.5', [1]],
  ['f > 9', [5, 10]],
  ['f == 3', [3]],
  ['d == 3', [3]],
  // comparisons on every integer width
  ['i8 > 5', [3, 6, 9, 10]],
  ['i8 >= 5', [3, 5, 6, 9, 10]],
  ['i8 < 0', [2, 4, 11]],
  ['i8 <= -50', [4, 11]],
  ['i8 != 0', except(0)],
  ['i8 < 1000', ALL],
  ['i8 > -1000', ALL],
  ['i16 >= 32767', [3]],
  ['i32 > 100', [10, 11]],
  ['i32 == 60', [5]],
  // Int64 beyond 2^53 stays exact
  ['i64 == 9007199254740993', [0]],
  ['i64 == 9007199254740992', [1]],
  ['i64 > 9007199254740992', [0, 10]],
  ['i64 == 9223372036854775807', [10]],
  ['i64 == -9223372036854775808', [11]],
  ['i64 in [9007199254740993, 5]', [0, 8]],
  ['i64 != 9007199254740993 and i64 > 1000', [1, 10]],
  // field vs field, int vs float
  ['i8 == i16', [0]],
  ['i8 < i16', [1, 3, 4, 5, 7, 8, 9, 11]],
  ['f == d', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
  ['d > i8', [0, 1, 4, 5, 7, 8, 9, 10, 11]],
  ['i64 >= i8', [0, 1, 4, 7, 8, 10]],
  // chained ranges
  ['1 < i8 < 10', [5, 7, 8, 9]],
  ['1 <= i8 <= 10', [1, 5, 6, 7, 8, 9]],
  ['10 > i8 >= 3', [5, 7, 9]],
  ['10 >= i8 > 3', [5, 6, 9]],
  ['0.5 < d < 3', [1, 6]],
  ['0 < f <= 3', [0, 1, 3, 6]],
  ['"b" < s < "c"', [1, 4]],
  ['1 < j["a"] < 5', [1, 6]],
  ['"a" <= s <= "b"', [0, 3, 7, 8]],
  // bool
  ['b == true', [0, 2, 4, 6, 8, 10]],
  ['b == True', [0, 2, 4, 6, 8, 10]],
  ['b != TRUE', [1, 3, 5, 7, 9, 11]],
  ['b == false', [1, 3, 5, 7, 9, 11]],
  ['b != false && i8 > 0', [6, 8, 10]],
  // strings and escapes
  ['s == "apple"', [0]],
  ["s == 'apple'", [0]],
  ['s == ""', [5]],
  ['s != ""', except(5)],
  ['s > "c"', [2, 9, 10, 11]],
  ['s == "a_b"', [7]],
  ['s == "\\x61pple"', [0]],
  ['s == "\\u0061pple"', [0]],
  ['s == "\\141pple"', [0]],
  ['s == \'a\\\'b\' or s == "a\\"b"', NONE],
  ['s == "日本"', [10]],
  ['s in ["apple", "pear", "nope"]', [0, 11]],
  ['s not in ["apple", "pear"]', except(0, 11)],
  // like
  ['s like "ap%"', [0, 3]],
  ['s LIKE "%rry"', [2, 4]],
  ['s like "%an%"', [1]],
  ['s like "a_b"', [7, 8]],
  ['s like "a\\\\_b"', [7]],
  ['s like "a\\\\%b"', [8]],
  ['s like "_pple"', [0, 6]],
  ['s like "a%e"', [0]],
  ['s like "%"', ALL],
  ['s like ""', [5]],
  ['s like "apple"', [0]],
  ['s like "日%"', [10]],
  ['s like "__"', [10]],
  ['as[0] like "a%"', [0, 3, 7, 8]],
  ['j["b"] like "x%"', [0, 7]],
  ['tag like "r%"', [0, 4, 8]],
  // in / not in
  ['i8 in [1, 2, 3]', [1, 7, 8]],
  ['i8 IN [1, 2, 3,]', [1, 7, 8]],
  ['i8 not in [1, 2, 3]', except(1, 7, 8)],
  ['i8 NOT IN [1]', except(1)],
  ['i8 in []', NONE],
  ['i8 not in []', ALL],
  ['d in [1.5, 3]', [1, 3]],
  ['f in [0.1, 2.5]', [0, 6]],
  ['b in [true]', [0, 2, 4, 6, 8, 10]],
  ['id in [1, 3, 5]', [1, 3, 5]],
  ['j["a"] in [1, "1", true]', [0, 2, 3, 10]],
  ['j["a"] in [2.5, 3]', [1, 6]],
  ['j["a"] not in [1]', except(0, 10)],
  ['ai[0] in [1, 10]', [0, 3, 5, 7]],
  // arithmetic against constants
  ['i8 + 2 == 5', [7]],
  ['2 + i8 == 5', [7]],
  ['i8 - 1 == 1', [8]],
  ['i8 * 2 > 15', [3, 6, 10]],
  ['3 * i8 == 30', [6]],
  ['i8 / 2 == 1', [7, 8]],
  ['i8 / 2 == -25', [11]],
  ['i8 % 2 == 1', [1, 3, 5, 7, 9]],
  ['i8 % 3 == -1', [2]],
  ['i64 + 1 == 9007199254740994', [0]],
  ['i64 - 1 == 9007199254740992', [0]],
  ['i64 % 2 == 1', [0, 4, 6, 8, 10]],
  ['d * 2 == 3', [1]],
  ['d / 2 > 4', [5, 9, 10]],
  ['f + 1 == 2.5', [1]],
  ['j["a"] + 1 == 2', [0, 10]],
  ['k * 2 == 10', [4]],
  ['ai[0] + 1 == 2', [0, 3, 7]],
  // array_length
  ['array_length(ai) == 3', [0, 5]],
  ['array_length(ai) == 0', [2]],
  ['ARRAY_LENGTH(as) >= 2', [0, 4, 6, 8]],
  ['array_length(j["arr"]) == 1', [1]],
  ['array_length(k) == 2', [11]],
  // logical operators and precedence
  ['i8 > 0 and i8 < 5', [1, 7, 8]],
  ['i8 > 0 AND i8 < 5', [1, 7, 8]],
  ['i8 > 0 && i8 < 5', [1, 7, 8]],
  ['i8 < 0 or i8 > 99', [2, 3, 4, 10, 11]],
  ['i8 < 0 OR i8 > 99', [2, 3, 4, 10, 11]],
  ['i8 < 0 || i8 > 99', [2, 3, 4, 10, 11]],
  ['i8 == 1 or i8 == 2 and b == false', [1]],
  ['(i8 == 1 or i8 == 2) and b == true', [8]],
  ['not (i8 > 0)', [0, 2, 4, 11]],
  ['NOT (i8 > 0)', [0, 2, 4, 11]],
  ['!(i8 > 0)', [0, 2, 4, 11]],
  ['not not (i8 > 0)', [1, 3, 5, 6, 7, 8, 9, 10]],
  ['!(i8 > 0) && !(i8 < 0)', [0]],
  // null semantics (three-valued logic)
  ['n is null', [1, 3, 5, 7, 10]],
  ['n IS NULL', [1, 3, 5, 7, 10]],
  ['n is not null', [0, 2, 4, 6, 8, 9, 11]],
  ['n IS NOT NULL', [0, 2, 4, 6, 8, 9, 11]],
  ['n > 4', [4, 6, 8, 9, 11]],
  ['n != 3', [0, 4, 6, 8, 9, 11]],
  ['not (n > 4)', [0, 2]],
  ['n in [1, 3]', [0, 2]],
  ['n not in [1, 3]', [4, 6, 8, 9, 11]],
  ['n > 4 or i8 == 1', [1, 4, 6, 8, 9, 11]],
  ['not (n > 4 or i8 == 1)', [0, 2]],
  ['not (n > 4 and i8 == 1)', [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
  ['n + 1 == 4', [2]],
  ['n == i32', NONE],
  ['n < i8', [6]],
  ['ns == "x"', [0, 4, 7, 11]],
  ['ns like "%"', [0, 2, 4, 5, 7, 8, 10, 11]],
  ['i8 is null', NONE],
  ['i8 is not null', ALL],
  ['jn is null', [1, 3, 6, 9]],
  ['jn["a"] == 1', [0, 4, 8, 11]],
  ['not (jn["a"] == 1)', [2, 5, 7, 10]],
  ['jn["a"] is null', [1, 3, 5, 6, 9]],
  ['jn["a"] is not null', [0, 2, 4, 7, 8, 10, 11]],
  // JSON paths and typed comparisons
  ['j["a"] == 1', [0, 10]],
  ["j['a'] == 1", [0, 10]],
  ['j["a"] == 1.0', [0, 10]],
  ['j["a"] > 2', [1, 6, 8]],
  ['j["a"] == "1"', [2]],
  ['j["a"] == true', [3]],
  ['j["a"] != 1', except(0, 10)],
  ['j["a"] == [1, 2]', [5]],
  ['j["a"] != [1, 2]', NONE],
  ['j["arr"][0] == 1', [0, 6]],
  ['j["arr"][1] == "x"', [6]],
  ['j["c"]["d"][1] == 6', [8]],
  ['j["o"]["p"] >= 1', [0]],
  ['j["missing"] == 1', NONE],
  ['not (j["missing"] == 1)', ALL],
  ['j["b"] > "x"', [1, 7]],
  ['j["b"] in ["x", "y"]', [0, 1]],
  ['$meta["k"] == 1', [0]],
  ['$meta["tag"] == "red"', [0, 4, 8]],
  // dynamic keys
  ['k == 2', [1]],
  ['k > 5', [5, 7, 8, 9]],
  ['k == "3"', [2]],
  ['k in [1, 2, 8]', [0, 1, 7]],
  ['tag == "red"', [0, 4, 8]],
  ['tag != "red"', except(0, 4, 8)],
  ['nosuchkey == 1', NONE],
  ['k < 3 and tag == "blue"', [1]],
  ['1 < k < 9', [1, 4, 5, 7]],
  // exists / is null on JSON keys
  ['exists j["a"]', [0, 1, 2, 3, 5, 6, 8, 9, 10]],
  ['EXISTS j["b"]', [0, 1, 7]],
  ['exists j["x"]', NONE],
  ['exists k', [0, 1, 2, 4, 5, 7, 8, 9, 11]],
  ['exists $meta["tag"]', [0, 1, 4, 6, 8]],
  ['j["a"] is null', [4, 7, 11]],
  ['j["b"] is not null', [0, 1, 7]],
  ['tag is null', [2, 3, 5, 7, 9, 10, 11]],
  ['k is not null', [0, 1, 2, 4, 5, 7, 8, 9, 11]],
  // json_contains family
  ['json_contains(j["arr"], 1)', [0, 6]],
  ['JSON_CONTAINS(j["arr"], "x")', [6]],
  ['json_contains(j["a"], 2)', [5]],
  ['json_contains_all(j["arr"], [1, 2])', [0]],
  ['json_contains_all(j["arr"], [1, "x"])', [6]],
  ['json_contains_any(j["arr"], [4, "x"])', [1, 6]],
  ['json_contains(k, 2)', [11]],
  ['json_contains_any(j["c"]["d"], [6, 7])', [8]],
  ['json_contains(ai, 2)', [0, 4, 7]],
  // array_contains family
  ['array_contains(ai, 2)', [0, 4, 7]],
  ['ARRAY_CONTAINS(ai, 20)', [5]],
  ['array_contains_all(ai, [1, 2])', [0, 7]],
  ['array_contains_all(ai, [])', ALL],
  ['array_contains_any(ai, [5, 9])', [1, 8, 11]],
  ['array_contains_any(ai, [])', NONE],
  ['array_contains(as, "apple")', [3]],
  ['array_contains_any(as, ["a", "c"])', [0, 1, 4, 7]],
  ['array_contains_all(as, ["b", "c"])', [4]],
  // array elements and whole arrays
  ['ai[0] == 1', [0, 3, 7]],
  ['ai[1] > 2', [1, 5, 9]],
  ['ai[2] != 3', [5]],
  ['ai[5] == 1', NONE],
  ['as[1] == "z"', [6]],
  ['ai == [1, 2]', [7]],
  ['ai != [1]', except(3)],
  // primary key
  ['id == 3', [3]],
  ['id in [0, 11, 99]', [0, 11]],
  // functions
  ['empty(s)', [5]],
  ['EMPTY(s)', [5]],
  ['starts_with(s, "ap")', [0, 3]],
  ['starts_with(s, "a") and not empty(s)', [0, 3, 7, 8]],
  // templates
  ['i8 > {x}', [3, 6, 9, 10], { x: 5 }],
  ['i8 in {list}', [1, 7, 8], { list: [1, 2, 3] }],
  ['i64 == {v}', [0], { v: big }],
  ['s like {p}', [0, 3], { p: 'ap%' }],
  ['{lo} < i8 < {hi}', [5, 7, 8, 9], { lo: 1, hi: 10 }],
  ['d > {x}', [5, 10], { x: 9.5 }],
  ['i8 + {a} == {b}', [7], { a: 2, b: 5 }],
  ['array_contains_any(ai, {vs})', [1, 8, 11], { vs: [5, 9] }],
  ['j["a"] == {v}', [3], { v: true }],
  ['s == {v} or i8 == 0', [0, 11], { v: 'pear' }],
  // random_sample keeps a deterministic subset of the rows that pass
  ['random_sample(0.999999)', ALL],
  ['i8 > 0 and random_sample(0.999999)', [1, 3, 5, 6, 7, 8, 9, 10]],
  // keywords in upper case, newlines and tabs
  ['i8 > 0\n\tAND i8 < 5', [1, 7, 8]],
  // timestamptz with ISO literals
  ['ts > ISO "2025-01-01T00:00:00Z"', [3]],
  ['ts >= ISO "2025-01-01T00:00:00Z"', [2, 3]],
  ['ISO "1970-01-02T00:00:00Z" == ts', [1]],
  ['ts + INTERVAL "P1D" == ISO "2025-01-02T00:00:00Z"', [2]],
];

test('expressions select the rows Milvus would', () => {
  assert.ok(cases.length >= 120, `only ${cases.length} cases`);
  const failures: string[] = [];
  for (const [expr, want, templates] of cases) {
    let got: number[] | string;
    try {
      got = select(expr, templates);
    } catch (e) {
      got = `threw ${(e as Error).message}`;
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${expr}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  assert.deepEqual(failures, []);
});

test('random_sample keeps about the given fraction, the same rows every time', () => {
  const rows = 10000;
  const src: RowSource = { value: () => 1 };
  const pred = compileFilter(parseFilter('random_sample(0.25)', schema));
  let kept = 0;
  const first: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (!pred(src, r)) continue;
    kept++;
    if (first.length < 10) first.push(r);
  }
  assert.ok(kept > 2200 && kept < 2800, `kept ${kept}`);
  const again: number[] = [];
  for (let r = 0; r < rows && again.length < 10; r++) if (pred(src, r)) again.push(r);
  assert.deepEqual(again, first);
});

const C = (expr: string, error: string) => `cannot parse expression: ${expr}, error: ${error}`;

// [expression, exact message, templates?]
const invalid: [string, string, TemplateValues?][] = [
  // syntax
  ['i8 >', C('i8 >', 'invalid expression: i8 >')],
  ['i8 > 1 i8 < 2', C('i8 > 1 i8 < 2', 'invalid expression: i8 > 1 i8 < 2')],
  ['int64 inn [1, 2]', C('int64 inn [1, 2]', 'invalid expression: int64 inn [1, 2]')],
  ['i8 And i16', C('i8 And i16', 'invalid expression: i8 And i16')],
  ['i8 in [1, 2', C('i8 in [1, 2', 'invalid expression: i8 in [1, 2')],
  ['(i8 > 1', C('(i8 > 1', "line 1:7 missing ')' at '<EOF>'")],
  ['(i8 > )', C('(i8 > )', "line 1:4 extraneous input '>' expecting ')'")],
  ['> 1', C('> 1', "line 1:0 no viable alternative at input '>'")],
  ['i8 @ 1', C('i8 @ 1', "line 1:3 token recognition error at: '@'")],
  ['i8 > 1 and\n s = "x"', C('i8 > 1 and\n s = "x"', 'invalid expression: i8 > 1 and\n s = "x"')],
  ['json_contains(j["a"] 1)', C('json_contains(j["a"] 1)', "line 1:21 mismatched input '1' expecting ','")],
  ['s == "abc', C('s == "abc', "line 1:5 token recognition error at: '\"abc'")],
  // unknown fields and types
  ['ai == []', C('ai == []', 'comparisons between Array[Int64] and Array[None] are not supported')],
  ['i8 > 1.5', C('i8 > 1.5', 'cannot cast value to Int8, value: float_val:1.5')],
  ['s > 1', C('s > 1', 'comparisons between VarChar and Int64 are not supported')],
  ['b == 1', C('b == 1', 'comparisons between Bool and Int64 are not supported')],
  ['i8 like "a%"', C('i8 like "a%"', 'like operation on non-string or no-json field is unsupported')],
  ['s like 1', C('s like 1', 'like pattern should be a string literal or template variable, got: 1: invalid parameter')],
  ['s + 1 == 2', C('s + 1 == 2', "'add' cannot perform arithmetic between VarChar field and Int64")],
  ['i8 + 1.5 == 2', C('i8 + 1.5 == 2', "'add' cannot perform arithmetic between Int8 field and Double")],
  ['d % 2 == 1', C('d % 2 == 1', 'modulo can only apply on integer types')],
  ['i8 / 0 == 1', C('i8 / 0 == 1', 'division or modulus by zero')],
  ['i8 + i16 == 1', C('i8 + i16 == 1', 'not supported to do arithmetic operations between multiple fields')],
  ['i8 * 2 > i16', C('i8 * 2 > i16', 'only comparison between two fields is supported')],
  ['10 - i8 == 1', C('10 - i8 == 1', 'module field is not yet supported')],
  ['i8 in [1, "a"]', C('i8 in [1, "a"]', `value 'string_val:"a"' in list cannot be casted to Int8`)],
  ['s in [1]', C('s in [1]', "value 'int64_val:1' in list cannot be casted to VarChar")],
  ['i8 in 1', C('i8 in 1', "the right-hand side of 'in' must be a list, but got: 1")],
  ['i8 in not [1, 2]', C('i8 in not [1, 2]', 'not can only apply on boolean')],
  ['1 in [1]', C('1 in [1]', "'term' can only be used on non-const expression, but got: 1")],
  ['not i8 > 1', C('not i8 > 1', 'not op can only be applied on boolean expression')],
  ['!b', C('!b', 'not op can only be applied on boolean expression')],
  ['i8 > 0 and b', C('i8 > 0 and b', "'and' can only be used between boolean expressions")],
  ['i8 > 0 or false', C('i8 > 0 or false', "'or' can only be used between boolean expressions")],
  ['i8', 'predicate is not a boolean expression: i8, data type: Int8'],
  ['true', 'predicate is not a boolean expression: true, data type: Bool'],
  ['1 == "a"', C('1 == "a"', 'comparison operations cannot be applied to two incompatible operands: 1=="a"')],
  ['5 < i8 < 1', C('5 < i8 < 1', 'invalid range: lowerbound is greater than upperbound')],
  ['1 < i8 < 2.5', C('1 < i8 < 2.5', 'invalid range operations')],
  ['"a" < b < "c"', C('"a" < b < "c"', 'invalid range operations on boolean expr')],
  ['ai > 1', C('ai > 1', 'can not comparisons array fields directly')],
  ['ai == 1', C('ai == 1', 'cannot cast value to Array, value: int64_val:1')],
  ['i8["a"] == 1', C('i8["a"] == 1', 'Int8 data type not supported accessed with []')],
  ['ai["a"] == 1', C('ai["a"] == 1', 'can only access array field with integer index')],
  ['j == j', C('j == j', 'two column comparison with JSON type is not supported')],
  ['exists i8', C('exists i8', 'exists operations are only supportted on json field, got:Int8')],
  ['exists j', C('exists j', 'exists operations are only supportted on json key')],
  [
    'ai[0] is null',
    C('ai[0] is null', 'IsNull/IsNotNull operations are not supported on array element access, got: ai[0]is null: invalid parameter'),
  ],
  ['vec is null', C('vec is null', 'IsNull/IsNotNull operations are not supported on vector fields')],
  ['array_contains(i8, 1)', C('array_contains(i8, 1)', 'contains operation are only supported on json or array fields now, got: i8')],
  ['array_contains_all(ai, 1)', C('array_contains_all(ai, 1)', 'ContainsAll operation element must be an array')],
  ['json_contains_any(j["a"], 1)', C('json_contains_any(j["a"], 1)', 'ContainsAny operation element must be an array')],
  ['array_contains(ai, "x")', C('array_contains(ai, "x")', 'cannot cast value to Int64, value: string_val:"x"')],
  [
    'array_contains_any(as, [1])',
    C('array_contains_any(as, [1])', "ContainsAny operation can't compare between array element type: VarChar and Int64"),
  ],
  [
    'array_length(i8) == 1',
    C('array_length(i8) == 1', 'array_length operation are only supported on json or array fields now, got: array_length(i8)'),
  ],
  ['i8 & 1 == 1', C('i8 & 1 == 1', 'BitAnd is not supported: i8&1==1')],
  ['i8 | 1', C('i8 | 1', 'BitOr is not supported: i8|1')],
  ['i8 ^ 1', C('i8 ^ 1', 'BitXor is not supported: i8^1')],
  ['i8 << 1 == 2', C('i8 << 1 == 2', 'shift is not supported: i8<<1')],
  ['~i8 == 1', C('~i8 == 1', 'unexpected op: ~')],
  ['i8 ** 2 == 4', C('i8 ** 2 == 4', 'power can only apply on constants: i8**2')],
  ['nosuchfn(s)', C('nosuchfn(s)', 'function nosuchfn(VARCHAR) not found.')],
  ['empty(i8)', C('empty(i8)', 'function empty(INT8) not found.')],
  ['text_match(s, "x")', C('text_match(s, "x")', 'field "s" does not enable match')],
  ['text_match(i8, "x")', C('text_match(i8, "x")', 'text match operation on non-string is unsupported')],
  ['phrase_match(s, "x")', C('phrase_match(s, "x")', 'field "s" does not enable match')],
  ['txt == "a"', C('txt == "a"', 'filter on text field (txt) is not supported yet')],
  [
    'random_sample(1.5)',
    C(
      'random_sample(1.5)',
      'the sample factor should be between 0 and 1 and not too close to 0 or 1(the difference should be larger than 1e-10), but got 1.5',
    ),
  ],
  [
    'random_sample(0.5) and i8 > 1',
    C('random_sample(0.5) and i8 > 1', 'random sample expression can only be the last expression in the logical and expression'),
  ],
  ['not random_sample(0.5)', C('not random_sample(0.5)', 'random sample expression cannot be used in unary expression')],
  ['i8 > 99999999999999999999', C('i8 > 99999999999999999999', 'strconv.ParseInt: parsing "99999999999999999999": value out of range')],
  ['s == "\\q"', C('s == "\\q"', "line 1:8 token recognition error at: '\"'")],
  [
    'st_equals(s, "POINT (1 1)")',
    C('st_equals(s, "POINT (1 1)")', 'STEuqals operation are only supported on geometry fields now, got: st_equals(s,"POINT (1 1)")'),
  ],
  ['i8 > ISO "2025-01-01"', C('i8 > ISO "2025-01-01"', "field 'i8' is not a timestamptz datatype")],
  // templates
  ['i8 > {x}', 'the value of expression template variable name {x} is not found'],
  ['i8 in {x}', 'the value of term expression template variable {x} is not array', { x: 1 }],
  ['i8 > {x}', 'cannot cast value to Int8, value: string_val:"a"', { x: 'a' }],
  ['s like {p}', 'the value of like expression template variable {p} is not string', { p: 1 }],
  ['{a} > {b}', C('{a} > {b}', 'placeholder was not supported between two constants with operator: >'), { a: 1, b: 2 }],
];

test('invalid expressions fail with code 1100 and Milvus text', () => {
  assert.ok(invalid.length >= 30);
  const failures: string[] = [];
  for (const [expr, message, templates] of invalid) {
    try {
      parseFilter(expr, schema, templates);
      failures.push(`${expr}: parsed`);
    } catch (e) {
      const err = e as FilterError;
      if (err.code !== 1100 || err.message !== message)
        failures.push(`${expr}: got ${err.code} ${JSON.stringify(err.message)}\n   want ${JSON.stringify(message)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('without a dynamic field, unknown names are errors', () => {
  const s2: ExprSchema = { ...schema, enableDynamicField: false };
  assert.throws(() => parseFilter('k == 1', s2), { code: 1100, message: C('k == 1', 'field k not exist') });
  assert.throws(() => parseFilter('$meta["k"] == 1', s2), { code: 1100, message: C('$meta["k"] == 1', 'field $meta not exist') });
});

test('planFailed wraps the parser text the way the proxy does', () => {
  try {
    parseFilter('i8 > 1.5', schema);
    assert.fail('parsed');
  } catch (e) {
    const q = planFailed('query', (e as FilterError).detail);
    assert.equal(q.code, 1100);
    assert.equal(
      q.message,
      'failed to create query plan: cannot parse expression: i8 > 1.5, error: cannot cast value to Int8, value: float_val:1.5: invalid parameter',
    );
    assert.equal(planFailed('delete', (e as FilterError).detail).message.startsWith('failed to create delete plan: cannot parse'), true);
  }
});

test('primaryKeyTerms finds the keys of pk lookups only', () => {
  const keys = (e: string) => primaryKeyTerms(parseFilter(e, schema), 'id');
  assert.deepEqual(keys('id in [1, 2, 9007199254740993]'), [1n, 2n, 9007199254740993n]);
  assert.deepEqual(keys('id == 7'), [7n]);
  assert.deepEqual(keys('id in []'), []);
  assert.equal(keys('id > 7'), undefined);
  assert.equal(keys('id in [1] and i8 > 0'), undefined);
  assert.equal(keys('id not in [1]'), undefined);
  assert.equal(keys('i64 in [1]'), undefined);
  const vschema: ExprSchema = { enableDynamicField: false, fields: [F('pk', DataType.VarChar, { isPrimaryKey: true })] };
  assert.deepEqual(primaryKeyTerms(parseFilter('pk in ["a", "b"]', vschema), 'pk'), ['a', 'b']);
  assert.deepEqual(primaryKeyTerms(parseFilter("pk == 'x'", vschema), 'pk'), ['x']);
});

test('fieldsUsed lists each field once, dynamic keys as $meta', () => {
  const used = (e: string) => fieldsUsed(parseFilter(e, schema));
  assert.deepEqual(used('i8 > 1 and (s like "a%" or i8 < 0)'), ['i8', 's']);
  assert.deepEqual(used('k == 1 and tag == "x"'), ['$meta']);
  assert.deepEqual(used('i8 < i16 and j["a"] == 1 and array_length(ai) == 2'), ['i8', 'i16', 'j', 'ai']);
  assert.deepEqual(used('starts_with(s, "a")'), ['s']);
  assert.deepEqual(used(''), []);
});
