// Filter expressions: random expressions from Milvus's grammar (Plan.g4) over the known fields,
// random edits of them, garbage text, deep nesting and long chains, as the filter of a Query
// (through the SDK), of a Search and of a count(*) (raw), and, when invalid by construction, of a
// Delete (raw): a Delete with a filter that could be valid would change the known data.
//
// Invalid by construction, each for a reason Milvus's plan parser gives (planparserv2): a syntax
// error (a dangling operator, an unclosed parenthesis or string), a field that does not exist in a
// collection without a dynamic field, a comparison across types, `like` on a number, an array
// compared whole, a modulo by zero, `exists` on a non-JSON field, a template variable with no
// value, a match or geometry function on a field that has neither.
import fc from 'fast-check';
import { COLLECTIONS, DOCS, ITEMS, ITEMS_DIM, SPARSE, type KnownCollection } from '../known-data.js';
import type { Expectation } from '../oracle.js';
import type { FuzzDomain } from '../runner.js';
import type { FuzzTarget, Outcome } from '../target.js';
import { PlaceholderType, float32Bytes, placeholderGroup, sparseBytes } from '../wire.js';

// ---- the fields an expression can name, by collection --------------------------------------------

interface ExprFields {
  ints: string[];
  floats: string[];
  strings: string[];
  bools: string[];
  /** JSON paths (a JSON field, or a dynamic key). */
  json: string[];
  arrays: string[];
  nullable: string[];
  vectors: string[];
}

const FIELDS: Record<KnownCollection, ExprFields> = {
  [ITEMS]: {
    ints: ['id', 'n', 'opt'],
    floats: ['f', 'weight'],
    strings: ['s', 'color', '$meta["color"]'],
    bools: ['b'],
    json: ['j["k"]', 'j["name"]', 'j["list"][0]', 'j["nested"]["deep"]', 'j', '$meta["weight"]', 'unknown_dynamic_key'],
    arrays: ['tags'],
    nullable: ['opt', 'j'],
    vectors: ['vec'],
  },
  [DOCS]: { ints: [], floats: ['score'], strings: ['key'], bools: [], json: [], arrays: [], nullable: [], vectors: ['bits', 'half'] },
  [SPARSE]: { ints: ['id'], floats: [], strings: ['label'], bools: [], json: [], arrays: [], nullable: [], vectors: ['sv', 'bf'] },
};

// ---- literals -------------------------------------------------------------------------------------

const intLiteral = fc.oneof(
  fc.integer({ min: -100, max: 100 }).map(String),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  fc.constantFrom('0x1F', '0b101', '0', '-0', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '99999999999999999999999'),
);
const floatLiteral = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
  fc.constantFrom('1e308', '1e400', '-1e400', '.5', '5.', '1.5e-7', '0x1p3', '3.4028235e38'),
);
const stringLiteral = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) => `'${s.replace(/[\\']/g, '')}'`),
  fc.constantFrom('"alpha"', '"a%"', '"%a_"', "'δέλτα'", '"\\u00e9"', '"\\x41"', '"with \\"quotes\\""', 'u8"x"', '""'),
);
const boolLiteral = fc.constantFrom('true', 'false', 'True', 'FALSE');

// ---- the grammar --------------------------------------------------------------------------------

/** Expressions Milvus's grammar accepts, over `f`'s fields (valid or not as plans). */
function grammar(f: ExprFields): fc.Arbitrary<string> {
  const pick = (names: string[], otherwise: string) => (names.length > 0 ? fc.constantFrom(...names) : fc.constant(otherwise));
  const num = pick([...f.ints, ...f.floats], 'nope');
  const str = pick(f.strings, 'nope');
  const json = pick(f.json, 'nope');
  const arr = pick(f.arrays, 'nope');
  const anyField = pick([...f.ints, ...f.floats, ...f.strings, ...f.bools, ...f.json, ...f.arrays], 'nope');
  const relOp = fc.constantFrom('==', '!=', '<', '<=', '>', '>=');
  const number = fc.oneof(intLiteral, floatLiteral);

  const { bool } = fc.letrec<{ bool: string; arith: string }>((tie) => ({
    arith: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      num,
      number,
      fc.tuple(tie('arith'), fc.constantFrom('+', '-', '*', '/', '%', '**'), tie('arith')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('arith').map((a) => `(${a})`),
      tie('arith').map((a) => `-${a}`),
      arr.map((a) => `array_length(${a})`),
    ),
    bool: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(tie('arith'), relOp, tie('arith')).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(str, relOp, stringLiteral).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc
        .tuple(number, fc.constantFrom('<', '<='), num, fc.constantFrom('<', '<='), number)
        .map(([a, o1, x, o2, b]) => `${a} ${o1} ${x} ${o2} ${b}`),
      fc
        .tuple(anyField, fc.constantFrom('in', 'not in', 'IN'), fc.array(fc.oneof(number, stringLiteral, boolLiteral), { maxLength: 6 }))
        .map(([x, op, list]) => `${x} ${op} [${list.join(', ')}]`),
      fc.tuple(str, stringLiteral).map(([x, p]) => `${x} like ${p}`),
      fc.tuple(anyField, fc.constantFrom('is null', 'is not null', 'IS NULL')).map(([x, op]) => `${x} ${op}`),
      json.map((x) => `exists ${x}`),
      fc
        .tuple(fc.constantFrom('json_contains', 'json_contains_all', 'json_contains_any'), json, fc.oneof(number, stringLiteral))
        .map(([fn, x, v]) => (fn === 'json_contains' ? `${fn}(${x}, ${v})` : `${fn}(${x}, [${v}])`)),
      fc
        .tuple(fc.constantFrom('array_contains', 'array_contains_all', 'array_contains_any', 'ARRAY_CONTAINS'), arr, number)
        .map(([fn, x, v]) => (fn.toLowerCase() === 'array_contains' ? `${fn}(${x}, ${v})` : `${fn}(${x}, [${v}])`)),
      fc.tuple(pick(f.bools, 'true'), fc.constantFrom('== true', '!= false', '')).map(([b, rest]) => `${b} ${rest}`.trim()),
      boolLiteral,
      fc.tuple(str, stringLiteral).map(([x, s]) => `text_match(${x}, ${s})`),
      fc.constantFrom('random_sample(0.5)', 'random_sample(2)', 'id > 0 and random_sample(0.1)'),
      tie('bool').map((b) => `not ${b}`),
      tie('bool').map((b) => `!(${b})`),
      tie('bool').map((b) => `(${b})`),
      fc.tuple(tie('bool'), fc.constantFrom('and', 'or', '&&', '||', 'AND', 'OR'), tie('bool')).map(([a, op, b]) => `${a} ${op} ${b}`),
    ),
  }));
  return bool;
}

// ---- invalid by construction -------------------------------------------------------------------

/** Expressions that are wrong for a reason Milvus's parser gives, over the fields of `f`. */
function broken(f: ExprFields, valid: fc.Arbitrary<string>, dynamic: boolean): fc.Arbitrary<string> {
  const some = (names: string[]) => (names.length > 0 ? fc.constantFrom(...names) : fc.constant(undefined));
  const cases: fc.Arbitrary<string | undefined>[] = [
    valid.map((e) => `${e} and`),
    valid.map((e) => `(${e}`),
    valid.map((e) => `${e} ==`),
    valid.map((e) => `${e} in [1,`),
    fc.string({ maxLength: 8 }).map((s) => `s == "${s.replace(/["\\]/g, '')}`),
    some(f.vectors).map((v) => v && `${v} > 1`),
    some(f.strings.filter((s) => !s.includes('$') && s !== 'color')).map((s) => s && `${s} > 1`),
    some(f.ints).map((n) => n && `${n} like "a%"`),
    some(f.ints).map((n) => n && `${n} % 0 == 1`),
    some(f.ints).map((n) => n && `exists ${n}`),
    some(f.arrays).map((a) => a && `${a} == 1`),
    fc.constantFrom('{x} > 1', 'id in {list}'),
    fc.constantFrom('st_contains(id, "POINT (1 1)")', 'st_dwithin(s, "POINT (0 0)", 1.0)'),
    some(f.ints).map((n) => n && `not ${n}`),
    fc.constantFrom('1 and 2', '"a" or "b"', 'id in 1'),
  ];
  if (!dynamic) cases.push(fc.constantFrom('nope > 1', 'nope == "x"', 'exists nope["k"]', 'json_contains(nope, 1)', 'NOPE in [1]'));
  return fc.oneof(...cases).filter((e): e is string => e !== undefined);
}

// ---- mutations, garbage and depth -----------------------------------------------------------------

const edit = fc.record({
  at: fc.nat(),
  what: fc.constantFrom('insert', 'delete', 'replace', 'duplicate', 'truncate'),
  ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
});

/** `e` with one random edit: a character inserted, removed or replaced, a part doubled, the end cut. */
function mutate(e: string, m: { at: number; what: string; ch: string }): string {
  const at = e.length === 0 ? 0 : m.at % e.length;
  switch (m.what) {
    case 'insert':
      return e.slice(0, at) + m.ch + e.slice(at);
    case 'delete':
      return e.slice(0, at) + e.slice(at + 1);
    case 'replace':
      return e.slice(0, at) + m.ch + e.slice(at + 1);
    case 'duplicate':
      return e.slice(0, at) + e.slice(at, at * 2 + 1) + e.slice(at);
    default:
      return e.slice(0, at);
  }
}

/** Nesting and chains deep enough to find a recursion without a bound. */
const depth = fc.constantFrom(50, 500, 2000, 10_000, 50_000);
const deep = fc.oneof(
  depth.map((n) => `${'('.repeat(n)}id > 0${')'.repeat(n)}`),
  depth.map((n) => `${'not '.repeat(n)}id > 0`),
  depth.map((n) => `${'-'.repeat(n)}1 < id`),
  depth.map((n) => `id > ${'('.repeat(n)}1${')'.repeat(n)}`),
  depth.map((n) => Array.from({ length: n }, (_, i) => `id == ${i}`).join(' or ')),
  depth.map((n) => `id in [${Array.from({ length: n }, (_, i) => i).join(',')}]`),
  depth.map((n) => `j${'["k"]'.repeat(n)} == 1`),
  depth.map((n) => `1${' + 1'.repeat(n)} < id`),
);

// ---- cases ------------------------------------------------------------------------------------------

export interface ExpressionCase {
  collection: KnownCollection;
  /** Where the filter goes. */
  use: 'query' | 'count' | 'search' | 'delete';
  filter: string;
  /** Invalid by construction. */
  invalid: boolean;
}

function casesFor(collection: KnownCollection): fc.Arbitrary<ExpressionCase> {
  const f = FIELDS[collection];
  const valid = grammar(f);
  const bad = broken(f, valid, COLLECTIONS[collection].dynamic);
  const read = fc.constantFrom<ExpressionCase['use']>('query', 'count', 'search');
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ use: read, filter: valid }).map((c) => ({ ...c, collection, invalid: false })) },
    {
      weight: 3,
      arbitrary: fc
        .record({ use: fc.constantFrom<ExpressionCase['use']>('query', 'count', 'search', 'delete'), filter: bad })
        .map((c) => ({ ...c, collection, invalid: true })),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ use: read, filter: fc.tuple(valid, edit).map(([e, m]) => mutate(e, m)) })
        .map((c) => ({ ...c, collection, invalid: false })),
    },
    {
      weight: 1,
      arbitrary: fc.record({ use: read, filter: fc.string({ unit: 'binary', maxLength: 40 }) }).map((c) => ({ ...c, collection, invalid: false })),
    },
    { weight: 1, arbitrary: fc.record({ use: read, filter: deep }).map((c) => ({ ...c, collection, invalid: false })) },
  );
}

/** A query vector of the collection's first vector field, and its search parameters. */
function searchOf(collection: KnownCollection): { placeholder: Buffer; params: { key: string; value: string }[] } {
  const vector = COLLECTIONS[collection].vectors[0]!;
  const placeholder =
    collection === ITEMS
      ? placeholderGroup(PlaceholderType.FloatVector, [float32Bytes(Array.from({ length: ITEMS_DIM }, (_, i) => i / ITEMS_DIM))])
      : collection === DOCS
        ? placeholderGroup(PlaceholderType.BinaryVector, [Buffer.from([1, 2, 3, 4])])
        : placeholderGroup(PlaceholderType.SparseFloatVector, [sparseBytes([[7, 0.5]])]);
  return {
    placeholder,
    params: [
      { key: 'anns_field', value: vector.field },
      { key: 'topk', value: '3' },
      { key: 'metric_type', value: vector.metric },
      { key: 'params', value: '{}' },
    ],
  };
}

async function sendExpression(target: FuzzTarget, c: ExpressionCase): Promise<Outcome> {
  const base = { collection_name: c.collection };
  switch (c.use) {
    case 'query': {
      const request = { ...base, expr: c.filter, output_fields: [COLLECTIONS[c.collection].pk], query_params: [{ key: 'limit', value: '5' }] };
      return target.sdk((client) => client.query({ ...base, filter: c.filter, output_fields: request.output_fields, limit: 5 }), 'Query', request);
    }
    case 'count':
      return target.raw('Query', { ...base, expr: c.filter, output_fields: ['count(*)'] });
    case 'search': {
      const { placeholder, params } = searchOf(c.collection);
      return target.raw('Search', {
        ...base,
        dsl: c.filter,
        dsl_type: 'BoolExprV1',
        placeholder_group: placeholder,
        search_params: params,
        nq: 1,
      });
    }
    case 'delete':
      return target.raw('Delete', { ...base, expr: c.filter });
  }
}

export const expressionsDomain: FuzzDomain<ExpressionCase> = {
  name: 'expressions',
  cases: fc.oneof(casesFor(ITEMS), casesFor(DOCS), casesFor(SPARSE)),
  async send(target, c): Promise<{ outcome: Outcome; expect: Expectation }> {
    if (c.use === 'delete' && !c.invalid) throw new Error('a Delete is only sent with a filter that is invalid by construction');
    return { outcome: await sendExpression(target, c), expect: { invalid: c.invalid } };
  },
  describe: (c) => `${c.use} ${c.collection} filter ${JSON.stringify(c.filter)}${c.invalid ? ' (invalid by construction)' : ''}`,
  regressions: [
    // a '-' in a LIKE pattern made an invalid regular expression (src/expr/like.ts)
    { collection: DOCS, use: 'query', filter: 'key like "-% "', invalid: false },
    // recursion without a bound: the parser and the plan builder at 10,000 deep
    { collection: ITEMS, use: 'query', filter: `${'('.repeat(10_000)}id > 0${')'.repeat(10_000)}`, invalid: false },
    { collection: ITEMS, use: 'count', filter: `${'not '.repeat(10_000)}id > 0`, invalid: false },
    // the compiled filter of a Search: a 2,000-term `or` chain
    { collection: ITEMS, use: 'search', filter: Array.from({ length: 2000 }, (_, i) => `id == ${i}`).join(' or '), invalid: false },
  ],
};
