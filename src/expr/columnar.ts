// A columnar fast path for the common filter shapes: instead of calling the per-row closure of
// compile.ts (one RowSource read and a few closure calls per node per row, ~25 ns a row), the
// whole filter becomes one loop over the typed columns that writes a 1/0 mask, ~2-4 ns a row.
//
// Exactness. The loop evaluates, for each leaf, the very JavaScript operation the closure does on
// the very values it sees: the closure reads `cellValue` (the typed array's element; `=== 1` for
// Bool), compares it with `prepConst(dataType, constant)` using `<`, `<=`, `>`, `>=`, `==`, `!=`,
// and tests `in` lists with `Set.has`. Here the element is read straight from the same array, the
// constant is prepared the same way (see `prepare`), and the same operator is used (an `in` list
// of a few values becomes a chain of `===`, which equals Set.has's SameValueZero unless a
// constant is NaN; a longer one asks the same Set, see `term`). Only columns that cannot hold a
// null are accepted, so no leaf is ever NULL and the closure's three-valued logic reduces to two
// values: `and`/`or`/`not` become `&`/`|`/`^ 1` on 0/1 (no short-circuit; every leaf is pure).
//
// The loop is generated source (new Function) so that each filter shape gets its own
// monomorphic, branch-free loop: one shared loop over Int8Array/Float32Array/BigInt64Array/...
// would be megamorphic (~15 ns a row). The source holds only fixed tokens and slot numbers
// (`c0`, `k1`, ...); names and constants never enter it, they are passed in as arguments. Loops
// are cached by shape (the source plus the column types), so `tag < 10` and `tag < 20` share one
// compiled, warmed-up loop.
//
// Use: compile once per request next to the closure, call once per batch, fall back per batch:
//   const columnar = compileColumnar(expr);             // undefined: not a supported shape
//   const mask = new Uint8Array(batch.numRows);
//   if (columnar?.(batch.columns, batch.numRows, mask)) { ...mask[row] === 1 && !batch.deleted[row]... }
//   else { ...predicate(new BatchRowSource(batch), row)... }
import { DataType } from '../catalog/index.js';
import type { Column as DataColumn } from '../data/index.js';
import { groupEqualities } from './equality-groups.js';
import type { Column, FilterExpr, PlanNode } from './plan.js';
import type { GV } from './values.js';

/**
 * Writes the filter's result for rows [0, rows) of a batch into out[0..rows): 1 where the row
 * passes, 0 where it does not, exactly as the closure from `compileFilter` would answer.
 *
 * Returns false, leaving `out` unspecified, when this batch's columns do not fit what the filter
 * was compiled for: a field missing from `columns`, stored with another type, shorter than
 * `rows`, or with a validity mask that marks a row null. The caller then evaluates the batch with
 * the closure. Throws a RangeError when `out` is shorter than `rows`.
 */
export type ColumnarFilter = (columns: ReadonlyMap<string, DataColumn>, rows: number, out: Uint8Array) => boolean;

/**
 * The columnar form of a filter, or undefined when some node of its plan is outside the subset
 * this module evaluates (the caller then uses the closure from `compileFilter`). The subset:
 * - `alwaysTrue` and `const`;
 * - `unaryRange` with lt/le/gt/ge/eq/ne on a non-nullable Bool, Int8, Int16, Int32, Int64,
 *   Float, Double or VarChar field itself (no JSON path or array index, not `$meta`), the
 *   constant a bool for Bool, a string for VarChar, an int or float for the numeric types;
 * - `binaryRange` (`lo < x <= hi` ...) on the same fields except Bool;
 * - `term` (`x in [...]`; `not in` is not(term)) on the same fields, constants typed as above;
 * - `not`, `and`, `or` of supported nodes (equality tests on one field grouped as `in`), at most
 *   MAX_NODES nodes in all.
 * Everything else (nullable fields, JSON, arrays, dynamic keys, like/match, arithmetic, column
 * comparisons, null tests, exists, contains, calls, random_sample, timestamptz, unresolved
 * templates) is undefined.
 */
export function compileColumnar(expr: FilterExpr): ColumnarFilter | undefined {
  const g: Gen = { slots: [], consts: [], nodes: 0 };
  const body = gen(expr.root, g);
  if (body === undefined) return undefined;
  const loop = loopFor(g, body);
  const { slots, consts } = g;
  const width = slots.length;
  return (columns, rows, out) => {
    if (out.length < rows) throw new RangeError(`mask of ${out.length} bytes for ${rows} rows`);
    const data: unknown[] = new Array(width);
    for (let j = 0; j < width; j++) {
      const { field, type, words } = slots[j]!;
      const c = columns.get(field);
      if (!c || c.type !== type || c.data.length < rows) return false;
      if (c.valid && c.valid.subarray(0, rows).includes(0)) return false;
      if (words) {
        const d = c.data as BigInt64Array;
        data[j] = new Int32Array(d.buffer, d.byteOffset, d.length * 2);
      } else data[j] = c.data;
    }
    loop(data, consts, rows, out);
    return true;
  };
}

// ---- code generation ----------------------------------------------------------------------------

type Loop = (columns: unknown[], consts: unknown[], rows: number, out: Uint8Array) => void;

interface Slot {
  field: string;
  type: DataType;
  /** The Int64 column's 32-bit words (an Int32Array over its buffer) rather than its values. */
  words: boolean;
}

interface Gen {
  /** Column slot j (`c<j>` in the loop, its row value `v<j>`). */
  slots: Slot[];
  /** Constant slot j (`k<j>`). */
  consts: unknown[];
  /** Plan nodes generated so far. */
  nodes: number;
}

const SUPPORTED = new Set<DataType>([
  DataType.Bool,
  DataType.Int8,
  DataType.Int16,
  DataType.Int32,
  DataType.Int64,
  DataType.Float,
  DataType.Double,
  DataType.VarChar,
]);

const OPS: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };

/**
 * The most plan nodes one loop evaluates. V8 compiles a generated loop of a few thousand tests
 * slowly and leaves it unoptimised, so a larger filter (after equality tests on one field are
 * grouped into one set lookup, see equality-groups.ts) runs faster as the closure.
 */
const MAX_NODES = 256;

/** At most this many distinct `in` constants become a chain of `===`; more use the Set. */
const CHAIN_MAX = 4;

/** Where the low 32 bits of an Int64 sit among its two words (the platform's byte order). */
const LOW_WORD = new Int32Array(BigInt64Array.of(1n).buffer)[0] === 1 ? 0 : 1;

function slotIndex(g: Gen, field: string, type: DataType, words: boolean): number | undefined {
  const j = g.slots.findIndex((s) => s.field === field && s.words === words);
  if (j >= 0) return g.slots[j]!.type === type ? j : undefined;
  return g.slots.push({ field, type, words }) - 1;
}

/** The slot of a supported column's values, or undefined when the column is not supported. */
function valueSlot(c: Column, g: Gen): number | undefined {
  if (c.path.length !== 0 || c.nullable || !SUPPORTED.has(c.dataType)) return undefined;
  return slotIndex(g, c.field, c.dataType, false);
}

function constant(g: Gen, v: unknown): string {
  return `k${g.consts.push(v) - 1}`;
}

/** Whether the closure would compare a column of `dt` with `v` (the visitor's castValue). */
function fits(dt: DataType, v: GV): boolean {
  switch (dt) {
    case DataType.Bool:
      return v.t === 'bool';
    case DataType.VarChar:
      return v.t === 'string';
    default:
      return v.t === 'int' || v.t === 'float';
  }
}

/** compile.ts's prepConst for the types above: the constant as the closure compares it. */
function prepare(dt: DataType, v: GV): unknown {
  switch (v.t) {
    case 'int':
      if (dt === DataType.Int64) return v.v;
      if (dt === DataType.Float) return Math.fround(Number(v.v));
      return Number(v.v);
    case 'float':
      return dt === DataType.Float ? Math.fround(v.v) : v.v;
    default:
      return v.v;
  }
}

/** The node as a 0/1 (or false/true) expression over the slots; undefined if unsupported. */
function gen(n: PlanNode, g: Gen): string | undefined {
  if (++g.nodes > MAX_NODES) return undefined;
  switch (n.k) {
    case 'alwaysTrue':
      return '1';
    case 'const':
      return n.value ? '1' : '0';
    case 'not': {
      const c = gen(n.child, g);
      return c === undefined ? undefined : `(${c} ^ 1)`;
    }
    case 'and':
    case 'or': {
      const parts: string[] = [];
      for (const item of groupEqualities(n.items, n.k === 'and' ? 'ne' : 'eq')) {
        const part = gen(item, g);
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return parts.length === 1 ? parts[0] : `(${parts.join(n.k === 'and' ? ' & ' : ' | ')})`;
    }
    case 'unaryRange': {
      const op = OPS[n.op];
      if (op === undefined || n.template !== undefined || n.value === undefined) return undefined;
      const j = valueSlot(n.column, g);
      if (j === undefined || !fits(n.column.dataType, n.value)) return undefined;
      return `(v${j} ${op} ${constant(g, prepare(n.column.dataType, n.value))})`;
    }
    case 'binaryRange': {
      const { lower, upper } = n;
      const dt = n.column.dataType;
      if (lower === undefined || upper === undefined || n.lowerTemplate !== undefined || n.upperTemplate !== undefined) {
        return undefined;
      }
      if (dt === DataType.Bool) return undefined;
      const j = valueSlot(n.column, g);
      if (j === undefined || !fits(dt, lower) || !fits(dt, upper)) return undefined;
      const lo = constant(g, prepare(dt, lower));
      const hi = constant(g, prepare(dt, upper));
      return `((v${j} ${n.lowerInclusive ? '>=' : '>'} ${lo}) & (v${j} ${n.upperInclusive ? '<=' : '<'} ${hi}))`;
    }
    case 'term':
      return term(n, g);
    default:
      return undefined;
  }
}

/**
 * `x in [...]`: the closure's `Set.has` (SameValueZero). A few values become `===` tests, which
 * agree with SameValueZero except on NaN. Longer numeric lists first look the value's low bits up
 * in a byte table marked from the constants' low bits (equal values have equal low bits, so the
 * table never hides a member) and ask the Set only on a hit: a bigint Set.has costs ~30 ns.
 */
function term(n: Extract<PlanNode, { k: 'term' }>, g: Gen): string | undefined {
  if (n.template !== undefined || n.values === undefined) return undefined;
  const j = valueSlot(n.column, g);
  if (j === undefined) return undefined;
  const dt = n.column.dataType;
  const set = new Set<unknown>();
  for (const x of n.values) {
    if (!fits(dt, x)) return undefined;
    set.add(prepare(dt, x));
  }
  const values = [...set];
  if (values.length === 0) return '0';
  if (values.length <= CHAIN_MAX && !values.some((x) => typeof x === 'number' && Number.isNaN(x))) {
    return `(${values.map((x) => `(v${j} === ${constant(g, x)})`).join(' | ')})`;
  }
  const s = constant(g, set);
  const size = Math.min(65536, Math.max(1024, 2 ** Math.ceil(Math.log2(values.length * 64))));
  const mask = size - 1;
  const table = new Uint8Array(size);
  if (dt === DataType.Int64 && values.every((x) => typeof x === 'bigint')) {
    for (const x of values as bigint[]) table[Number(BigInt.asUintN(32, x) & BigInt(mask))] = 1;
    const w = slotIndex(g, n.column.field, dt, true)!;
    const [t, m] = [constant(g, table), constant(g, mask)];
    return `((${t}[c${w}[2 * i + ${LOW_WORD}] & ${m}] === 1 && ${s}.has(c${j}[i])) | 0)`;
  }
  if (values.every((x) => typeof x === 'number')) {
    // x & mask: ToInt32, a function of the value (0 and -0 alike), so members always hit
    for (const x of values as number[]) table[x & mask] = 1;
    const [t, m] = [constant(g, table), constant(g, mask)];
    return `((${t}[v${j} & ${m}] === 1 && ${s}.has(v${j})) | 0)`;
  }
  return `(${s}.has(v${j}) | 0)`;
}

const cache = new Map<string, Loop>();
const CACHE_MAX = 512;

function loopFor(g: Gen, expr: string): Loop {
  const lines = ["'use strict';"];
  g.slots.forEach((_, j) => lines.push(`const c${j} = columns[${j}];`));
  g.consts.forEach((_, j) => lines.push(`const k${j} = consts[${j}];`));
  lines.push('for (let i = 0; i < rows; i++) {');
  g.slots.forEach((s, j) => {
    // a row value only where the expression uses it: reading a BigInt64Array makes a bigint
    if (s.words || !new RegExp(`\\bv${j}\\b`).test(expr)) return;
    lines.push(s.type === DataType.Bool ? `  const v${j} = c${j}[i] === 1;` : `  const v${j} = c${j}[i];`);
  });
  lines.push(`  out[i] = ${expr};`);
  lines.push('}');
  const source = lines.join('\n');
  // The column types are part of the shape: the same text over an Int32Array and a Float64Array
  // would share one loop and make it polymorphic.
  const key = `${g.slots.map((s) => s.type).join(',')}\n${source}`;
  let loop = cache.get(key);
  if (!loop) {
    loop = new Function('columns', 'consts', 'rows', 'out', source) as Loop;
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, loop);
  }
  return loop;
}
