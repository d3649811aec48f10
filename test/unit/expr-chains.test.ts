// Long flat chains of `and` and `or` (`id == 1 or id == 2 or ... or id == 100000`), the way many
// clients spell a list (Milvus issues #25848, #29759, #53623): one level of the tree however long,
// parsed and compiled in time linear in their length, answering exactly what the same tests answer
// one by one (Kleene's logic on nullable fields included), what `in` answers, and what a brute
// force over the rows answers. Real nesting (not chains, parentheses, and/or nested in turn) stays
// limited: read-params.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType } from '../../src/catalog/index.js';
import type { Column as DataColumn } from '../../src/data/columns.js';
import {
  compileColumnar,
  compileFilter,
  isFilterError,
  parseFilter,
  type ExprSchema,
  type FilterExpr,
  type RowSource,
} from '../../src/expr/index.js';

const F = (name: string, dataType: DataType, nullable = false) => ({
  name,
  dataType,
  elementType: DataType.None,
  nullable,
  isPrimaryKey: name === 'id',
});

const schema: ExprSchema = {
  enableDynamicField: false,
  fields: [
    F('id', DataType.Int64),
    F('s', DataType.VarChar),
    F('i32', DataType.Int32),
    F('d', DataType.Double),
    F('f', DataType.Float),
    F('flag', DataType.Bool),
    F('n', DataType.Int64, true),
    F('ns', DataType.VarChar, true),
  ],
};

const ROWS = 3000;
const rowId = (r: number): bigint => BigInt(r * 7 - 5000);
const rowS = (r: number): string => `s${r % 1500}`;
const rowI32 = (r: number): number => (r % 40) - 20;
const rowD = (r: number): number => [0, -0, 0.5, 1, 2.5, -1, 1e300, NaN][r % 8]!;
const rowF = (r: number): number => Math.fround([0, 0.1, 1.5, 3, -2][r % 5]!);
const rowFlag = (r: number): boolean => r % 3 === 0;
const rowN = (r: number): bigint | null => (r % 4 === 0 ? null : BigInt(r % 10));
const rowNs = (r: number): string | null => (r % 6 === 0 ? null : `t${r % 7}`);

const VALUES: Record<string, (r: number) => unknown> = { id: rowId, s: rowS, i32: rowI32, d: rowD, f: rowF, flag: rowFlag, n: rowN, ns: rowNs };

const source: RowSource = { value: (field, row) => VALUES[field]!(row) };

/** The same rows as columns, for the columnar loop (only the non-nullable fields it reads). */
const columns = new Map<string, DataColumn>([
  ['id', { type: DataType.Int64, data: BigInt64Array.from({ length: ROWS }, (_, r) => rowId(r)) }],
  ['s', { type: DataType.VarChar, data: Array.from({ length: ROWS }, (_, r) => rowS(r)) }],
  ['i32', { type: DataType.Int32, data: Int32Array.from({ length: ROWS }, (_, r) => rowI32(r)) }],
  ['d', { type: DataType.Double, data: Float64Array.from({ length: ROWS }, (_, r) => rowD(r)) }],
  ['f', { type: DataType.Float, data: Float32Array.from({ length: ROWS }, (_, r) => rowF(r)) }],
  ['flag', { type: DataType.Bool, data: Uint8Array.from({ length: ROWS }, (_, r) => (rowFlag(r) ? 1 : 0)) }],
]);

function selected(e: FilterExpr): number[] {
  const p = compileFilter(e);
  const out: number[] = [];
  for (let r = 0; r < ROWS; r++) if (p(source, r)) out.push(r);
  return out;
}

function selectedColumnar(e: FilterExpr): number[] | undefined {
  const loop = compileColumnar(e);
  if (!loop) return undefined;
  const mask = new Uint8Array(ROWS);
  assert.ok(loop(columns, ROWS, mask));
  const out: number[] = [];
  for (let r = 0; r < ROWS; r++) if (mask[r] === 1) out.push(r);
  return out;
}

/** parseFilter, timed; the time goes to the test's diagnostics, never into an assertion. */
function timedParse(t: { diagnostic(message: string): void }, label: string, text: string): FilterExpr {
  const start = performance.now();
  const e = parseFilter(text, schema);
  const parsed = performance.now();
  compileFilter(e);
  compileColumnar(e);
  t.diagnostic(
    `${label}: ${text.length} characters parsed in ${(parsed - start).toFixed(0)} ms, compiled in ${(performance.now() - parsed).toFixed(0)} ms`,
  );
  return e;
}

const TERMS = 100_000;

test('a 100,000-term or chain over an Int64 and a VarChar field selects what `in` and a brute force select', (t) => {
  // every fifth value is a row's id; the rest miss
  const ids = Array.from({ length: TERMS }, (_, i) => (i % 5 === 0 ? rowId(i % ROWS) : BigInt(10_000_000 + i)));
  const e = timedParse(t, 'int64 or chain', ids.map((v) => `id == ${v}`).join(' or '));
  assert.equal(e.root.k, 'or');
  assert.equal(e.root.k === 'or' && e.root.items.length, TERMS);
  const want = new Set(ids);
  const brute = Array.from({ length: ROWS }, (_, r) => r).filter((r) => want.has(rowId(r)));
  assert.ok(brute.length > 0 && brute.length < ROWS);
  assert.deepEqual(selected(e), brute);
  assert.deepEqual(selectedColumnar(e), brute);
  assert.deepEqual(selected(parseFilter(`id in [${ids.join(', ')}]`, schema)), brute);

  const strings = Array.from({ length: TERMS }, (_, i) => (i % 3 === 0 && i < 900 ? `s${i * 2}` : `miss${i}`));
  const s = timedParse(t, 'varchar or chain', strings.map((v) => `s == ${JSON.stringify(v)}`).join(' or '));
  const wantS = new Set(strings);
  const bruteS = Array.from({ length: ROWS }, (_, r) => r).filter((r) => wantS.has(rowS(r)));
  assert.ok(bruteS.length > 0 && bruteS.length < ROWS);
  assert.deepEqual(selected(s), bruteS);
  assert.deepEqual(selectedColumnar(s), bruteS);
  assert.deepEqual(selected(parseFilter(`s in [${strings.map((v) => JSON.stringify(v)).join(', ')}]`, schema)), bruteS);
});

test('a 100,000-term and chain over an Int64 and a VarChar field selects what `not in` and a brute force select', (t) => {
  const ids = Array.from({ length: TERMS }, (_, i) => (i % 7 === 0 && i < ROWS ? rowId(i) : BigInt(-10_000_000 - i)));
  const e = timedParse(t, 'int64 and chain', ids.map((v) => `id != ${v}`).join(' and '));
  assert.equal(e.root.k === 'and' && e.root.items.length, TERMS);
  const drop = new Set(ids);
  const brute = Array.from({ length: ROWS }, (_, r) => r).filter((r) => !drop.has(rowId(r)));
  assert.ok(brute.length > 0 && brute.length < ROWS);
  assert.deepEqual(selected(e), brute);
  assert.deepEqual(selectedColumnar(e), brute);
  assert.deepEqual(selected(parseFilter(`id not in [${ids.join(', ')}]`, schema)), brute);

  // an and chain of ranges cannot be grouped: each test runs, and the answer is the intersection
  const ranges = timedParse(t, 'int64 range and chain', Array.from({ length: TERMS }, (_, i) => `id > ${-6000 + (i % 1000)}`).join(' and '));
  assert.deepEqual(
    selected(ranges),
    Array.from({ length: ROWS }, (_, r) => r).filter((r) => rowId(r) > -5001n),
  );

  const strings = Array.from({ length: TERMS }, (_, i) => (i % 4 === 0 && i < 1200 ? `s${i}` : `miss${i}`));
  const s = timedParse(t, 'varchar and chain', strings.map((v) => `s != ${JSON.stringify(v)}`).join(' and '));
  const dropS = new Set(strings);
  const bruteS = Array.from({ length: ROWS }, (_, r) => r).filter((r) => !dropS.has(rowS(r)));
  assert.ok(bruteS.length > 0 && bruteS.length < ROWS);
  assert.deepEqual(selected(s), bruteS);
  assert.deepEqual(selectedColumnar(s), bruteS);
});

test('`in` with 1,000,000 values parses, compiles and selects, with no recursion per value', (t) => {
  const ids = Array.from({ length: 1_000_000 }, (_, i) => (i % 1000 === 0 ? rowId(i % ROWS) : BigInt(i) * 1_000_003n));
  const e = timedParse(t, 'in list of 1,000,000', `id in [${ids.join(',')}]`);
  const want = new Set(ids);
  assert.deepEqual(
    selected(e),
    Array.from({ length: ROWS }, (_, r) => r).filter((r) => want.has(rowId(r))),
  );
});

// ---- grouped equality tests are exact -------------------------------------------------------------

/** mulberry32, seeded so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const CONSTANTS: Record<string, string[]> = {
  id: ['-5000', '-4993', '2', '16', '-4986', '1.0', '-4993.0', '9007199254740993'],
  s: ['"s1"', '"s2"', '"s1499"', '"x"', '""'],
  i32: ['0', '-20', '19', '5', '1.5', '-0.0', '3.0'],
  d: ['0', '-0.0', '0.5', '2.5', '1e300', '1', '-1', '7'],
  f: ['0', '0.1', '1.5', '3', '-2', '0.10000000149011612'],
  flag: ['true', 'false'],
  n: ['0', '1', '9', '4', '10'],
  ns: ['"t1"', '"t0"', '"t6"', '"u"'],
};

/** Kleene's logic over TRUE = 1, FALSE = 0, NULL = 2. */
const kleeneOr = (a: number, b: number): number => (a === 1 || b === 1 ? 1 : a === 0 && b === 0 ? 0 : 2);
const kleeneAnd = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a === 1 && b === 1 ? 1 : 2);

/** The value (1, 0 or 2) of one comparison on a row: `x` and `not x` tell TRUE from NULL. */
function leafValue(text: string): (r: number) => number {
  const yes = compileFilter(parseFilter(text, schema));
  const no = compileFilter(parseFilter(`not (${text})`, schema));
  return (r) => (yes(source, r) ? 1 : no(source, r) ? 0 : 2);
}

test('chains of equality tests, grouped into one set lookup per field, answer exactly as the tests one by one', () => {
  const rand = rng(Number(process.env.CHAIN_SEED ?? 53623));
  const fields = Object.keys(CONSTANTS);
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const and = rand() < 0.5;
    const terms: string[] = [];
    const length = 2 + Math.floor(rand() * 12);
    for (let k = 0; k < length; k++) {
      const field = fields[Math.floor(rand() * fields.length)]!;
      const cs = CONSTANTS[field]!;
      // mostly the grouped operator, sometimes the other one or a range, which stay ungrouped
      const r = rand();
      const op = r < 0.75 ? (and ? '!=' : '==') : r < 0.9 ? (and ? '==' : '!=') : '<';
      terms.push(`${field} ${op} ${cs[Math.floor(rand() * cs.length)]!}`);
    }
    const text = terms.join(and ? ' and ' : ' or ');
    let chain: FilterExpr;
    try {
      chain = parseFilter(text, schema);
    } catch (e) {
      // a constant its field refuses (a string for a number...): the whole chain is refused
      assert.ok(isFilterError(e), String(e));
      continue;
    }
    const leaves = terms.map(leafValue);
    const want: number[] = [];
    for (let r = 0; r < ROWS; r++) {
      let v = leaves[0]!(r);
      for (let k = 1; k < leaves.length; k++) v = and ? kleeneAnd(v, leaves[k]!(r)) : kleeneOr(v, leaves[k]!(r));
      if (v === 1) want.push(r);
    }
    assert.deepEqual(selected(chain), want, text);
    const columnar = selectedColumnar(chain);
    if (columnar) assert.deepEqual(columnar, want, `columnar: ${text}`);
    checked++;
  }
  assert.ok(checked > 200, `only ${checked} chains parsed`);
});

test('a NaN constant (only a template value can be one) stays a comparison: NaN equals nothing, not even a NaN row', () => {
  const e = parseFilter('d == {x} or d == 0.5 or d == {y}', schema, { x: NaN, y: 2.5 });
  const want = Array.from({ length: ROWS }, (_, r) => r).filter((r) => rowD(r) === 0.5 || rowD(r) === 2.5);
  assert.ok(Array.from({ length: ROWS }, (_, r) => r).some((r) => Number.isNaN(rowD(r))));
  assert.deepEqual(selected(e), want);
  assert.deepEqual(selectedColumnar(e), want);
  const none = parseFilter('d != {x} and d != 0.5 and d != {y}', schema, { x: NaN, y: 2.5 });
  const rest = Array.from({ length: ROWS }, (_, r) => r).filter((r) => rowD(r) !== 0.5 && rowD(r) !== 2.5);
  assert.deepEqual(selected(none), rest);
  assert.deepEqual(selectedColumnar(none), rest);
});

// ---- the shapes chains take --------------------------------------------------------------------

test('alternating and/or chains are an or of ands: two levels of the plan however long', () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `id == ${i} and s != "s${i}"`).join(' or ');
  const e = parseFilter(text, schema);
  assert.equal(e.root.k, 'or');
  if (e.root.k !== 'or') return;
  assert.equal(e.root.items.length, 20_000);
  for (const item of e.root.items) {
    assert.equal(item.k, 'and');
    assert.equal(item.k === 'and' && item.items.length, 2);
  }
  const p = compileFilter(e);
  for (let r = 0; r < ROWS; r += 37) {
    const id = rowId(r);
    const want = id >= 0n && id < 20_000n && rowS(r) !== `s${id}`;
    assert.equal(p(source, r), want, `row ${r}`);
  }
});

test('a chain is checked as Milvus checks `(a or b) or c`: constants fold, the same refusals at the same step', () => {
  const refusal = (text: string): string => {
    try {
      parseFilter(text, schema);
    } catch (e) {
      assert.ok(isFilterError(e), String(e));
      return e.message;
    }
    return 'accepted';
  };
  assert.equal(
    refusal('true or false or id == 1'),
    `cannot parse expression: true or false or id == 1, error: 'or' can only be used between boolean expressions`,
  );
  assert.equal(
    refusal('id == 1 or id == 2 or 3'),
    `cannot parse expression: id == 1 or id == 2 or 3, error: 'or' can only be used between boolean expressions`,
  );
  assert.equal(
    refusal('id == 1 and random_sample(0.5) and id == 2'),
    'cannot parse expression: id == 1 and random_sample(0.5) and id == 2, error: random sample expression can only be the last expression in the logical and expression',
  );
  assert.equal(
    refusal('id == 1 or id == 2 or random_sample(0.5)'),
    'cannot parse expression: id == 1 or id == 2 or random_sample(0.5), error: random sample expression cannot be used in logical and expression',
  );
  // a field that does not exist is found where the visit reaches it, before the later operands
  assert.equal(refusal('id == 1 or nope == 2 or 3'), 'cannot parse expression: id == 1 or nope == 2 or 3, error: field nope not exist');
  assert.equal(refusal('true and true and false'), 'accepted');
  const sampled = parseFilter('id > 1 and id < 9 and random_sample(0.5)', schema).root;
  assert.equal(sampled.k, 'randomSample');
  assert.equal(sampled.k === 'randomSample' && sampled.predicate?.k, 'and');
});

test('template values fill every operand of a chain', () => {
  const names = Array.from({ length: 1000 }, (_, i) => `v${i}`);
  const templates = Object.fromEntries(names.map((name, i) => [name, rowId(i * 3)]));
  const e = parseFilter(names.map((name) => `id == {${name}}`).join(' or '), schema, templates);
  assert.deepEqual(
    selected(e),
    Array.from({ length: 1000 }, (_, i) => i * 3),
  );
});
