// Typed tree -> predicate. Each node becomes one closure, built once; the per-row work is a
// column read and a comparison against constants converted ahead of time (bigint for Int64,
// float32-rounded for Float, Sets for `in`, a RegExp or a prefix/suffix/infix test for `like`).
//
// Three-valued logic, as Milvus 2.6 runs it (segcore's ThreeValuedLogicOp, since #47519): a
// comparison on a null value is NULL, `not NULL` is NULL, `and`/`or` are Kleene's, and a row is
// selected only when the whole predicate is TRUE. Internally TRUE = 1, FALSE = 0, NULL = 2.
import { DataType } from '../catalog/index.js';
import { groupEqualities } from './equality-groups.js';
import { likeMatcher } from './like.js';
import type { Column, FilterExpr, Interval, PlanNode } from './plan.js';
import type { CmpOp, GV } from './values.js';

export interface RowSource {
  value(field: string, row: number): unknown;
}
export type Predicate = (source: RowSource, row: number) => boolean;

type Tri = 0 | 1 | 2;
type Fn = (src: RowSource, row: number) => Tri;

const F: Tri = 0;
const TR: Tri = 1;
const N: Tri = 2;

/** A null row of a nullable field, as a reader reports it (distinct from a missing JSON key). */
const NULL_ROW: unique symbol = Symbol('null');
type Reader = (src: RowSource, row: number) => unknown;

export function compile(expr: FilterExpr): Predicate {
  const f = node(expr.root);
  return (src, row) => f(src, row) === 1;
}

function node(n: PlanNode): Fn {
  switch (n.k) {
    case 'alwaysTrue':
      return () => TR;
    case 'const':
      return n.value ? () => TR : () => F;
    case 'not': {
      const c = node(n.child);
      return (s, r) => {
        const v = c(s, r);
        return v === 2 ? N : v === 1 ? F : TR;
      };
    }
    case 'and':
      return allOf(groupEqualities(n.items, 'ne').map(node));
    case 'or':
      return anyOf(groupEqualities(n.items, 'eq').map(node));
    case 'unaryRange':
      return unaryRange(n.column, n.op, n.value!);
    case 'binaryRange':
      return binaryRange(n.column, n.lower!, n.upper!, n.lowerInclusive, n.upperInclusive);
    case 'compare':
      return compareColumns(n.left, n.right, n.op);
    case 'term':
      return term(n.column, n.values!);
    case 'arithRange':
      return arithRange(n);
    case 'null': {
      const read = rawReader(n.column);
      return n.isNull
        ? (s, r) => {
            const v = read(s, r);
            return v === null || v === undefined ? TR : F;
          }
        : (s, r) => {
            const v = read(s, r);
            return v === null || v === undefined ? F : TR;
          };
    }
    case 'exists': {
      const read = reader(n.column);
      return (s, r) => {
        const v = read(s, r);
        return v !== undefined && v !== NULL_ROW && !isEmptyJSON(v) ? TR : F;
      };
    }
    case 'contains':
      return contains(n.column, n.op, n.elements!);
    case 'call':
      return call(n);
    case 'randomSample': {
      const pred = n.predicate ? node(n.predicate) : undefined;
      const limit = Math.floor(n.factor * 4294967296);
      return (s, r) => {
        if (pred) {
          const p = pred(s, r);
          if (p !== 1) return p;
        }
        return hash32(r) < limit ? TR : F;
      };
    }
    case 'timestamptz':
      return timestamptz(n.column, n.op, n.micros, n.interval);
  }
}

/**
 * Kleene's `and` of the operands, left to right: FALSE at the first FALSE, else NULL if any was
 * NULL, else TRUE. A loop, so a chain of any length is one call deep.
 */
function allOf(fs: Fn[]): Fn {
  if (fs.length === 1) return fs[0]!;
  if (fs.length === 2) {
    const [a, b] = fs as [Fn, Fn];
    return (s, r) => {
      const x = a(s, r);
      if (x === 0) return F;
      const y = b(s, r);
      if (y === 0) return F;
      return x === 1 && y === 1 ? TR : N;
    };
  }
  return (s, r) => {
    let unknown = false;
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i]!(s, r);
      if (v === 0) return F;
      if (v === 2) unknown = true;
    }
    return unknown ? N : TR;
  };
}

/** Kleene's `or` of the operands, left to right: TRUE at the first TRUE, else NULL if any was NULL, else FALSE. */
function anyOf(fs: Fn[]): Fn {
  if (fs.length === 1) return fs[0]!;
  if (fs.length === 2) {
    const [a, b] = fs as [Fn, Fn];
    return (s, r) => {
      const x = a(s, r);
      if (x === 1) return TR;
      const y = b(s, r);
      if (y === 1) return TR;
      return x === 0 && y === 0 ? F : N;
    };
  }
  return (s, r) => {
    let unknown = false;
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i]!(s, r);
      if (v === 1) return TR;
      if (v === 2) unknown = true;
    }
    return unknown ? N : F;
  };
}

// ---- column access ------------------------------------------------------------------------------

/** The field's own value (no path), null/undefined passed through. */
function rawReader(c: Column): Reader {
  const field = c.field;
  if (c.path.length === 0) return (s, r) => s.value(field, r);
  return reader(c);
}

/**
 * A column's value for a row: NULL_ROW for a null row of a nullable field, undefined for a JSON
 * key or array index that is not there, else the value.
 */
function reader(c: Column): Reader {
  const field = c.field;
  const nullable = c.nullable;
  const path = c.path;
  if (path.length === 0) {
    return (s, r) => {
      const v = s.value(field, r);
      return v === null || v === undefined ? (c.dataType === DataType.JSON && !nullable ? v : NULL_ROW) : v;
    };
  }
  if (c.dataType === DataType.Array) {
    const idx = Number(path[0]);
    return (s, r) => {
      const v = s.value(field, r);
      if (v === null || v === undefined) return NULL_ROW;
      return (v as unknown[])[idx];
    };
  }
  const keys = path.slice();
  const idxs = keys.map((k) => (/^\d+$/.test(k) ? Number(k) : -1));
  const len = keys.length;
  return (s, r) => {
    let x: unknown = s.value(field, r);
    if (x === null || x === undefined) return nullable ? NULL_ROW : undefined;
    for (let i = 0; i < len; i++) {
      if (x === null || typeof x !== 'object') return undefined;
      if (Array.isArray(x)) {
        const j = idxs[i]!;
        if (j < 0 || j >= x.length) return undefined;
        x = x[j];
      } else {
        const k = keys[i]!;
        if (!Object.prototype.hasOwnProperty.call(x, k)) return undefined;
        x = (x as Record<string, unknown>)[k];
      }
    }
    return x;
  };
}

/** The type a column's values have for comparisons: the element type for array elements. */
function valueType(c: Column): DataType {
  if (c.dataType === DataType.Array && c.path.length > 0) return c.elementType;
  return c.dataType;
}

/** A constant prepared for comparing with values of `dt`. */
function prepConst(dt: DataType, g: GV): unknown {
  switch (g.t) {
    case 'int':
      if (dt === DataType.Int64 || dt === DataType.Timestamptz) return g.v;
      if (dt === DataType.Float) return Math.fround(Number(g.v));
      return Number(g.v);
    case 'float':
      return dt === DataType.Float ? Math.fround(g.v) : g.v;
    case 'array':
      return g;
    default:
      return g.v;
  }
}

/**
 * A scalar as the comparisons read it. Comparisons are loose on purpose: bigint (Int64) and number
 * compare mathematically under <, <=, ==, as Milvus compares an int column with a float constant.
 */
type Comparable = number | bigint | string | boolean;

/* eslint-disable eqeqeq */
function cmpFn(op: CmpOp): (a: unknown, b: unknown) => boolean {
  // Callers pass values their type checks admitted (numbers, bigints, strings, booleans).
  const c = (x: unknown) => x as Comparable;
  switch (op) {
    case 'lt':
      return (a, b) => c(a) < c(b);
    case 'le':
      return (a, b) => c(a) <= c(b);
    case 'gt':
      return (a, b) => c(a) > c(b);
    case 'ge':
      return (a, b) => c(a) >= c(b);
    case 'eq':
      return (a, b) => a == b;
    case 'ne':
      return (a, b) => a != b;
  }
}

const isNum = (x: unknown): x is number | bigint => typeof x === 'number' || typeof x === 'bigint';

/** A JSON value equals a constant, Milvus-style: numbers numerically, else same type and value. */
export function jsonEquals(x: unknown, g: GV): boolean {
  switch (g.t) {
    case 'int':
      return isNum(x) && x == g.v;
    case 'float':
      return isNum(x) && x == g.v;
    case 'string':
    case 'bool':
      return x === g.v;
    case 'array':
      if (!Array.isArray(x) || x.length !== g.v.length) return false;
      for (let i = 0; i < x.length; i++) if (!jsonEquals(x[i], g.v[i]!)) return false;
      return true;
  }
}

/** isObjectEmpty: null, or an object/array whose members are all empty. */
function isEmptyJSON(x: unknown): boolean {
  if (x === null) return true;
  if (Array.isArray(x)) return x.every(isEmptyJSON);
  if (typeof x === 'object') return Object.values(x as object).every(isEmptyJSON);
  return false;
}

function matcher(op: string, operand: string): ((s: string) => boolean) | undefined {
  switch (op) {
    case 'prefix':
      return (s) => s.startsWith(operand);
    case 'postfix':
      return (s) => s.endsWith(operand);
    case 'inner':
      return (s) => s.includes(operand);
    case 'match':
      return likeMatcher(operand);
    default:
      return undefined;
  }
}

// ---- nodes --------------------------------------------------------------------------------------

function unaryRange(c: Column, op: string, g: GV): Fn {
  const dt = valueType(c);
  const read = reader(c);
  const match = matcher(op, g.t === 'string' ? g.v : '');

  if (dt === DataType.JSON) {
    if (match) {
      return (s, r) => {
        const x = read(s, r);
        if (x === NULL_ROW) return N;
        return typeof x === 'string' && match(x) ? TR : F;
      };
    }
    const cmp = cmpFn(op as CmpOp);
    if (g.t === 'array') {
      const eq = op === 'eq';
      if (op !== 'eq' && op !== 'ne') return (s, r) => (read(s, r) === NULL_ROW ? N : F);
      return (s, r) => {
        const x = read(s, r);
        if (x === NULL_ROW) return N;
        if (!Array.isArray(x)) return F;
        return jsonEquals(x, g) === eq ? TR : F;
      };
    }
    const ne = op === 'ne';
    const k = g.v;
    const want = g.t === 'int' || g.t === 'float' ? 'num' : g.t === 'string' ? 'string' : 'boolean';
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      const ok = want === 'num' ? isNum(x) : typeof x === want;
      if (!ok) return ne ? TR : F;
      return cmp(x, k) ? TR : F;
    };
  }

  if (dt === DataType.Array) {
    // the whole array against an array literal
    const eq = op === 'eq';
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      return Array.isArray(x) && jsonEquals(x, g) === eq ? TR : F;
    };
  }

  if (match) {
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      return typeof x === 'string' && match(x) ? TR : F;
    };
  }

  const k = prepConst(dt, g) as Comparable;
  const field = c.field;
  if (c.path.length === 0) {
    // plain scalar column: the hot path, one closure, no reader indirection
    switch (op) {
      case 'eq':
        return (s, r) => {
          const v = s.value(field, r) as Comparable | null | undefined;
          return v === null || v === undefined ? N : v == k ? TR : F;
        };
      case 'ne':
        return (s, r) => {
          const v = s.value(field, r) as Comparable | null | undefined;
          return v === null || v === undefined ? N : v != k ? TR : F;
        };
      case 'lt':
        return (s, r) => {
          const v = s.value(field, r) as Comparable | null | undefined;
          return v === null || v === undefined ? N : v < k ? TR : F;
        };
      case 'le':
        return (s, r) => {
          const v = s.value(field, r) as Comparable | null | undefined;
          return v === null || v === undefined ? N : v <= k ? TR : F;
        };
      case 'gt':
        return (s, r) => {
          const v = s.value(field, r) as Comparable | null | undefined;
          return v === null || v === undefined ? N : v > k ? TR : F;
        };
      case 'ge':
        return (s, r) => {
          const v = s.value(field, r) as Comparable | null | undefined;
          return v === null || v === undefined ? N : v >= k ? TR : F;
        };
    }
  }
  // array element: out of range is FALSE, whatever the operator
  const cmp = cmpFn(op as CmpOp);
  return (s, r) => {
    const x = read(s, r);
    if (x === NULL_ROW) return N;
    if (x === undefined) return F;
    return cmp(x, k) ? TR : F;
  };
}

function binaryRange(c: Column, lower: GV, upper: GV, li: boolean, ui: boolean): Fn {
  const dt = valueType(c);
  const read = reader(c);
  const lo = prepConst(dt, lower) as Comparable;
  const hi = prepConst(dt, upper) as Comparable;
  let typeOk: (x: unknown) => boolean;
  if (dt === DataType.JSON) {
    const numeric = (lower.t === 'int' || lower.t === 'float') && (upper.t === 'int' || upper.t === 'float');
    const strings = lower.t === 'string' && upper.t === 'string';
    typeOk = numeric ? isNum : strings ? (x) => typeof x === 'string' : () => false;
  } else typeOk = (x) => x !== undefined;
  return (s, r) => {
    const value = read(s, r);
    if (value === NULL_ROW) return N;
    if (!typeOk(value)) return F;
    const x = value as Comparable;
    const okLo = li ? x >= lo : x > lo;
    if (!okLo) return F;
    return (ui ? x <= hi : x < hi) ? TR : F;
  };
}

function compareColumns(a: Column, b: Column, op: CmpOp): Fn {
  const ra = reader(a);
  const rb = reader(b);
  const cmp = cmpFn(op);
  const arrays = a.dataType === DataType.Array && a.path.length === 0;
  return (s, r) => {
    const x = ra(s, r);
    const y = rb(s, r);
    if (x === NULL_ROW || y === NULL_ROW) return N;
    if (x === undefined || y === undefined) return F;
    if (arrays) {
      const same = Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v == y[i]);
      return (op === 'eq' ? same : !same) ? TR : F;
    }
    return cmp(x, y) ? TR : F;
  };
}

function term(c: Column, values: GV[]): Fn {
  const dt = valueType(c);
  const read = reader(c);
  if (dt === DataType.JSON) {
    const nums = new Set<number>();
    const strs = new Set<string>();
    const bools = new Set<boolean>();
    const arrays: GV[] = [];
    for (const g of values) {
      if (g.t === 'int') nums.add(Number(g.v));
      else if (g.t === 'float') nums.add(g.v);
      else if (g.t === 'string') strs.add(g.v);
      else if (g.t === 'bool') bools.add(g.v);
      else arrays.push(g);
    }
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      switch (typeof x) {
        case 'number':
          return nums.has(x) ? TR : F;
        case 'bigint':
          return nums.has(Number(x)) ? TR : F;
        case 'string':
          return strs.has(x) ? TR : F;
        case 'boolean':
          return bools.has(x) ? TR : F;
        default:
          return Array.isArray(x) && arrays.some((g) => jsonEquals(x, g)) ? TR : F;
      }
    };
  }
  if (dt === DataType.Array) {
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      return values.some((g) => jsonEquals(x, g)) ? TR : F;
    };
  }
  const set = new Set<unknown>(values.map((g) => prepConst(dt, g)));
  if (c.path.length === 0) {
    const field = c.field;
    return (s, r) => {
      const v = s.value(field, r);
      return v === null || v === undefined ? N : set.has(v) ? TR : F;
    };
  }
  return (s, r) => {
    const x = read(s, r);
    if (x === NULL_ROW) return N;
    return set.has(x) ? TR : F;
  };
}

function arithRange(n: Extract<PlanNode, { k: 'arithRange' }>): Fn {
  const c = n.column;
  const read = reader(c);
  const cmp = cmpFn(n.op);
  const value = n.value!;
  if (n.arith === 'length') {
    const k = Number((value as { v: bigint }).v);
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      return Array.isArray(x) && cmp(x.length, k) ? TR : F;
    };
  }
  const dt = valueType(c);
  const operand = n.operand!;
  const op = n.arith;
  if (dt === DataType.Int64) {
    const o = (operand as { v: bigint }).v;
    const k = (value as { v: bigint }).v;
    return (s, r) => {
      const x = read(s, r);
      if (x === NULL_ROW) return N;
      if (typeof x !== 'bigint' && typeof x !== 'number') return F;
      const b = typeof x === 'bigint' ? x : BigInt(x);
      let y: bigint;
      switch (op) {
        case 'add':
          y = b + o;
          break;
        case 'sub':
          y = b - o;
          break;
        case 'mul':
          y = b * o;
          break;
        case 'div':
          y = b / o;
          break;
        default:
          y = b % o;
      }
      return cmp(BigInt.asIntN(64, y), k) ? TR : F;
    };
  }
  const o = operand.t === 'int' ? Number(operand.v) : (operand as { v: number }).v;
  const k = value.t === 'int' ? Number(value.v) : (value as { v: number }).v;
  const integer = dt === DataType.Int8 || dt === DataType.Int16 || dt === DataType.Int32 || (dt === DataType.JSON && operand.t === 'int');
  return (s, r) => {
    const x = read(s, r);
    if (x === NULL_ROW) return N;
    if (!isNum(x)) return F;
    const v = Number(x);
    let y: number;
    switch (op) {
      case 'add':
        y = v + o;
        break;
      case 'sub':
        y = v - o;
        break;
      case 'mul':
        y = v * o;
        break;
      case 'div':
        y = integer ? Math.trunc(v / o) : v / o;
        break;
      default:
        y = v % o;
    }
    return cmp(y, k) ? TR : F;
  };
}

function contains(c: Column, op: 'Contains' | 'ContainsAll' | 'ContainsAny', elements: GV[]): Fn {
  const read = c.dataType === DataType.Array ? rawReader(c) : reader(c);
  const has = (arr: unknown[], g: GV): boolean => {
    for (const x of arr) if (jsonEquals(x, g)) return true;
    return false;
  };
  return (s, r) => {
    const x = read(s, r);
    if (x === NULL_ROW || (c.dataType === DataType.Array && (x === null || x === undefined))) return N;
    if (!Array.isArray(x)) return F;
    if (op === 'ContainsAll') {
      for (const g of elements) if (!has(x, g)) return F;
      return TR;
    }
    for (const g of elements) if (has(x, g)) return TR;
    return F;
  };
}

function call(n: Extract<PlanNode, { k: 'call' }>): Fn {
  const args: Reader[] = n.args.map((a) => {
    if ('column' in a) return reader(a.column);
    const v = a.value.v;
    return () => v;
  });
  if (n.name === 'empty') {
    const a = args[0]!;
    return (s, r) => {
      const x = a(s, r);
      if (x === NULL_ROW || x === null || x === undefined) return N;
      return x === '' ? TR : F;
    };
  }
  const a = args[0]!;
  const b = args[1]!;
  return (s, r) => {
    const x = a(s, r);
    const y = b(s, r);
    if (typeof x !== 'string' || typeof y !== 'string') return N;
    return x.startsWith(y) ? TR : F;
  };
}

function timestamptz(c: Column, op: CmpOp, micros: bigint, interval: Interval | undefined): Fn {
  const read = reader(c);
  const cmp = cmpFn(op);
  return (s, r) => {
    const x = read(s, r);
    if (x === NULL_ROW) return N;
    if (!isNum(x)) return F;
    let v = typeof x === 'bigint' ? x : BigInt(Math.trunc(x));
    if (interval) v = addInterval(v, interval);
    return cmp(v, micros) ? TR : F;
  };
}

function addInterval(micros: bigint, i: Interval): bigint {
  const ms = micros / 1000n;
  const rest = micros - ms * 1000n;
  const d = new Date(Number(ms));
  const k = i.sign;
  d.setUTCFullYear(d.getUTCFullYear() + k * i.years, d.getUTCMonth() + k * i.months, d.getUTCDate() + k * i.days);
  d.setUTCHours(d.getUTCHours() + k * i.hours, d.getUTCMinutes() + k * i.minutes, d.getUTCSeconds() + k * i.seconds);
  return BigInt(d.getTime()) * 1000n + rest;
}

/** A fixed integer hash (murmur3's finaliser) for random_sample's per-row choice. */
function hash32(x: number): number {
  let h = (x ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
