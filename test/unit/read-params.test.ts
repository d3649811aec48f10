// The readers of request parameters, unit by unit: Go's strconv.ParseInt and strings.TrimSpace as
// Milvus's proxy applies them, the JSON `params` of a search as its query node reads them, LIKE
// matching in linear time, and the parser's depth limit on every shape of nesting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType } from '../../src/catalog/index.js';
import { goTrimSpace } from '../../src/catalog/go-values.js';
import { isMilvusError } from '../../src/errors.js';
import { compileColumnar, compileFilter, parseFilter, type ExprSchema } from '../../src/expr/index.js';
import { likeMatcher } from '../../src/expr/like.js';
import { MAX_EXPR_DEPTH } from '../../src/expr/recognizer.js';
import { groupByParams } from '../../src/protocol/group-by-params.js';
import { parseRankParams } from '../../src/protocol/rank-params.js';
import { goParseInt, roundDecimalParam } from '../../src/protocol/request-params.js';
import { searchParamsJson } from '../../src/protocol/search-params-json.js';

test('goParseInt is strconv.ParseInt(s, 0, 64): base prefixes, digit underscores, no blanks, fractions or exponents', () => {
  const ok: [string, bigint][] = [
    ['0', 0n],
    ['10', 10n],
    ['+10', 10n],
    ['-10', -10n],
    ['0x1f', 31n],
    ['0X1F', 31n],
    ['0o17', 15n],
    ['017', 15n],
    ['0b101', 5n],
    ['1_000', 1000n],
    ['0x_1f', 31n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ];
  for (const [text, value] of ok) assert.deepEqual(goParseInt(text), { value }, text);
  for (const text of ['', ' 1', '1 ', '1.0', '1e3', '0x', '08', '1__0', '_1', '1_', '0b2', '++1', 'abc', '١']) {
    assert.deepEqual(goParseInt(text), { error: 'invalid syntax' }, JSON.stringify(text));
  }
  assert.deepEqual(goParseInt('9223372036854775808'), { error: 'value out of range' });
});

test('round_decimal: -1 or [0, 6] as Go reads integers; 1.0 and 1e0 are refused (JavaScript would read them as 1)', () => {
  assert.equal(roundDecimalParam(new Map()), -1);
  assert.equal(roundDecimalParam(new Map([['round_decimal', '0x3']])), 3);
  for (const raw of ['1.0', '1e0', ' 1', '', '7', '-2']) {
    assert.throws(() => roundDecimalParam(new Map([['round_decimal', raw]])), /should be -1 or an integer in range \[0, 6\]/, raw);
  }
});

test('goTrimSpace trims what Go trims: not a byte-order mark, but NEL and the Unicode spaces', () => {
  assert.equal(goTrimSpace('\uFEFFidx'), '\uFEFFidx');
  assert.equal(goTrimSpace(' \t\n\u0085\u00a0\u3000idx\u2028 '), 'idx');
  assert.equal(goTrimSpace('   '), '');
});

test('the JSON params: null is empty, other non-objects and non-numeric radius/range_filter are refused', () => {
  assert.deepEqual(searchParamsJson('null'), {});
  assert.deepEqual(searchParamsJson('{"radius": null, "ef": 32}'), { radius: undefined, rangeFilter: undefined, ef: 32, nprobe: undefined });
  assert.equal(searchParamsJson('{"radius": 0.1}').radius, 0.1);
  for (const [json, type] of [
    ['3', 'number'],
    ['"a"', 'string'],
    ['[]', 'array'],
    ['false', 'boolean'],
  ]) {
    assert.throws(() => searchParamsJson(json!), {
      code: 1100,
      message: `[json.exception.type_error.305] cannot use operator[] with a string argument with ${type}`,
    });
  }
  assert.throws(() => searchParamsJson('{"radius": "0.5"}'), { code: 1100, message: /key radius failed.*type must be number, but is string$/ });
  assert.throws(() => searchParamsJson('{"radius": 1, "range_filter": {}}'), { code: 1100, message: /key range_filter failed.*but is object$/ });
  assert.throws(() => searchParamsJson('{radius'), { code: 1100 });
});

test('likeMatcher: % any run, _ one code point, \\ escapes, the whole value; the same answers as a full-match regex', () => {
  const cases: [string, string, boolean][] = [
    ['a%', 'abc', true],
    ['%c', 'abc', true],
    ['a_c', 'abc', true],
    ['a_c', 'ac', false],
    ['a%c', 'a\nxc', true],
    ['%b%', 'abc', true],
    ['a\\%c', 'a%c', true],
    ['a\\%c', 'abc', false],
    ['a\\_c', 'abc', false],
    ['_', '漢', true],
    ['_', '😀', true],
    ['a%%b', 'ab', true],
    ['%a%b%c', 'xaybzc', true],
    ['%a%b%c', 'xaybz', false],
    ['', '', true],
    ['abc', 'abcd', false],
  ];
  for (const [pattern, value, want] of cases) assert.equal(likeMatcher(pattern)(value), want, `${pattern} ~ ${JSON.stringify(value)}`);
  // A backtracking regex takes exponential time here; the wildcard walk is pattern x value steps.
  const long = 'a'.repeat(5000);
  assert.equal(likeMatcher('%a'.repeat(30) + '%b')(long), false);
  assert.equal(likeMatcher('%a'.repeat(30) + '%')(long), true);
});

const SCHEMA: ExprSchema = {
  fields: [
    { name: 'a', dataType: DataType.Int64, elementType: DataType.None, nullable: false, isPrimaryKey: false },
    { name: 'id', dataType: DataType.Int64, elementType: DataType.None, nullable: false, isPrimaryKey: true },
  ],
  enableDynamicField: false,
};

const SHAPES: [string, (n: number) => string][] = [
  ['parentheses', (n) => '('.repeat(n) + 'a == 1' + ')'.repeat(n)],
  ['not', (n) => 'not '.repeat(n) + '(a == 1)'],
  ['not with parentheses', (n) => 'not ('.repeat(n) + 'a == 1' + ')'.repeat(n)],
  ['unary minus', (n) => 'a == ' + '-'.repeat(n) + '1'],
  ['nested arithmetic', (n) => 'a + ('.repeat(n) + 'a' + ')'.repeat(n) + ' == 1'],
  ['arithmetic chain', (n) => Array(n).fill('a').join(' + ') + ' == 1'],
  ['nested arrays', (n) => 'a in ' + '['.repeat(n) + '1' + ']'.repeat(n)],
  ['function arguments', (n) => 'json_contains('.repeat(n) + 'a' + ', 1)'.repeat(n)],
  ['and and or nested in turn', (n) => '(a == 1 and (a == 1 or '.repeat(Math.ceil(n / 2)) + 'a == 1' + '))'.repeat(Math.ceil(n / 2))],
];
// (Flat chains of `and` and `or`, however long, are one level: expr-chains.test.ts.)

test('every shape of nesting, 10,000 and 1,000,000 deep, is refused by the parser with a clear error', () => {
  for (const [shape, make] of SHAPES) {
    for (const depth of [10_000, 1_000_000]) {
      const text = make(depth);
      assert.throws(
        () => parseFilter(text, SCHEMA),
        (e: unknown) =>
          isMilvusError(e) &&
          e.code === 1100 &&
          /^cannot parse expression: .{200}\.\.\. \(\d+ characters\), error: the expression is nested deeper than 1000 levels/.test(e.message),
        `${shape} ${depth}`,
      );
    }
  }
});

test('just inside the limit, the deepest shapes parse and compile (or fail on their types), never on the stack', () => {
  // Some shapes take two levels a repetition (`not (`, `a + (`): half the limit is inside for all.
  const cases = SHAPES.map(([shape, make]) => [shape, make(Math.floor(MAX_EXPR_DEPTH / 2) - 2)] as const);
  cases.push(['parentheses at the limit', '('.repeat(MAX_EXPR_DEPTH - 3) + 'a == 1' + ')'.repeat(MAX_EXPR_DEPTH - 3)]);
  cases.push([
    'or chain at the limit',
    Array(MAX_EXPR_DEPTH - 3)
      .fill('a == 1')
      .join(' or '),
  ]);
  for (const [shape, text] of cases) {
    try {
      const f = parseFilter(text, SCHEMA);
      compileFilter(f);
      compileColumnar(f);
    } catch (e) {
      assert.ok(isMilvusError(e), `${shape}: ${String(e)}`);
      assert.doesNotMatch((e as Error).message, /nested deeper/, shape);
    }
  }
});

test('group_size and rank_params integers are strconv.ParseInt too: 1e1 and 2.0 are refused, 0x2 is 2', () => {
  assert.throws(
    () =>
      groupByParams(
        new Map([
          ['group_by_field', 'g'],
          ['group_size', '1e1'],
        ]),
      ),
    /failed to parse input group size:1e1/,
  );
  assert.throws(
    () =>
      groupByParams(
        new Map([
          ['group_by_field', 'g'],
          ['group_size', '2.0'],
        ]),
      ),
    /failed to parse input group size:2.0/,
  );
  assert.equal(
    groupByParams(
      new Map([
        ['group_by_field', 'g'],
        ['group_size', '0x2'],
      ]),
    )?.groupSize,
    2,
  );
  assert.throws(() => parseRankParams(new Map([['limit', '1e1']])), { code: 65535, message: 'limit [1e1] is invalid' });
  assert.equal(parseRankParams(new Map([['limit', '0x10']])).limit, 16);
});

test('ef and nprobe: JSON numbers or digit texts; anything else is left for the engine to refuse by range', () => {
  assert.equal(searchParamsJson('{"ef": "64"}').ef, 64);
  assert.ok(Number.isNaN(searchParamsJson('{"ef": true}').ef));
  assert.ok(Number.isNaN(searchParamsJson('{"nprobe": [5]}').nprobe));
  assert.ok(Number.isNaN(searchParamsJson('{"nprobe": ""}').nprobe));
});
