// Search parameters: a Search (raw: the SDK builds search_params itself) whose key/value
// search_params are changed at random (topk, offset, metric_type, anns_field, params JSON,
// round_decimal, radius and range_filter, group_by_field and group_size, the iterator keys, and
// keys Milvus does not know), whose query vectors are right, of the wrong size, garbage bytes, or
// too many, and whose output fields and partitions are sometimes unknown.
//
// What is invalid by construction follows Milvus 2.6's proxy (internal/proxy/search_util.go
// parseSearchInfo, parseSearchIteratorV2Info, parseGroupByInfo, task_search.go): an integer Go's
// strconv.ParseInt cannot read (empty, spaces, a decimal point), topk outside [1, 16384] when not
// an iterator, a negative or too large offset, round_decimal outside -1 and [0, 6], a metric that
// is not the index's, an anns_field that is not a vector field (or none when there are several),
// params that are not a JSON object, a non-numeric radius or range_filter, radius with group-by,
// group-by with an iterator, iterator v2 keys without the iterator, query vectors that are not the
// field's size or not a PlaceholderGroup at all, nq outside [1, 16384], an unknown partition, an
// unknown output field in a collection without a dynamic field.
import fc from 'fast-check';
import { COLLECTIONS, DOCS, DOCS_BITS_DIM, HALF_DIM, ITEMS, ITEMS_DIM, SPARSE, type KnownCollection } from '../known-data.js';
import type { Expectation } from '../oracle.js';
import type { FuzzDomain } from '../runner.js';
import type { FuzzTarget, Outcome } from '../target.js';
import { PlaceholderType, bfloat16Bytes, float16Bytes, float32Bytes, placeholderGroup, sparseBytes } from '../wire.js';

const MAX_TOPK = 16384;
const MAX_NQ = 16384;

// ---- Go's integers, as far as a test can be sure ------------------------------------------------

/** A text no strconv.ParseInt(s, 0, 64) reads: empty, or a character no base allows (space, '.', ...). */
function unreadableInteger(s: string): boolean {
  return s === '' || !/^[+-]?[0-9A-Za-z_]+$/.test(s);
}

/** The value of a plain decimal integer text; undefined for anything else (hex, octal, '1e3'...). */
function plainInteger(s: string): bigint | undefined {
  return /^[+-]?(0|[1-9][0-9]*)$/.test(s) ? BigInt(s) : undefined;
}

/** An integer parameter that is invalid by construction: unreadable, or plain and outside [min, max]. */
function invalidInteger(s: string, min: bigint, max: bigint): boolean {
  if (unreadableInteger(s)) return true;
  const n = plainInteger(s);
  return n !== undefined && (n < min || n > max);
}

const integerText = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 40 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      '1',
      '16384',
      '16385',
      '2147483648',
      '9223372036854775807',
      '9223372036854775808',
      '-9223372036854775808',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' ', ' 5', '5 ', '1.5', '1e3', 'abc', '0x10', '010', '+5', '1_0', '５', 'null', 'NaN', 'Infinity', '-0'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

// ---- params JSON -----------------------------------------------------------------------------------

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -100, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
  fc.constantFrom('x', '', '10', '0.5', null, true, [], {}, [1, 2], 1e308),
);

interface ParamsJson {
  text: string;
  invalid: boolean;
  /** The text names radius (Milvus: no range search with group-by). */
  radius: boolean;
}

const paramsJson: fc.Arbitrary<ParamsJson> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .dictionary(fc.constantFrom('ef', 'nprobe', 'radius', 'range_filter', 'level', 'drop_ratio_search', 'reorder_k', 'x'), jsonValue, {
        maxKeys: 3,
      })
      .map(objectParams),
  },
  // JSON but not an object: Milvus 2.4's proxy refused it (checkRangeSearchParams); 2.6 hands it to segcore as is.
  { weight: 1, arbitrary: fc.constantFrom('[]', '1', '"s"', 'true', '[{"ef": 10}]').map((text) => ({ text, invalid: false, radius: false })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('{', 'x{', '{"ef": }', "{'ef': 1}", '{"ef": 10,}', '\u0000')
      .map((text) => ({ text, invalid: true, radius: false })),
  },
  { weight: 1, arbitrary: fc.constantFrom('null', '{}', '').map((text) => ({ text, invalid: false, radius: false })) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map((text) => ({ text, invalid: false, radius: text.includes('radius') })),
  },
);

function objectParams(o: Record<string, unknown>): ParamsJson {
  // segcore's GetValueFromConfig reads a null as no value: `{"radius": null}` is a plain search
  const notNumeric = (v: unknown) =>
    v !== undefined && v !== null && typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));
  return { text: JSON.stringify(o), invalid: notNumeric(o.radius) || notNumeric(o.range_filter), radius: 'radius' in o };
}

// ---- query vectors ----------------------------------------------------------------------------------

type VectorShape = 'right' | 'wrongSize' | 'rawBytes' | 'garbageGroup' | 'noPlaceholder' | 'tooMany';

interface Vectors {
  shape: VectorShape;
  /** Query vectors (right), or the size change (wrongSize), or the raw bytes. */
  nq: number;
  delta: number;
  bytes: Uint8Array;
  special: boolean;
}

const vectorShape = fc.oneof(
  { weight: 12, arbitrary: fc.constant<VectorShape>('right') },
  { weight: 3, arbitrary: fc.constantFrom<VectorShape>('wrongSize', 'rawBytes') },
  { weight: 2, arbitrary: fc.constantFrom<VectorShape>('garbageGroup', 'noPlaceholder') },
  // 16,385 query vectors: costly to encode and send, so rarer
  { weight: 1, arbitrary: fc.constant<VectorShape>('tooMany') },
);

const vectors: fc.Arbitrary<Vectors> = fc.record({
  shape: vectorShape,
  nq: fc.integer({ min: 1, max: 4 }),
  delta: fc.constantFrom(-3, -1, 1, 2, 64),
  bytes: fc.uint8Array({ maxLength: 48 }),
  special: fc.boolean(),
});

/** Bytes of one query vector for `field` of `collection`, its dim changed by `delta` (sizes in the field's units). */
function queryVector(collection: KnownCollection, field: string, delta: number, special: boolean): Uint8Array {
  const v = (n: number) => Array.from({ length: Math.max(0, n) }, (_, i) => (special && i === 0 ? Number.NaN : (i % 5) / 4));
  switch (`${collection}.${field}`) {
    case `${ITEMS}.vec`:
      return float32Bytes(v(ITEMS_DIM + delta));
    case `${DOCS}.bits`:
      return Buffer.alloc(Math.max(0, DOCS_BITS_DIM / 8 + delta), 0x5a);
    case `${DOCS}.half`:
      return float16Bytes(v(HALF_DIM + delta));
    case `${SPARSE}.bf`:
      return bfloat16Bytes(v(HALF_DIM + delta));
    default: {
      // the sparse vector: whole (index, value) pairs, or `delta` bytes too many
      const row = sparseBytes([
        [3, 0.5],
        [9, 1.25],
      ]);
      return delta === 0 ? row : Buffer.concat([row, Buffer.alloc(Math.abs(delta) % 8 || 3, 1)]);
    }
  }
}

/** The byte size a query vector of `field` must have; undefined for the sparse field (any whole pairs). */
function vectorBytes(collection: KnownCollection, field: string): number | undefined {
  const sizes: Record<string, number> = {
    [`${ITEMS}.vec`]: ITEMS_DIM * 4,
    [`${DOCS}.bits`]: DOCS_BITS_DIM / 8,
    [`${DOCS}.half`]: HALF_DIM * 2,
    [`${SPARSE}.bf`]: HALF_DIM * 2,
  };
  return sizes[`${collection}.${field}`];
}

const PLACEHOLDER_TYPE: Record<string, number> = {
  vec: PlaceholderType.FloatVector,
  bits: PlaceholderType.BinaryVector,
  half: PlaceholderType.Float16Vector,
  bf: PlaceholderType.BFloat16Vector,
  sv: PlaceholderType.SparseFloatVector,
};

/** The placeholder group of 16,385 vectors, by collection and field: made once. */
const tooMany = new Map<string, Buffer>();

function placeholder(collection: KnownCollection, field: string, q: Vectors): { bytes: Buffer; problem?: string } {
  const type = PLACEHOLDER_TYPE[field] ?? PlaceholderType.FloatVector;
  switch (q.shape) {
    case 'right':
      return {
        bytes: placeholderGroup(
          type,
          Array.from({ length: q.nq }, () => queryVector(collection, field, 0, q.special)),
        ),
      };
    case 'wrongSize':
      return { bytes: placeholderGroup(type, [queryVector(collection, field, q.delta, false)]), problem: 'query vector of the wrong size' };
    case 'rawBytes': {
      const size = vectorBytes(collection, field);
      const wrong = size === undefined ? q.bytes.length % 8 !== 0 : q.bytes.length !== size;
      return { bytes: placeholderGroup(type, [q.bytes]), problem: wrong ? 'query vector bytes of the wrong size' : undefined };
    }
    case 'garbageGroup':
      // Not a PlaceholderGroup (or one with no vector): 0x0a (field 1, length-delimited) then a length past the end.
      return { bytes: Buffer.concat([Buffer.from([0x0a, 0xff, 0x7f]), Buffer.from(q.bytes)]), problem: 'placeholder group that does not decode' };
    case 'noPlaceholder':
      return { bytes: Buffer.alloc(0), problem: 'no query vector (nq 0)' };
    case 'tooMany': {
      const key = `${collection}.${field}`;
      let bytes = tooMany.get(key);
      if (!bytes) {
        bytes = placeholderGroup(
          type,
          Array.from({ length: MAX_NQ + 1 }, () => queryVector(collection, field, 0, false)),
        );
        tooMany.set(key, bytes);
      }
      return { bytes, problem: `nq ${MAX_NQ + 1}` };
    }
  }
}

// ---- search_params changes --------------------------------------------------------------------------

/** One change to the proper search_params: a key set (replacing its value), sent twice, or removed. */
interface ParamChange {
  key: string;
  value: string;
  how: 'set' | 'twice' | 'remove';
}

const KEYS = [
  'topk',
  'offset',
  'metric_type',
  'anns_field',
  'params',
  'round_decimal',
  'radius',
  'range_filter',
  'ef',
  'nprobe',
  'group_by_field',
  'group_size',
  'strict_group_size',
  'iterator',
  'search_iter_v2',
  'search_iter_batch_size',
  'search_iter_id',
  'search_iter_last_bound',
  'hints',
  'ignore_growing',
  'collection_id',
] as const;

const textValue = fc.oneof(
  integerText,
  fc.constantFrom('True', 'true', 'false', '1', 'L2', 'IP', 'COSINE', 'HAMMING', 'l2', 'BM25', 'JACCARD', 'x', '0.5', '-1'),
);
const fieldName = fc.constantFrom(
  'vec',
  'bits',
  'half',
  'sv',
  'bf',
  'id',
  'key',
  'n',
  's',
  'f',
  'b',
  'j',
  'tags',
  'label',
  'score',
  'nope',
  '',
  '$meta',
  'j["k"]',
  'color',
);

const how = fc.constantFrom<ParamChange['how']>('set', 'set', 'set', 'set', 'twice', 'remove');
const change: fc.Arbitrary<ParamChange> = fc.oneof(
  fc.record({ key: fc.constantFrom('topk', 'offset', 'round_decimal', 'group_size', 'search_iter_batch_size'), value: integerText, how }),
  fc.record({ key: fc.constantFrom('anns_field', 'group_by_field'), value: fieldName, how }),
  fc.record({ key: fc.constantFrom(...KEYS), value: textValue, how }),
  fc.record({ key: fc.string({ unit: 'binary', maxLength: 8 }), value: fc.string({ unit: 'binary', maxLength: 8 }), how }),
);

// ---- cases -------------------------------------------------------------------------------------------

export interface SearchCase {
  collection: KnownCollection;
  /** The vector field the query vectors are made for. */
  field: string;
  changes: ParamChange[];
  params: ParamsJson;
  vectors: Vectors;
  outputFields: string[];
  partition: string | undefined;
}

const OUTPUT_FIELDS = ['id', 'key', 'n', 's', 'j', 'color', '*', '$meta', 'count(*)', 'nope', 'vec', 'sv', 'score', 'label'];

export const searchCases: fc.Arbitrary<SearchCase> = fc.constantFrom(...([ITEMS, DOCS, SPARSE] as KnownCollection[])).chain((collection) =>
  fc.record({
    collection: fc.constant(collection),
    field: fc.constantFrom(...COLLECTIONS[collection].vectors.map((v) => v.field)),
    changes: fc.array(change, { maxLength: 4 }),
    params: paramsJson,
    vectors,
    outputFields: fc.subarray(OUTPUT_FIELDS, { maxLength: 3 }),
    partition: fc.option(fc.constantFrom('p_even', 'p_odd', '_default', 'nope', ''), { freq: 4, nil: undefined }),
  }),
);

/** The search_params of a case: the field's proper ones with the changes made in order. */
function searchParams(c: SearchCase): { key: string; value: string }[] {
  const metric = COLLECTIONS[c.collection].vectors.find((v) => v.field === c.field)!.metric;
  let pairs = [
    { key: 'anns_field', value: c.field },
    { key: 'topk', value: '5' },
    { key: 'metric_type', value: metric },
    { key: 'params', value: c.params.text },
  ];
  for (const { key, value, how } of c.changes) {
    if (how === 'twice') {
      pairs.push({ key, value });
      continue;
    }
    const at = pairs.findIndex((p) => p.key === key);
    pairs = pairs.filter((p) => p.key !== key);
    if (how === 'set') pairs.splice(at < 0 ? pairs.length : at, 0, { key, value });
  }
  return pairs;
}

/** Why a case is invalid by construction; empty when it may be valid. */
export function searchProblems(c: SearchCase): string[] {
  const info = COLLECTIONS[c.collection];
  // Milvus takes the first value of a key (GetAttrByKeyFromRepeatedKV); Elanus's map keeps the last.
  // Invalid by construction only when every value of the key is invalid.
  const pairs = searchParams(c);
  const values = (key: string) => pairs.filter((p) => p.key === key).map((p) => p.value);
  const every = (key: string, bad: (v: string) => boolean) => values(key).length > 0 && values(key).every(bad);
  const problems: string[] = [];
  const iterator = values('iterator').some((v) => v === 'True' || v === 'true');
  const allIterator = values('iterator').length > 0 && values('iterator').every((v) => v === 'True' || v === 'true');

  if (values('topk').length === 0) problems.push('no topk');
  if (every('topk', unreadableInteger)) problems.push('topk unreadable');
  if (!iterator && every('topk', (v) => invalidInteger(v, 1n, BigInt(MAX_TOPK)))) problems.push('topk out of [1, 16384]');
  if (every('offset', (v) => unreadableInteger(v) || (plainInteger(v) ?? 0n) < 0n || (plainInteger(v) ?? 0n) > BigInt(MAX_TOPK)))
    problems.push('offset invalid');
  const topk = values('topk').map(plainInteger);
  const offset = values('offset').map(plainInteger);
  if (!iterator && topk.every((t) => t !== undefined) && offset.length > 0 && offset.every((o) => o !== undefined)) {
    if (topk.every((t) => offset.every((o) => t! + o! > BigInt(MAX_TOPK)))) problems.push('offset + topk > 16384');
  }
  if (
    every(
      'round_decimal',
      (v) =>
        unreadableInteger(v) || (plainInteger(v) !== undefined && plainInteger(v)! !== -1n && (plainInteger(v)! < 0n || plainInteger(v)! > 6n)),
    )
  )
    problems.push('round_decimal invalid');
  const metric = info.vectors.find((v) => v.field === c.field)!.metric;
  if (every('metric_type', (v) => v !== '' && v.toUpperCase() !== metric)) problems.push('metric_type is not the index metric');
  const vectorFields = info.vectors.map((v) => v.field);
  // Another vector field is not flagged: its vectors might happen to read right.
  if (every('anns_field', (v) => !vectorFields.includes(v) && (v !== '' || vectorFields.length > 1)))
    problems.push('anns_field is not a vector field');
  if (values('anns_field').length === 0 && vectorFields.length > 1) problems.push('no anns_field with several vector fields');
  if (every('params', (v) => v === c.params.text) && c.params.invalid) problems.push('params is not a JSON object of numbers');
  const schemaFields = info.fields.map((f) => f.name);
  const groupBy = values('group_by_field');
  const groupsUnknown = groupBy.length > 0 && groupBy.every((g) => g !== '' && !info.dynamic && !schemaFields.includes(g.split('[')[0]!));
  if (groupsUnknown) problems.push('group_by_field unknown');
  if (groupBy.length > 0 && groupBy.every((g) => vectorFields.includes(g))) problems.push('group_by_field is a vector field');
  if (groupBy.length > 0 && groupBy.every((g) => g !== '') && allIterator) problems.push('group-by with an iterator');
  if (groupBy.length > 0 && groupBy.every((g) => schemaFields.includes(g)) && c.params.radius && every('params', (v) => v === c.params.text))
    problems.push('radius with group-by');
  const v2 = values('search_iter_v2');
  if (
    v2.length > 0 &&
    v2.every((v) => ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) &&
    values('iterator').every((v) => v !== 'True' && v !== 'true')
  )
    problems.push('iterator v2 without the iterator');
  const { problem } = placeholder(c.collection, c.field, c.vectors);
  // A size is only wrong for the field searched; no group, no vector or too many are wrong for any.
  const searched = values('anns_field').length === 0 ? vectorFields.length === 1 : values('anns_field').every((v) => v === c.field);
  if (problem && (searched || ['garbageGroup', 'noPlaceholder', 'tooMany'].includes(c.vectors.shape))) problems.push(problem);
  if (c.partition !== undefined && !['_default', ...(c.collection === ITEMS ? ['p_even', 'p_odd'] : [])].includes(c.partition))
    problems.push('unknown partition');
  if (!info.dynamic && c.outputFields.includes('nope')) problems.push('unknown output field');
  return problems;
}

// ---- a Query's parameters ---------------------------------------------------------------------

/**
 * A Query's query_params changed at random: `limit` (sent as '5' unless changed), `offset`, the
 * iterator flags, keys Milvus does not know. Invalid by construction, after Milvus 2.6's
 * parseQueryParams (task_query.go): an unreadable limit or offset, a limit of 0 or less, a
 * negative offset or limit + offset over 16384 (with a limit), a flag Go's ParseBool cannot read.
 */
export interface QueryParamsCase {
  collection: KnownCollection;
  changes: ParamChange[];
  filter: string;
}

const queryChange: fc.Arbitrary<ParamChange> = fc.oneof(
  fc.record({ key: fc.constantFrom('limit', 'offset'), value: integerText, how }),
  fc.record({ key: fc.constantFrom('iterator', 'reduce_stop_for_best', 'collection_id', 'ignore_growing', 'timezone'), value: textValue, how }),
  fc.record({ key: fc.string({ unit: 'binary', maxLength: 8 }), value: fc.string({ unit: 'binary', maxLength: 8 }), how }),
);

export const queryParamsCases: fc.Arbitrary<QueryParamsCase> = fc.record({
  collection: fc.constantFrom(...([ITEMS, DOCS, SPARSE] as KnownCollection[])),
  changes: fc.array(queryChange, { minLength: 1, maxLength: 3 }),
  filter: fc.constantFrom('', 'id > 0', 'key like "doc%"', 'score > 0'),
});

function queryParams(c: QueryParamsCase): { key: string; value: string }[] {
  let pairs = [{ key: 'limit', value: '5' }];
  for (const { key, value, how } of c.changes) {
    if (how === 'twice') {
      pairs.push({ key, value });
      continue;
    }
    pairs = pairs.filter((p) => p.key !== key);
    if (how === 'set') pairs.push({ key, value });
  }
  return pairs;
}

const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

export function queryProblems(c: QueryParamsCase): string[] {
  const pairs = queryParams(c);
  const values = (key: string) => pairs.filter((p) => p.key === key).map((p) => p.value);
  const every = (key: string, bad: (v: string) => boolean) => values(key).length > 0 && values(key).every(bad);
  const problems: string[] = [];
  const limits = values('limit');
  if (every('limit', (v) => unreadableInteger(v) || (plainInteger(v) ?? 1n) <= 0n)) problems.push('limit invalid');
  if (limits.length > 0 && every('offset', (v) => unreadableInteger(v) || (plainInteger(v) ?? 0n) < 0n)) problems.push('offset invalid');
  const offsets = values('offset').map(plainInteger);
  const plainLimits = limits.map(plainInteger);
  if (offsets.length > 0 && offsets.every((o) => o !== undefined) && plainLimits.length > 0 && plainLimits.every((l) => l !== undefined)) {
    if (plainLimits.every((l) => offsets.every((o) => l! + o! > BigInt(MAX_TOPK)))) problems.push('limit + offset > 16384');
  }
  for (const flag of ['iterator', 'reduce_stop_for_best']) if (every(flag, (v) => !GO_BOOLS.includes(v))) problems.push(`${flag} is not a bool`);
  return problems;
}

type ParamsCase = ({ kind: 'search' } & SearchCase) | ({ kind: 'query' } & QueryParamsCase);

/** A Search of fz_items with proper vectors and `{}` params, then `changes` (and `params`, `shape` when given). */
function itemsSearch(changes: ParamChange[], params = '{}', shape: VectorShape = 'right'): ParamsCase {
  const invalid = objectParams(JSON.parse(params === 'null' ? '{}' : params) as Record<string, unknown>).invalid;
  return {
    kind: 'search',
    collection: ITEMS,
    field: 'vec',
    changes,
    params: { text: params, invalid, radius: params.includes('radius') },
    vectors: { shape, nq: 1, delta: 0, bytes: new Uint8Array([1, 2, 3]), special: false },
    outputFields: [],
    partition: undefined,
  };
}

const set = (key: string, value: string): ParamChange => ({ key, value, how: 'set' });

/** Inputs that once broke Elanus or were answered Success (issue 13). */
const regressions: ParamsCase[] = [
  itemsSearch([], 'null'),
  itemsSearch([], '{}', 'garbageGroup'),
  itemsSearch([set('topk', '')]),
  itemsSearch([set('topk', ' 5')]),
  itemsSearch([], '{"radius": "x"}'),
  itemsSearch([{ key: 'topk', value: '', how: 'remove' }]),
  itemsSearch([set('offset', '-1')]),
  itemsSearch([set('offset', '16384')]),
  { kind: 'query', collection: ITEMS, filter: 'id > 0', changes: [set('offset', '')] },
];

export const searchParamsDomain: FuzzDomain<ParamsCase> = {
  name: 'search-params',
  cases: fc.oneof(
    { weight: 4, arbitrary: searchCases.map((c) => ({ kind: 'search' as const, ...c })) },
    { weight: 1, arbitrary: queryParamsCases.map((c) => ({ kind: 'query' as const, ...c })) },
  ),
  async send(target: FuzzTarget, c: ParamsCase): Promise<{ outcome: Outcome; expect: Expectation }> {
    if (c.kind === 'query') {
      const pk = COLLECTIONS[c.collection].pk;
      const outcome = await target.raw('Query', {
        collection_name: c.collection,
        expr: c.filter,
        output_fields: [pk],
        query_params: queryParams(c),
      });
      return { outcome, expect: { invalid: queryProblems(c).length > 0 } };
    }
    const outcome = await target.raw('Search', {
      collection_name: c.collection,
      dsl: '',
      dsl_type: 'BoolExprV1',
      placeholder_group: placeholder(c.collection, c.field, c.vectors).bytes,
      search_params: searchParams(c),
      output_fields: c.outputFields,
      partition_names: c.partition === undefined ? [] : [c.partition],
    });
    return { outcome, expect: { invalid: searchProblems(c).length > 0 } };
  },
  regressions,
  describe: (c) =>
    c.kind === 'query'
      ? `Query ${c.collection} filter ${JSON.stringify(c.filter)}: query_params ${JSON.stringify(queryParams(c))}; invalid because: ${queryProblems(c).join(', ') || '(maybe valid)'}`
      : `Search ${c.collection} on ${c.field}: search_params ${JSON.stringify(searchParams(c))}, vectors ${c.vectors.shape}` +
        `${c.vectors.shape === 'rawBytes' ? ` (${c.vectors.bytes.length} bytes)` : ''}, output ${JSON.stringify(c.outputFields)}` +
        `${c.partition !== undefined ? `, partition ${JSON.stringify(c.partition)}` : ''}; invalid because: ${searchProblems(c).join(', ') || '(maybe valid)'}`,
};
