// The columnar filter (src/expr/columnar.ts) against the per-row closure (compileFilter), row by
// row: random expressions from a small grammar over random rows of every supported column type,
// parsed by the same parser the engine uses, read by the same BatchRowSource. Plus the shapes that
// must stay on the fast path, the shapes that must not, and the per-batch fallbacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType } from '../../src/catalog/index.js';
import type { Column as DataColumn } from '../../src/data/columns.js';
import { BatchRowSource } from '../../src/engine/row-source.js';
import type { StoredBatch } from '../../src/engine/collection-data.js';
import {
  compileColumnar,
  compileFilter,
  isFilterError,
  parseFilter,
  type ExprSchema,
  type FilterExpr,
  type PlanNode,
} from '../../src/expr/index.js';

// ---- schema and data ----------------------------------------------------------------------------

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
    F('flag', DataType.Bool),
    F('s', DataType.VarChar),
    // the names of the shapes the engine sees most
    F('tag', DataType.Int64),
    F('price', DataType.Float),
    F('a', DataType.Int32),
    F('b', DataType.Double),
    F('name', DataType.VarChar),
    // outside the subset
    F('n', DataType.Int32, { nullable: true }),
    F('ns', DataType.VarChar, { nullable: true }),
    F('j', DataType.JSON),
    F('arr', DataType.Array, { elementType: DataType.Int64 }),
    F('vec', DataType.FloatVector),
  ],
};

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.COLUMNAR_SEED ?? 20250611);
const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number): boolean => rand() < p;
const randInt = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const rand64 = (): bigint => BigInt.asIntN(64, (BigInt(Math.floor(rand() * 2 ** 32)) << 32n) | BigInt(Math.floor(rand() * 2 ** 32)));

const P53 = 2n ** 53n;
const INT_POOL = [0, 1, -1, 2, 3, 5, 7, 10, 19, 20, 100, 127, -128, 128, 255, 1000, 16777217, 32767, -32768, 2147483647, -2147483648];
const I64_POOL = [0n, 1n, -1n, 3n, 10n, 20n, P53, P53 + 1n, -P53, -(P53 + 1n), P53 + 2n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 62n];
const FLOAT_POOL = [0, -0, 0.1, 0.5, 1.5, 2.5, 3, 9.5, 10, -2.25, 1e10, 16777217, 3.4e38, 1e-45, 2 ** 53, 2 ** 53 + 2, 1e300, -1e-300];
const STR_POOL = ['', 'a', 'ab', 'abc', 'B', 'x', 'zz', ' ', 'é', 'e\u0301', '日本', '😀', '\uffff', 'a"b', 'a\\b', 'Ω', 'x y'];

const ROWS = 3000;

function makeColumns(rows: number): Map<string, DataColumn> {
  const cols = new Map<string, DataColumn>();
  const ints = (lo: number, hi: number): number => (chance(0.5) ? pick(INT_POOL.filter((v) => v >= lo && v <= hi)) : randInt(lo, hi));
  const small = (lo: number, hi: number): number => (chance(0.3) ? ints(lo, hi) : randInt(Math.max(lo, -5), Math.min(hi, 30)));
  const i64 = (): bigint => (chance(0.3) ? pick(I64_POOL) : chance(0.5) ? BigInt(randInt(-5, 30)) : rand64());
  // NaN and ±Infinity cannot be inserted through Milvus, but the closure and the mask must still
  // agree on them (both use the same comparison), so a few rows carry them.
  const dbl = (): number =>
    chance(0.01) ? pick([NaN, Infinity, -Infinity]) : chance(0.4) ? pick(FLOAT_POOL) : chance(0.5) ? randInt(-5, 30) / 2 : (rand() - 0.5) * 1e6;
  const fill = <A extends { [i: number]: unknown }>(a: A, f: (i: number) => unknown): A => {
    for (let i = 0; i < rows; i++) (a as Record<number, unknown>)[i] = f(i);
    return a;
  };
  cols.set('id', { type: DataType.Int64, data: fill(new BigInt64Array(rows), (i) => BigInt(i)) });
  cols.set('i8', { type: DataType.Int8, data: fill(new Int8Array(rows), () => small(-128, 127)) });
  cols.set('i16', { type: DataType.Int16, data: fill(new Int16Array(rows), () => small(-32768, 32767)) });
  cols.set('i32', { type: DataType.Int32, data: fill(new Int32Array(rows), () => small(-2147483648, 2147483647)) });
  cols.set('a', { type: DataType.Int32, data: fill(new Int32Array(rows), () => small(-2147483648, 2147483647)) });
  cols.set('i64', { type: DataType.Int64, data: fill(new BigInt64Array(rows), i64) });
  cols.set('tag', { type: DataType.Int64, data: fill(new BigInt64Array(rows), i64) });
  cols.set('f', { type: DataType.Float, data: fill(new Float32Array(rows), dbl) });
  cols.set('price', { type: DataType.Float, data: fill(new Float32Array(rows), dbl) });
  cols.set('d', { type: DataType.Double, data: fill(new Float64Array(rows), dbl) });
  cols.set('b', { type: DataType.Double, data: fill(new Float64Array(rows), dbl) });
  cols.set('flag', { type: DataType.Bool, data: fill(new Uint8Array(rows), () => (chance(0.5) ? 1 : 0)) });
  const str = (): string =>
    chance(0.7) ? pick(STR_POOL) : String.fromCodePoint(...Array.from({ length: randInt(0, 4) }, () => randInt(32, 0x2fff)));
  cols.set('s', { type: DataType.VarChar, data: Array.from({ length: rows }, str) });
  cols.set('name', { type: DataType.VarChar, data: Array.from({ length: rows }, str) });
  const valid = fill(new Uint8Array(rows), () => (chance(0.8) ? 1 : 0));
  cols.set('n', { type: DataType.Int32, data: fill(new Int32Array(rows), (i) => (valid[i] ? small(-100, 100) : 0)), valid });
  cols.set('ns', { type: DataType.VarChar, data: Array.from({ length: rows }, (_, i) => (valid[i] ? str() : '')), valid });
  cols.set('j', { type: DataType.JSON, data: Array.from({ length: rows }, () => JSON.stringify({ a: randInt(0, 5) })) });
  cols.set('arr', { type: DataType.Array, elementType: DataType.Int64, data: Array.from({ length: rows }, () => [BigInt(randInt(0, 3))]) });
  return cols;
}

const columns = makeColumns(ROWS);
const dynamic = Array.from({ length: ROWS }, () => JSON.stringify({ k: randInt(0, 5) }));
const batchOf = (cols: Map<string, DataColumn>, rows: number): StoredBatch =>
  ({ columns: cols, numRows: rows, dynamic: dynamic.slice(0, rows) }) as unknown as StoredBatch;

function closureMask(expr: FilterExpr, cols: Map<string, DataColumn>, rows: number): Uint8Array {
  const pred = compileFilter(expr);
  const source = new BatchRowSource(batchOf(cols, rows));
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) out[r] = pred(source, r) ? 1 : 0;
  return out;
}

function columnarMask(expr: FilterExpr, cols: Map<string, DataColumn>, rows: number): Uint8Array | undefined {
  const fn = compileColumnar(expr);
  if (!fn) return undefined;
  const out = new Uint8Array(rows).fill(7);
  assert.equal(fn(cols, rows, out), true, `columnar refused the batch for ${expr.text}`);
  return out;
}

function assertSame(expr: FilterExpr, cols = columns, rows = ROWS): { passing: number } {
  const want = closureMask(expr, cols, rows);
  const got = columnarMask(expr, cols, rows);
  assert.ok(got, `not on the fast path: ${expr.text}`);
  let passing = 0;
  for (let r = 0; r < rows; r++) {
    if (got[r] !== want[r]) {
      const vals = [...cols].map(([k, c]) => `${k}=${String((c.data as ArrayLike<unknown>)[r])}`).join(' ');
      assert.fail(`${expr.text}: row ${r} columnar ${got[r]} closure ${want[r]} (seed ${SEED}; ${vals})`);
    }
    passing += want[r]!;
  }
  return { passing };
}

// ---- random expressions -------------------------------------------------------------------------

const NUMERIC_INT = ['i8', 'i16', 'i32', 'a', 'i64', 'tag', 'id'];
const NUMERIC_FLOAT = ['f', 'price', 'd', 'b'];
const STRINGS = ['s', 'name'];

function intText(v: bigint | number): string {
  return String(v);
}

function floatText(v: number): string {
  if (Object.is(v, -0)) return '-0.0';
  const t = String(v);
  return /[.e]/.test(t) ? t : `${t}.0`;
}

/** A value of the field from some row, so equality and range ends hit real data. */
function rowValue(field: string): unknown {
  const c = columns.get(field)!;
  const v = (c.data as ArrayLike<unknown>)[randInt(0, ROWS - 1)];
  return c.type === DataType.Bool ? v === 1 : v;
}

function numConst(field: string): string {
  const isInt = NUMERIC_INT.includes(field);
  const r = rand();
  if (r < 0.35) {
    const v = rowValue(field) as number | bigint;
    if (typeof v === 'bigint') return intText(v);
    if (!Number.isFinite(v)) return '0';
    return isInt ? intText(v) : Number.isInteger(v) && chance(0.5) ? intText(v) : floatText(v);
  }
  if (r < 0.6) return intText(chance(0.5) ? pick(INT_POOL) : pick(I64_POOL));
  if (r < 0.75) return intText(randInt(-5, 30));
  if (r < 0.85) return `(${randInt(-3, 10)} ${pick(['+', '-', '*'])} ${randInt(-3, 10)})`;
  // a float constant: converted (and float32-rounded) for Float, refused for integer fields (so
  // rarely there: one refused leaf throws away the whole expression)
  if (isInt && chance(0.8)) return intText(randInt(-5, 30));
  return floatText(chance(0.5) ? pick(FLOAT_POOL) : randInt(-10, 60) / 4);
}

function strConst(field: string): string {
  const v = chance(0.4) ? (rowValue(field) as string) : pick(STR_POOL);
  return JSON.stringify(v);
}

const CMP = ['<', '<=', '>', '>=', '==', '!='];

function constFor(field: string): string {
  if (field === 'flag') return pick(['true', 'false', 'True', 'FALSE']);
  if (STRINGS.includes(field)) return strConst(field);
  return numConst(field);
}

interface Gen {
  text: string;
  /** Contains a leaf outside the columnar subset. */
  unsupported: boolean;
}

const UNSUPPORTED_LEAVES = [
  () => `n ${pick(CMP)} ${randInt(-5, 5)}`,
  () => `ns == ${JSON.stringify(pick(STR_POOL))}`,
  () => `n in [1, 2, 3]`,
  () => `j["a"] ${pick(CMP)} ${randInt(0, 5)}`,
  () => `k == ${randInt(0, 5)}`,
  () => `s like "${pick(['a%', '%b', '%x%', 'a_'])}"`,
  () => `i32 + ${randInt(1, 5)} < ${randInt(0, 20)}`,
  () => `tag % ${randInt(2, 5)} == 0`,
  () => `arr[0] == ${randInt(0, 3)}`,
  () => `array_contains(arr, ${randInt(0, 3)})`,
  () => `i8 < i16`,
  () => `i8 is null`,
  () => `n is not null`,
];

function refusedFor(text: string, reason: string): boolean {
  try {
    parseFilter(text, schema);
    return false;
  } catch (e) {
    return isFilterError(e) && e.message.includes(reason);
  }
}

function leaf(): Gen {
  if (chance(0.06)) return { text: pick(UNSUPPORTED_LEAVES)(), unsupported: true };
  const field = pick([...NUMERIC_INT, ...NUMERIC_FLOAT, ...STRINGS, 'flag']);
  const r = rand();
  if (r < 0.5) {
    const op = pick(CMP);
    const c = constFor(field);
    return { text: chance(0.8) ? `${field} ${op} ${c}` : `${c} ${op} ${field}`, unsupported: false };
  }
  if (r < 0.75 && (field !== 'flag' || chance(0.05))) {
    let lo = constFor(field);
    let hi = constFor(field);
    const text = (): string =>
      up ? `${lo} ${pick(['<', '<='])} ${field} ${pick(['<', '<='])} ${hi}` : `${hi} ${pick(['>', '>='])} ${field} ${pick(['>', '>='])} ${lo}`;
    const up = chance(0.5);
    let t = text();
    // bounds the wrong way round are refused: swap them (mostly) rather than lose the expression
    if (chance(0.9) && refusedFor(t, 'lowerbound is greater than upperbound')) {
      [lo, hi] = [hi, lo];
      t = text();
    }
    return { text: t, unsupported: false };
  }
  const items = Array.from({ length: pick([0, 1, 2, 3, 5, 8, 9, 12]) }, () => constFor(field));
  return { text: `${field} ${chance(0.3) ? 'not in' : 'in'} [${items.join(', ')}]`, unsupported: false };
}

function expr(depth: number): Gen {
  if (depth <= 0 || chance(0.35)) return leaf();
  const r = rand();
  if (r < 0.2) {
    const c = expr(depth - 1);
    return { text: `${pick(['not ', '!', 'NOT '])}(${c.text})`, unsupported: c.unsupported };
  }
  const a = expr(depth - 1);
  const b = expr(depth - 1);
  const op = r < 0.6 ? pick(['and', '&&', 'AND']) : pick(['or', '||', 'OR']);
  // parentheses mostly, bare sometimes (the parser's precedence decides; both sides share the plan)
  const wrap = (g: Gen): string => (chance(0.8) ? `(${g.text})` : g.text);
  return { text: `${wrap(a)} ${op} ${wrap(b)}`, unsupported: a.unsupported || b.unsupported };
}

test('columnar masks equal the closure on random expressions over random rows', () => {
  const N = 2500;
  let parsed = 0;
  let refused = 0;
  let fast = 0;
  let mixed = 0;
  let slow = 0;
  for (let i = 0; i < N; i++) {
    const g = i < 30 ? { text: pick(['true', 'false', '1 == 1', 'not (2 > 3)', '']), unsupported: false } : expr(randInt(0, 4));
    let e: FilterExpr;
    try {
      e = parseFilter(g.text, schema);
    } catch (err) {
      if (isFilterError(err)) {
        refused++;
        continue;
      }
      throw err;
    }
    parsed++;
    const fn = compileColumnar(e);
    if (g.unsupported) {
      assert.equal(fn, undefined, `an unsupported leaf on the fast path: ${g.text}`);
      slow++;
      continue;
    }
    assert.ok(fn, `a supported expression off the fast path: ${g.text}`);
    const { passing } = assertSame(e);
    fast++;
    if (passing > 0 && passing < ROWS) mixed++;
  }
  // The generator must keep exercising the fast path: most expressions parse, most of those are
  // supported, and most of those split the rows (neither all nor none pass).
  assert.ok(parsed > N / 2, `parsed ${parsed} of ${N}`);
  assert.ok(fast > N / 3, `fast path ${fast} of ${N}`);
  assert.ok(mixed > fast / 3, `only ${mixed} of ${fast} split the rows`);
  assert.ok(slow > 50, `only ${slow} unsupported`);
  console.log(
    `# seed ${SEED}: ${N} generated, ${refused} refused by the parser, ${fast} columnar (${mixed} with some rows passing and some not), ${slow} left to the closure`,
  );
});

// ---- fixed shapes -------------------------------------------------------------------------------

const COMMON = [
  'tag < 10',
  'tag in [1, 2, 3]',
  'price > 9.5 and tag != 3',
  'not (a == 1 or b >= 2.5)',
  'name == "x"',
  '10 <= tag < 20',
  'tag not in [1, 2, 3]',
  'id in [1, 5, 9, 2999, 3000]',
  'id == 42',
  'tag >= 9007199254740993',
  'tag < -9223372036854775808',
  'i8 < 1000',
  'f == 0.1',
  'f > 3',
  'f == 16777217', // 2^24 + 1: the closure compares with its float32 rounding, 2^24
  'd != -0.0',
  'flag == true',
  'flag != false and i16 > 0',
  'name in ["a", "ab", "", "日本", "😀"]',
  's > "a" and s <= "zz"',
  '"a" < name < "b"',
  'price >= 1 && price < 10.5',
  'i32 in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]',
  '!(tag > 5) || i64 == 9007199254740993',
  '1 == 1',
  '',
];

test('the common shapes are on the fast path and agree with the closure', () => {
  for (const text of COMMON) {
    const e = parseFilter(text, schema);
    assert.ok(compileColumnar(e), `${text} is not on the fast path`);
    assertSame(e);
  }
  // templates, once filled, are constants like any other
  const t = parseFilter('tag < {x} and name in {names}', schema, { x: 10, names: ['a', 'x'] });
  assert.ok(compileColumnar(t));
  assertSame(t);
});

test('shapes outside the subset are left to the closure', () => {
  const texts = [
    'n < 5',
    'ns == "x"',
    'n in [1, 2]',
    'tag < 10 and n > 1',
    'not (n == 1)',
    'n is null',
    'i8 is not null',
    'j["a"] == 1',
    'j == 1',
    'k == 1',
    '$meta["k"] == 1',
    's like "a%"',
    'i32 + 1 < 5',
    'tag * 2 == 4',
    'arr[0] == 1',
    'array_length(arr) == 1',
    'array_contains(arr, 1)',
    'i8 < i16',
    'tag < 10 and random_sample(0.5)',
  ];
  for (const text of texts) assert.equal(compileColumnar(parseFilter(text, schema)), undefined, text);
  // an unresolved template (the engine fills them before compiling)
  const column = { field: 'tag', dataType: DataType.Int64, elementType: DataType.None, nullable: false, isPrimaryKey: false, path: [] };
  const root: PlanNode = { k: 'unaryRange', column, op: 'lt', template: 'x' };
  assert.equal(compileColumnar({ text: 'tag < {x}', root }), undefined);
});

test('a batch that does not fit is refused, so the caller can use the closure', () => {
  const e = parseFilter('tag < 10 and name != "x"', schema);
  const fn = compileColumnar(e)!;
  const out = new Uint8Array(ROWS);
  const without = new Map(columns);
  without.delete('tag');
  assert.equal(fn(without, ROWS, out), false, 'missing column');
  const retyped = new Map(columns);
  retyped.set('tag', { type: DataType.Int32, data: new Int32Array(ROWS) });
  assert.equal(fn(retyped, ROWS, out), false, 'another type');
  assert.equal(fn(columns, ROWS + 1, new Uint8Array(ROWS + 1)), false, 'shorter column');
  assert.throws(() => fn(columns, ROWS, new Uint8Array(ROWS - 1)), RangeError);

  // a validity mask on a non-nullable field: fine while every row has a value
  const masked = new Map(columns);
  const tag = columns.get('tag')!;
  const valid = new Uint8Array(ROWS).fill(1);
  masked.set('tag', { ...tag, valid } as DataColumn);
  assert.equal(fn(masked, ROWS, out), true);
  assertSame(e, masked);
  valid[ROWS - 1] = 0;
  assert.equal(fn(masked, ROWS, out), false, 'a null row');
  assert.equal(fn(masked, ROWS - 1, out), true, 'the null row is past `rows`');

  // only out[0..rows) is written
  const part = new Uint8Array(ROWS).fill(9);
  assert.equal(fn(columns, 100, part), true);
  assert.deepEqual(part.subarray(0, 100), closureMask(e, columns, 100));
  assert.ok(part.subarray(100).every((x) => x === 9));
});

test('filters of one shape share a loop and still see their own constants and columns', () => {
  const other = makeColumns(500);
  for (let x = -3; x < 25; x += 4) {
    for (const text of [
      `tag < ${x}`,
      `i32 in [${x}, ${x + 1}]`,
      `${x} <= f < ${x + 3}.5`,
      `name == ${JSON.stringify(STR_POOL[(x + 3) % STR_POOL.length])}`,
    ]) {
      const e = parseFilter(text, schema);
      assertSame(e);
      assertSame(e, other, 500);
    }
  }
  // the same loop text over columns of other types (names never enter the loop): one loop each
  for (const field of ['i8', 'i16', 'a', 'tag', 'price', 'b']) assertSame(parseFilter(`${field} < 5`, schema));
});
