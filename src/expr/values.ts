// Constant values of the plan (Milvus's planpb.GenericValue) and the parser's constant folding
// (planparserv2/operators.go): int64 arithmetic wraps like Go's, division truncates.
import { DataType, dataTypeName } from '../catalog/index.js';
import { VisitError } from './errors.js';

export type GV =
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'string'; v: string }
  | { t: 'array'; v: GV[]; sameType: boolean; elementType: DataType };

export const gvBool = (v: boolean): GV => ({ t: 'bool', v });
export const gvInt = (v: bigint): GV => ({ t: 'int', v: BigInt.asIntN(64, v) });
export const gvFloat = (v: number): GV => ({ t: 'float', v });
export const gvString = (v: string): GV => ({ t: 'string', v });

/** The data type a constant has in the visitor (toValueExpr). */
export function gvDataType(g: GV): DataType {
  switch (g.t) {
    case 'bool':
      return DataType.Bool;
    case 'int':
      return DataType.Int64;
    case 'float':
      return DataType.Double;
    case 'string':
      return DataType.VarChar;
    case 'array':
      return DataType.Array;
  }
}

export function arrayOf(items: GV[]): GV {
  let elementType = DataType.None;
  let sameType = true;
  for (const it of items) {
    const dt = gvDataType(it);
    if (elementType === DataType.None) elementType = dt;
    else if (elementType !== dt) sameType = false;
  }
  return { t: 'array', v: items, sameType, elementType: sameType ? elementType : DataType.None };
}

/** Go's %g-like shortest float text, as protobuf's text format prints doubles. */
function floatText(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  return String(v);
}

/** A GenericValue as protobuf-go's compact text prints it (e.g. `int64_val:1`). */
export function gvProtoText(g: GV): string {
  switch (g.t) {
    case 'bool':
      return `bool_val:${g.v}`;
    case 'int':
      return `int64_val:${g.v}`;
    case 'float':
      return `float_val:${floatText(g.v)}`;
    case 'string':
      return `string_val:${JSON.stringify(g.v)}`;
    case 'array': {
      const parts = g.v.map((x) => `array:{${gvProtoText(x)}}`);
      if (g.sameType) parts.push('same_type:true');
      if (g.elementType !== DataType.None) parts.push(`element_type:${dataTypeName(g.elementType)}`);
      return `array_val:{${parts.join(' ')}}`;
    }
  }
}

export const isIntegerType = (t: DataType): boolean => t === DataType.Int8 || t === DataType.Int16 || t === DataType.Int32 || t === DataType.Int64;
export const isFloatingType = (t: DataType): boolean => t === DataType.Float || t === DataType.Double;
export const isArithmetic = (t: DataType): boolean => isIntegerType(t) || isFloatingType(t);
export const isStringType = (t: DataType): boolean => t === DataType.String || t === DataType.VarChar || t === DataType.Text;
export const isJSONType = (t: DataType): boolean => t === DataType.JSON;
export const isArrayType = (t: DataType): boolean => t === DataType.Array;
export const isBoolType = (t: DataType): boolean => t === DataType.Bool;

/** castValue: a constant converted for a column of `dataType`, or an error. */
export function castValue(dataType: DataType, g: GV): GV {
  if (isJSONType(dataType)) return g;
  if (isArrayType(dataType) && g.t === 'array') return g;
  if (isStringType(dataType) && g.t === 'string') return g;
  if (dataType === DataType.Timestamptz) return g;
  if (isBoolType(dataType) && g.t === 'bool') return g;
  if (isFloatingType(dataType)) {
    if (g.t === 'float') return g;
    if (g.t === 'int') return gvFloat(Number(g.v));
  }
  if (isIntegerType(dataType) && g.t === 'int') return g;
  throw new VisitError(`cannot cast value to ${dataTypeName(dataType)}, value: ${gvProtoText(g)}`);
}

const num = (g: GV): number => (g.t === 'int' ? Number(g.v) : g.t === 'float' ? g.v : NaN);

type ArithName = 'add' | 'subtract' | 'multiply' | 'divide';

function arith(a: GV, b: GV, name: ArithName): GV {
  if (a.t === 'bool' || b.t === 'bool') throw new VisitError(`${name} cannot apply on bool field`);
  if (a.t === 'string' || b.t === 'string') throw new VisitError(`${name} cannot apply on string field`);
  if (name === 'divide') {
    if ((b.t === 'float' && b.v === 0) || (b.t === 'int' && b.v === 0n)) throw new VisitError('cannot divide by zero');
  }
  if (a.t === 'int' && b.t === 'int') {
    switch (name) {
      case 'add':
        return gvInt(a.v + b.v);
      case 'subtract':
        return gvInt(a.v - b.v);
      case 'multiply':
        return gvInt(a.v * b.v);
      case 'divide':
        return gvInt(a.v / b.v);
    }
  }
  if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) {
    const x = num(a);
    const y = num(b);
    switch (name) {
      case 'add':
        return gvFloat(x + y);
      case 'subtract':
        return gvFloat(x - y);
      case 'multiply':
        return gvFloat(x * y);
      case 'divide':
        return gvFloat(x / y);
    }
  }
  // Arrays: Go falls through to the integer branch with zero values.
  return gvInt(0n);
}

export const foldAdd = (a: GV, b: GV): GV => arith(a, b, 'add');
export const foldSub = (a: GV, b: GV): GV => arith(a, b, 'subtract');
export const foldMul = (a: GV, b: GV): GV => arith(a, b, 'multiply');
export const foldDiv = (a: GV, b: GV): GV => arith(a, b, 'divide');

export function foldMod(a: GV, b: GV): GV {
  if (a.t !== 'int' || b.t !== 'int') throw new VisitError('modulo can only apply on integer');
  if (b.v === 0n) throw new VisitError('cannot modulo by zero');
  return gvInt(a.v % b.v);
}

/**
 * math.MaxInt64 as Go compares it with a float64: the constant converts to float64 and rounds up
 * to 2^63, so a power of exactly 2^63 still counts as an integer there, and here.
 */
const MAX_INT64_AS_FLOAT64 = 2 ** 63;

/** Power of two constants; undefined when an operand is not numeric (Go returns nil). */
export function foldPow(a: GV, b: GV): GV | undefined {
  if (a.t === 'bool' || b.t === 'bool' || a.t === 'string' || b.t === 'string') return undefined;
  if (a.t === 'int' && b.t === 'int') {
    const target = Math.pow(Number(a.v), Number(b.v));
    if (b.v >= 0n && target <= MAX_INT64_AS_FLOAT64) return gvInt(BigInt(Math.trunc(target)));
    return gvFloat(target);
  }
  return gvFloat(Math.pow(num(a), num(b)));
}

export function foldNegative(a: GV): GV | undefined {
  if (a.t === 'float') return gvFloat(-a.v);
  if (a.t === 'int') return gvInt(-a.v);
  return undefined;
}

export function foldNot(a: GV): GV {
  if (a.t !== 'bool') throw new VisitError('not can only apply on boolean');
  return gvBool(!a.v);
}

export function foldAnd(a: GV, b: GV): GV {
  if (a.t !== 'bool' || b.t !== 'bool') throw new VisitError('and can only apply on boolean');
  return gvBool(a.v && b.v);
}

export function foldOr(a: GV, b: GV): GV {
  if (a.t !== 'bool' || b.t !== 'bool') throw new VisitError('or can only apply on boolean');
  return gvBool(a.v || b.v);
}

export type CmpOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/** Compare two constants; undefined when Milvus finds them incompatible (returns nil). */
export function foldCompare(op: CmpOp, a: GV, b: GV): boolean | undefined {
  if (op === 'eq' || op === 'ne') {
    if (a.t === 'bool' && b.t === 'bool') return op === 'eq' ? a.v === b.v : a.v !== b.v;
  }
  let c: number;
  if (a.t === 'string' && b.t === 'string') c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  else if (a.t === 'int' && b.t === 'int') c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  else if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) {
    const x = num(a);
    const y = num(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return op === 'ne';
    c = x < y ? -1 : x > y ? 1 : 0;
  } else return undefined;
  switch (op) {
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
  }
}

/**
 * A template value as Milvus's proxy converts it from the wire (planparserv2 ConvertToGenericValue):
 * already typed, or the error the conversion gave, which the plan reports once the filter itself
 * has parsed, as Milvus does.
 */
export class WireTemplateValue {
  private constructor(
    readonly value: GV | undefined,
    readonly error: string | undefined,
  ) {}

  static of(value: GV): WireTemplateValue {
    return new WireTemplateValue(value, undefined);
  }

  static failed(error: string): WireTemplateValue {
    return new WireTemplateValue(undefined, error);
  }
}

/** Values from TemplateValues (wire values as converted, or plain JavaScript values) as GenericValues. */
export function templateToGV(name: string, v: unknown): GV {
  if (v instanceof WireTemplateValue) {
    if (v.error !== undefined) throw new VisitError(v.error);
    return v.value!;
  }
  if (typeof v === 'boolean') return gvBool(v);
  if (typeof v === 'bigint') return gvInt(v);
  if (typeof v === 'number') return Number.isInteger(v) ? gvInt(BigInt(v)) : gvFloat(v);
  if (typeof v === 'string') return gvString(v);
  if (Array.isArray(v)) return arrayOf(v.map((x) => templateToGV(name, x)));
  if (v === null || v === undefined) {
    throw new VisitError(`expression template variable value is nil, template name: {${name}}`);
  }
  throw new VisitError(`unknown template variable value type: ${String(v)}`);
}
