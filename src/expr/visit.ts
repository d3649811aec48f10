// Syntax tree -> typed plan, with Milvus's type rules and its error texts (the visitor of
// internal/parser/planparserv2/parser_visitor.go and utils.go). Every check and message below
// follows that file; the intermediate value (Typed) is its ExprWithType.
import { DataType, dataTypeName, DYNAMIC_FIELD_NAME } from '../catalog/index.js';
import { VisitError, visitInvalidParameter } from './errors.js';
import { T, type Token } from './lexer.js';
import { nodeText, type Node } from './syntax-tree.js';
import type { ArithOp, Column, Interval, PlanNode } from './plan.js';
import {
  arrayOf,
  castValue,
  foldAdd,
  foldAnd,
  foldCompare,
  foldDiv,
  foldMod,
  foldMul,
  foldNegative,
  foldNot,
  foldOr,
  foldPow,
  foldSub,
  gvBool,
  gvDataType,
  gvFloat,
  gvInt,
  gvProtoText,
  gvString,
  isArithmetic,
  isArrayType,
  isBoolType,
  isFloatingType,
  isIntegerType,
  isJSONType,
  isStringType,
  type CmpOp,
  type GV,
} from './values.js';
import { translatePatternMatch } from './like.js';
import { unquote } from './strings.js';

export interface ExprField {
  name: string;
  dataType: DataType;
  elementType: DataType;
  nullable: boolean;
  isPrimaryKey: boolean;
}

export interface ExprSchema {
  fields: ExprField[];
  enableDynamicField: boolean;
}

/** Milvus's ExprWithType. */
interface Typed {
  dataType: DataType;
  /** A column or a value cannot be a predicate on its own. */
  nodeDependent: boolean;
  /** Contains a template variable (expr.IsTemplate). */
  isTemplate: boolean;
  /** A ValueExpr: a constant, or a template variable (value undefined, template set). */
  isValue?: boolean;
  value?: GV;
  template?: string;
  column?: Column;
  arith?: { op: ArithOp | 'length'; left: Typed; right?: Typed };
  node?: PlanNode;
}

const ARITH_NAME: Record<ArithOp, string> = { add: 'add', sub: 'subtract', mul: 'multiply', div: 'divide', mod: 'modulo' };

function cmpOf(t: Token): CmpOp {
  switch (t.type) {
    case T.LT:
      return 'lt';
    case T.LE:
      return 'le';
    case T.GT:
      return 'gt';
    case T.GE:
      return 'ge';
    case T.EQ:
      return 'eq';
    default:
      return 'ne';
  }
}

function reverseOrder(op: CmpOp): CmpOp {
  switch (op) {
    case 'lt':
      return 'gt';
    case 'le':
      return 'ge';
    case 'gt':
      return 'lt';
    case 'ge':
      return 'le';
    default:
      return op;
  }
}

const valueTyped = (g: GV, nodeDependent = true): Typed => ({
  dataType: gvDataType(g),
  nodeDependent,
  isTemplate: false,
  isValue: true,
  value: g,
});

/** decodeUnicode: \uXXXX sequences in identifiers become characters. */
function decodeUnicode(s: string): string {
  return s.replace(/\\u[0-9a-fA-F]{4}/g, (m) => String.fromCharCode(parseInt(m.slice(2), 16)));
}

function canBeExecuted(e: Typed): boolean {
  return isBoolType(e.dataType) && !e.nodeDependent;
}

function checkDirectComparisonBinaryField(c: Column | undefined): void {
  if (c && isArrayType(c.dataType) && c.path.length === 0) throw new VisitError('can not comparisons array fields directly');
}

function getArrayElementType(e: Typed): DataType {
  if (e.column) return e.column.elementType;
  if (e.isValue && e.value?.t === 'array') return e.value.elementType;
  return DataType.None;
}

function canBeComparedDataType(left: DataType, right: DataType): boolean {
  switch (left) {
    case DataType.Bool:
      return isBoolType(right) || isJSONType(right);
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Int64:
    case DataType.Float:
    case DataType.Double:
      return isArithmetic(right) || isJSONType(right);
    case DataType.String:
    case DataType.VarChar:
      return isStringType(right) || isJSONType(right);
    case DataType.JSON:
      return true;
    default:
      return false;
  }
}

function canBeCompared(l: Typed, r: Typed): boolean {
  const la = isArrayType(l.dataType);
  const ra = isArrayType(r.dataType);
  if (!la && !ra) return canBeComparedDataType(l.dataType, r.dataType);
  if (la && ra) return canBeComparedDataType(getArrayElementType(l), getArrayElementType(r));
  if (la) return canBeComparedDataType(getArrayElementType(l), r.dataType);
  return canBeComparedDataType(l.dataType, getArrayElementType(r));
}

function getDataTypeText(e: Typed): string {
  if (isArrayType(e.dataType)) return `${dataTypeName(e.dataType)}[${dataTypeName(getArrayElementType(e))}]`;
  return dataTypeName(e.dataType);
}

function getTargetType(l: DataType, r: DataType): DataType {
  if (isJSONType(l)) {
    if (isJSONType(r)) return DataType.JSON;
    if (isFloatingType(r)) return DataType.Double;
    if (isIntegerType(r)) return DataType.Int64;
  }
  if (l === DataType.Geometry && r === DataType.Geometry) return DataType.Geometry;
  if (l === DataType.Timestamptz && r === DataType.Timestamptz) return DataType.Timestamptz;
  if (isFloatingType(l) && (isJSONType(r) || isArithmetic(r))) return DataType.Double;
  if (isIntegerType(l)) {
    if (isFloatingType(r)) return DataType.Double;
    if (isIntegerType(r) || isJSONType(r)) return DataType.Int64;
  }
  throw new VisitError(`incompatible data type, ${dataTypeName(l)}, ${dataTypeName(r)}`);
}

function getSameType(l: Typed, r: Typed): DataType {
  let lt = l.dataType;
  let rt = r.dataType;
  if (isArrayType(lt)) lt = l.column?.elementType ?? DataType.None;
  if (isArrayType(rt)) rt = r.column?.elementType ?? DataType.None;
  return getTargetType(lt, rt);
}

function canArithmeticDataType(l: DataType, r: DataType): boolean {
  switch (l) {
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Int64:
      return isIntegerType(r) || isJSONType(r);
    case DataType.Float:
    case DataType.Double:
      return isArithmetic(r) || isJSONType(r);
    case DataType.JSON:
      return isArithmetic(r);
    default:
      return false;
  }
}

function canArithmetic(l: DataType, le: DataType, r: DataType, re: DataType, reverse: boolean): void {
  if (isArrayType(l)) l = le;
  if (isArrayType(r)) r = re;
  if (reverse) [l, r] = [r, l];
  if (!canArithmeticDataType(l, r)) {
    throw new VisitError(`cannot perform arithmetic between ${dataTypeName(l)} field and ${dataTypeName(r)}`);
  }
}

function canConvertToIntegerType(dt: DataType, et: DataType): boolean {
  return isIntegerType(dt) || isJSONType(dt) || (isArrayType(dt) && isIntegerType(et)) || dt === DataType.Timestamptz;
}

function checkValidModArith(op: ArithOp, lt: DataType, le: DataType, rt: DataType, re: DataType): void {
  if (op === 'mod' && (!canConvertToIntegerType(lt, le) || !canConvertToIntegerType(rt, re))) {
    throw new VisitError('modulo can only apply on integer types');
  }
}

function castRangeValue(dt: DataType, g: GV): GV {
  switch (dt) {
    case DataType.String:
    case DataType.VarChar:
      if (g.t !== 'string') throw new VisitError('invalid range operations');
      break;
    case DataType.Bool:
      throw new VisitError('invalid range operations on boolean expr');
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Int64:
      if (g.t !== 'int') throw new VisitError('invalid range operations');
      break;
    case DataType.Float:
    case DataType.Double:
      if (g.t !== 'int' && g.t !== 'float') throw new VisitError('invalid range operations');
      if (g.t === 'int') return gvFloat(Number(g.v));
      break;
  }
  return g;
}

export function checkRangeBounds(lower: GV, upper: GV, lowerInclusive: boolean, upperInclusive: boolean): void {
  const bad = !lowerInclusive || !upperInclusive ? foldCompare('ge', lower, upper) : foldCompare('gt', lower, upper);
  if (bad === true) throw new VisitError('invalid range: lowerbound is greater than upperbound');
}

export function checkContainsElement(column: Column, op: 'Contains' | 'ContainsAll' | 'ContainsAny', g: GV): void {
  if (op !== 'Contains' && g.t !== 'array') throw new VisitError(`${op} operation element must be an array`);
  if (isArrayType(column.dataType)) {
    const elements = op === 'Contains' ? [castValue(column.elementType, g)] : g.t === 'array' ? g.v : [];
    for (const v of elements) {
      if (!canBeComparedDataType(column.elementType, gvDataType(v))) {
        throw new VisitError(
          `${op} operation can't compare between array element type: ${dataTypeName(column.elementType)} and ${dataTypeName(gvDataType(v))}`,
        );
      }
    }
  }
}

/** ParseInt(literal, 0, 64) in Go: 0x, 0b, leading-0 octal; undefined on overflow. */
function parseGoInt(lit: string): bigint | undefined {
  let v: bigint;
  if (/^0[xX]/.test(lit)) v = BigInt(lit);
  else if (/^0[bB]/.test(lit)) v = BigInt(lit);
  else if (/^0[0-7]+$/.test(lit)) v = BigInt('0o' + lit.slice(1));
  else v = BigInt(lit);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return v;
}

function parseGoFloat(lit: string): number {
  if (/^0[xX]/.test(lit)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(lit)!;
    const intPart = m[1] ?? '';
    const frac = m[2] ?? '';
    const mant = parseInt(intPart + frac || '0', 16);
    return mant * Math.pow(2, parseInt(m[3]!, 10) - 4 * frac.length);
  }
  const v = Number(lit.endsWith('.') ? lit + '0' : lit);
  if (!Number.isFinite(v)) throw new VisitError(`strconv.ParseFloat: parsing "${lit}": value out of range`);
  return v;
}

class Int64Overflow extends VisitError {}

/** parseISODuration: P[nY][nM][nD][T[nH][nM][nS]]. */
function parseISODuration(s: string, sign: 1 | -1): Interval {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(s);
  if (!m) throw new VisitError(`invalid ISO 8601 duration: ${s}`);
  const n = (x: string | undefined): number => (x ? Number(x) : 0);
  return { sign, years: n(m[1]), months: n(m[2]), days: n(m[3]), hours: n(m[4]), minutes: n(m[5]), seconds: n(m[6]) };
}

/** An ISO-8601 time as microseconds since the epoch (UTC unless the text carries an offset). */
function isoMicros(s: string): bigint {
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(s);
  const ms = Date.parse(hasZone || !/T|\d:\d/.test(s) ? s : s + 'Z');
  if (Number.isNaN(ms)) throw new VisitError(`invalid timestamp string: ${s}`);
  const frac = /\.(\d{4,6})/.exec(s);
  let micros = BigInt(ms) * 1000n;
  if (frac) micros += BigInt(frac[1]!.padEnd(6, '0').slice(3, 6));
  return micros;
}

export class Visitor {
  private readonly byName = new Map<string, ExprField>();
  /** The column each name read so far stands for: a chain of 100,000 tests on one field shares one (columns are never changed). */
  private readonly columns = new Map<string, Column>();

  constructor(
    private readonly schema: ExprSchema,
    private readonly tokens: Token[],
    private readonly fullText: string,
  ) {
    for (const f of schema.fields) this.byName.set(f.name, f);
  }

  private text(n: Node): string {
    return nodeText(this.tokens, n);
  }

  private fieldFor(name: string): ExprField {
    const f = this.byName.get(name);
    if (f) return f;
    if (this.schema.enableDynamicField) {
      return { name: DYNAMIC_FIELD_NAME, dataType: DataType.JSON, elementType: DataType.None, nullable: false, isPrimaryKey: false };
    }
    throw new VisitError(`field ${name} not exist`);
  }

  private translateIdentifier(raw: string): Typed {
    let column = this.columns.get(raw);
    if (!column) {
      const identifier = decodeUnicode(raw);
      const field = this.fieldFor(identifier);
      const path = identifier !== field.name ? [identifier] : [];
      if (field.dataType === DataType.Text) throw new VisitError(`filter on text field (${field.name}) is not supported yet`);
      column = {
        field: field.name,
        dataType: field.dataType,
        elementType: field.elementType,
        nullable: field.nullable,
        isPrimaryKey: field.isPrimaryKey,
        path,
      };
      this.columns.set(raw, column);
    }
    return { dataType: column.dataType, nodeDependent: true, isTemplate: false, column };
  }

  private columnFromJSONIdentifier(raw: string): Column {
    const identifier = decodeUnicode(raw);
    const fieldName = identifier.split('[')[0]!;
    const field = this.fieldFor(fieldName);
    if (field.dataType !== DataType.JSON && field.dataType !== DataType.Array) {
      throw new VisitError(`${dataTypeName(field.dataType)} data type not supported accessed with []`);
    }
    const path: string[] = fieldName !== field.name ? [fieldName] : [];
    const keys = identifier.slice(fieldName.length).split('][');
    for (const k of keys) {
      let key = k.replace(/^[[\]]+|[[\]]+$/g, '');
      if (key === '') throw new VisitError(`invalid identifier: ${identifier}`);
      if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) {
        key = key.slice(1, -1);
        if (key === '') throw new VisitError(`invalid identifier: ${identifier}`);
        if (isArrayType(field.dataType)) throw new VisitError('can only access array field with integer index');
      } else if (!/^[+-]?\d+$/.test(key)) {
        throw new VisitError(`json key must be enclosed in double quotes or single quotes: "${key}"`);
      }
      path.push(key);
    }
    return {
      field: field.name,
      dataType: field.dataType,
      elementType: field.elementType,
      nullable: field.nullable,
      isPrimaryKey: field.isPrimaryKey,
      path,
    };
  }

  private childColumn(id: Token): Column {
    if (id.type === T.JSONIdentifier) return this.columnFromJSONIdentifier(id.text);
    return this.translateIdentifier(id.text).column!;
  }

  /** The visitor's entry: the typed result of the whole tree. */
  visitRoot(n: Node): Typed {
    return this.visit(n);
  }

  visit(n: Node): Typed {
    switch (n.k) {
      case 'Parens':
        return this.visit(n.x);
      case 'Integer': {
        const v = parseGoInt(n.tok.text);
        if (v === undefined) {
          if (n.tok.text === '9223372036854775808') throw new Int64Overflow(`int64 overflow: ${n.tok.text}`);
          throw new VisitError(`strconv.ParseInt: parsing "${n.tok.text}": value out of range`);
        }
        return valueTyped(gvInt(v));
      }
      case 'Floating':
        return valueTyped(gvFloat(parseGoFloat(n.tok.text)));
      case 'Boolean':
        return valueTyped(gvBool(/^(true|True|TRUE)$/.test(n.tok.text)));
      case 'String':
        return valueTyped(gvString(unquote(n.tok.text)));
      case 'Identifier':
        return this.translateIdentifier(n.tok.text);
      case 'JSONIdentifier': {
        const column = this.columnFromJSONIdentifier(n.tok.text);
        return { dataType: column.dataType, nodeDependent: true, isTemplate: false, column };
      }
      case 'TemplateVariable':
        return { dataType: DataType.None, nodeDependent: false, isTemplate: true, isValue: true, template: n.name };
      case 'Array': {
        const items: GV[] = [];
        for (const it of n.items) {
          const e = this.visit(it);
          if (!e.isValue || !e.value) throw new VisitError(`array element type must be generic value, but got: ${this.text(it)}`);
          items.push(e.value);
        }
        return valueTyped(arrayOf(items));
      }
      case 'EmptyArray':
        return valueTyped({ t: 'array', v: [], sameType: true, elementType: DataType.None });
      case 'AddSub':
      case 'MulDivMod':
        return this.visitArith(n);
      case 'Equality':
      case 'Relational':
        return this.visitCompare(n);
      case 'Like':
        return this.visitLike(n);
      case 'Term':
        return this.visitTerm(n);
      case 'Range':
      case 'ReverseRange':
        return this.visitRange(n);
      case 'Unary':
        return this.visitUnary(n);
      case 'LogicalAnd':
      case 'LogicalOr':
        return this.visitLogical(n);
      case 'BitXor':
        throw new VisitError(`BitXor is not supported: ${this.text(n)}`);
      case 'BitAnd':
        throw new VisitError(`BitAnd is not supported: ${this.text(n)}`);
      case 'BitOr':
        throw new VisitError(`BitOr is not supported: ${this.text(n)}`);
      case 'Shift':
        throw new VisitError(`shift is not supported: ${this.text(n)}`);
      case 'Power': {
        const l = this.visit(n.l);
        const r = this.visit(n.r);
        if (l.value && r.value) {
          const v = foldPow(l.value, r.value);
          if (!v) throw new VisitError(`unsupported expression: ${this.fullText}`);
          return valueTyped(v, false);
        }
        throw new VisitError(`power can only apply on constants: ${this.text(n)}`);
      }
      case 'Exists':
        return this.visitExists(n);
      case 'IsNull':
      case 'IsNotNull':
        return this.visitNull(n);
      case 'JSONContains':
        return this.visitContains(n);
      case 'ArrayLength': {
        const column = this.childColumn(n.id);
        if (!isJSONType(column.dataType) && !isArrayType(column.dataType)) {
          throw new VisitError(`array_length operation are only supported on json or array fields now, got: ${this.text(n)}`);
        }
        const col: Typed = { dataType: column.dataType, nodeDependent: true, isTemplate: false, column };
        return { dataType: DataType.Int64, nodeDependent: true, isTemplate: false, arith: { op: 'length', left: col } };
      }
      case 'Call':
        return this.visitCall(n);
      case 'RandomSample':
        return this.visitRandomSample(n);
      case 'TextMatch':
      case 'PhraseMatch': {
        const column = this.translateIdentifier(n.id.text);
        const what = n.k === 'TextMatch' ? 'text match' : 'phrase match';
        if (!isStringType(column.dataType)) throw new VisitError(`${what} operation on non-string is unsupported`);
        if (n.k === 'TextMatch' && column.dataType === DataType.Text) {
          throw new VisitError('text match operation on text field is not supported yet');
        }
        // Elanus has no analyzers, so no field has match enabled.
        throw new VisitError(`field "${n.id.text}" does not enable match`);
      }
      case 'ST': {
        const column = this.translateIdentifier(n.id.text);
        if (column.dataType !== DataType.Geometry) {
          if (n.fn.type === T.STDWithin) {
            throw new VisitError(`ST_DWITHIN operation are only supported on geometry fields now, got: ${this.text(n)}`);
          }
          const names: Partial<Record<T, string>> = {
            [T.STEquals]: 'STEuqals',
            [T.STTouches]: 'STTouches',
            [T.STOverlaps]: 'STOverlaps',
            [T.STCrosses]: 'STCrosses',
            [T.STContains]: 'STContains',
            [T.STIntersects]: 'STIntersects',
            [T.STWithin]: 'STWithin',
          };
          throw new VisitError(`${names[n.fn.type]} operation are only supported on geometry fields now, got: ${this.text(n)}`);
        }
        throw new VisitError(`geometry filters (${n.fn.text.toLowerCase()}) are not supported by Elanus`);
      }
      case 'TimestamptzForward':
      case 'TimestamptzReverse':
        return this.visitTimestamptz(n);
    }
  }

  private visitArith(n: Extract<Node, { k: 'AddSub' | 'MulDivMod' }>): Typed {
    const l = this.visit(n.l);
    const r = this.visit(n.r);
    const op: ArithOp =
      n.op.type === T.ADD ? 'add' : n.op.type === T.SUB ? 'sub' : n.op.type === T.MUL ? 'mul' : n.op.type === T.DIV ? 'div' : 'mod';
    if (l.isValue && r.isValue) {
      if (l.template !== undefined || r.template !== undefined) {
        throw new VisitError(`placeholder was not supported between two constants with operator: ${n.op.text}`);
      }
      const fold = { add: foldAdd, sub: foldSub, mul: foldMul, div: foldDiv, mod: foldMod }[op];
      return valueTyped(fold(l.value!, r.value!), false);
    }
    const reverse = l.isValue === true;
    checkDirectComparisonBinaryField(l.column);
    checkDirectComparisonBinaryField(r.column);
    let dataType: DataType;
    if (l.isTemplate && l.isValue) dataType = r.dataType;
    else if (r.isTemplate && r.isValue) dataType = l.dataType;
    else if (l.isTemplate) dataType = r.dataType;
    else if (r.isTemplate) dataType = l.dataType;
    else {
      try {
        canArithmetic(l.dataType, getArrayElementType(l), r.dataType, getArrayElementType(r), reverse);
      } catch (e) {
        throw new VisitError(`'${ARITH_NAME[op]}' ${(e as Error).message}`);
      }
      if (n.k === 'MulDivMod') checkValidModArith(op, l.dataType, getArrayElementType(l), r.dataType, getArrayElementType(r));
      dataType = reverse ? getSameType(r, l) : getSameType(l, r);
    }
    return { dataType, nodeDependent: true, isTemplate: l.isTemplate || r.isTemplate, arith: { op, left: l, right: r } };
  }

  private visitCompare(n: Extract<Node, { k: 'Equality' | 'Relational' }>): Typed {
    const l = this.visit(n.l);
    const r = this.visit(n.r);
    const op = cmpOf(n.op);
    if (l.isValue && r.isValue) {
      if (l.template !== undefined || r.template !== undefined) {
        throw new VisitError(`placeholder was not supported between two constants with operator: ${n.op.text}`);
      }
      const v = foldCompare(op, l.value!, r.value!);
      if (v === undefined) {
        throw new VisitError(`comparison operations cannot be applied to two incompatible operands: ${this.text(n)}`);
      }
      return valueTyped(gvBool(v), false);
    }
    if (n.k === 'Relational') {
      checkDirectComparisonBinaryField(l.column);
      checkDirectComparisonBinaryField(r.column);
    }
    return { dataType: DataType.Bool, nodeDependent: false, isTemplate: false, node: this.handleCompare(op, l, r) };
  }

  private handleCompare(op: CmpOp, l: Typed, r: Typed): PlanNode {
    if (!l.isTemplate && !r.isTemplate && !canBeCompared(l, r)) {
      throw new VisitError(`comparisons between ${getDataTypeText(l)} and ${getDataTypeText(r)} are not supported`);
    }
    if (l.isValue) return this.compareRightValue(reverseOrder(op), r, l);
    if (r.isValue) return this.compareRightValue(op, l, r);
    const lc = l.column;
    const rc = r.column;
    if (!lc || !rc) throw new VisitError('only comparison between two fields is supported');
    if (isJSONType(lc.dataType) || isJSONType(rc.dataType)) {
      throw new VisitError('two column comparison with JSON type is not supported');
    }
    return { k: 'compare', left: lc, right: rc, op };
  }

  private compareRightValue(op: CmpOp, left: Typed, right: Typed): PlanNode {
    let dataType = left.dataType;
    if (isArrayType(dataType) && left.column && left.column.path.length !== 0) dataType = left.column.elementType;
    let value = right.value;
    if (!left.isTemplate && right.template === undefined) value = castValue(dataType, right.value!);
    if (left.arith) return this.handleBinaryArith(op, left.arith, left.dataType, value, right.template);
    const column = left.column;
    if (!column) throw new VisitError('not supported to combine multiple fields');
    return { k: 'unaryRange', column, op, value, template: right.template };
  }

  private handleBinaryArith(
    op: CmpOp,
    arith: NonNullable<Typed['arith']>,
    dataType: DataType,
    value: GV | undefined,
    valueTemplate: string | undefined,
  ): PlanNode {
    if (arith.op === 'length') {
      return { k: 'arithRange', column: arith.left.column!, arith: 'length', op, value, valueTemplate };
    }
    const l = arith.left;
    const r = arith.right!;
    const lCol = !l.arith && !l.node ? l.column : undefined;
    const rCol = !r.arith && !r.node ? r.column : undefined;
    if (lCol && rCol) throw new VisitError('not supported to do arithmetic operations between multiple fields');
    if (l.isValue && r.isValue) throw new VisitError('unexpected, should be optimized already');
    const combine = (column: Column, operand: Typed): PlanNode => {
      let g = operand.value;
      if (operand.template === undefined) g = castValue(dataType, g!);
      if ((arith.op === 'div' || arith.op === 'mod') && g && ((g.t === 'int' && g.v === 0n) || (g.t === 'float' && g.v === 0))) {
        throw new VisitError('division or modulus by zero');
      }
      return {
        k: 'arithRange',
        column,
        arith: arith.op,
        operand: g,
        operandTemplate: operand.template,
        op,
        value,
        valueTemplate,
      };
    };
    if (lCol && r.isValue) return combine(lCol, r);
    if (rCol && l.isValue) {
      if (arith.op === 'add' || arith.op === 'mul') return combine(rCol, l);
      throw new VisitError('module field is not yet supported');
    }
    throw new VisitError('complicated arithmetic operations are not supported');
  }

  private stringLiteralOrTemplate(n: Node, argName: string): { value?: string; template?: string } {
    const e = this.visit(n);
    if (!e.isValue) throw visitInvalidParameter(`${argName} should be a string literal or template variable, got: ${this.text(n)}`);
    if (e.template !== undefined) return { template: e.template };
    if (e.value?.t !== 'string') {
      throw visitInvalidParameter(`${argName} should be a string literal or template variable, got: ${this.text(n)}`);
    }
    return { value: e.value.v };
  }

  private visitLike(n: Extract<Node, { k: 'Like' }>): Typed {
    const l = this.visit(n.l);
    const column = l.column && !l.arith ? l.column : undefined;
    if (!column) throw new VisitError('like operation on complicated expr is unsupported');
    checkDirectComparisonBinaryField(column);
    if (!isStringType(l.dataType) && !isJSONType(l.dataType) && (!isArrayType(l.dataType) || !isStringType(column.elementType))) {
      throw new VisitError('like operation on non-string or no-json field is unsupported');
    }
    const { value, template } = this.stringLiteralOrTemplate(n.r, 'like pattern');
    if (template !== undefined) {
      return { dataType: DataType.Bool, nodeDependent: false, isTemplate: true, node: { k: 'unaryRange', column, op: 'match', template } };
    }
    const [op, operand] = translatePatternMatch(value!);
    return {
      dataType: DataType.Bool,
      nodeDependent: false,
      isTemplate: false,
      node: { k: 'unaryRange', column, op, value: gvString(operand) },
    };
  }

  private visitTerm(n: Extract<Node, { k: 'Term' }>): Typed {
    const child = this.visit(n.l);
    if (child.isValue && child.value) {
      throw new VisitError(`'term' can only be used on non-const expression, but got: ${this.text(n.l)}`);
    }
    const column = !child.arith && !child.node ? child.column : undefined;
    if (!column) throw new VisitError(`'term' can only be used on single field, but got: ${this.text(n.l)}`);
    let dataType = column.dataType;
    if (isArrayType(dataType) && column.path.length !== 0) dataType = column.elementType;
    const term = this.visit(n.r);
    let node: PlanNode;
    if (term.isValue && term.template !== undefined) {
      node = { k: 'term', column, template: term.template };
    } else {
      if (!term.isValue || !term.value) {
        throw new VisitError(`value '${this.text(n.r)}' in list cannot be a non-const expression`);
      }
      if (term.value.t !== 'array') {
        throw new VisitError(`the right-hand side of 'in' must be a list, but got: ${this.text(n.r)}`);
      }
      const values = term.value.v.map((e) => {
        try {
          return castValue(dataType, e);
        } catch {
          throw new VisitError(`value '${gvProtoText(e)}' in list cannot be casted to ${dataTypeName(dataType)}`);
        }
      });
      node = { k: 'term', column, values };
    }
    if (n.not) node = { k: 'not', child: node };
    return { dataType: DataType.Bool, nodeDependent: false, isTemplate: term.template !== undefined, node };
  }

  private visitRange(n: Extract<Node, { k: 'Range' | 'ReverseRange' }>): Typed {
    const column = this.childColumn(n.id);
    checkDirectComparisonBinaryField(column);
    const lowerNode = n.k === 'Range' ? n.l : n.r;
    const upperNode = n.k === 'Range' ? n.r : n.l;
    const lower = this.visit(lowerNode);
    const upper = this.visit(upperNode);
    if (!lower.isValue) throw new VisitError(`lowerbound cannot be a non-const expression: ${this.text(n.l)}`);
    if (!upper.isValue) throw new VisitError(`upperbound cannot be a non-const expression: ${this.text(n.r)}`);
    let fieldType = column.dataType;
    if (isArrayType(fieldType)) fieldType = column.elementType;
    let lv = lower.value;
    let uv = upper.value;
    if (lower.template === undefined) lv = castRangeValue(fieldType, lv!);
    if (upper.template === undefined) uv = castRangeValue(fieldType, uv!);
    let lowerInclusive: boolean;
    let upperInclusive: boolean;
    if (n.k === 'Range') {
      lowerInclusive = n.op1.type === T.LE;
      upperInclusive = n.op2.type === T.LE;
    } else {
      lowerInclusive = n.op2.type === T.GE;
      upperInclusive = n.op1.type === T.GE;
    }
    if (lower.template === undefined && upper.template === undefined) checkRangeBounds(lv!, uv!, lowerInclusive, upperInclusive);
    return {
      dataType: DataType.Bool,
      nodeDependent: false,
      isTemplate: lower.template !== undefined || upper.template !== undefined,
      node: {
        k: 'binaryRange',
        column,
        lower: lv,
        upper: uv,
        lowerTemplate: lower.template,
        upperTemplate: upper.template,
        lowerInclusive,
        upperInclusive,
      },
    };
  }

  private visitUnary(n: Extract<Node, { k: 'Unary' }>): Typed {
    let child: Typed;
    try {
      child = this.visit(n.x);
    } catch (e) {
      if (e instanceof Int64Overflow && n.op.type === T.SUB) return valueTyped(gvInt(-9223372036854775808n));
      throw e;
    }
    if (child.isValue && child.value) {
      switch (n.op.type) {
        case T.ADD:
          return child;
        case T.SUB: {
          const v = foldNegative(child.value);
          if (!v) throw new VisitError(`unsupported expression: ${this.fullText}`);
          return valueTyped(v, child.nodeDependent);
        }
        case T.NOT:
          return valueTyped(foldNot(child.value), false);
        default:
          throw new VisitError(`unexpected op: ${n.op.text}`);
      }
    }
    if (child.node?.k === 'randomSample') throw new VisitError('random sample expression cannot be used in unary expression');
    checkDirectComparisonBinaryField(child.arith || child.node ? undefined : child.column);
    switch (n.op.type) {
      case T.ADD:
        return child;
      case T.NOT:
        if (!canBeExecuted(child)) throw new VisitError('not op can only be applied on boolean expression');
        return { dataType: DataType.Bool, nodeDependent: false, isTemplate: child.isTemplate, node: { k: 'not', child: this.asNode(child) } };
      default:
        throw new VisitError(`unexpected op: ${n.op.text}`);
    }
  }

  /** A boolean Typed as a plan node (a folded constant becomes a const node). */
  private asNode(e: Typed): PlanNode {
    if (e.node) return e.node;
    if (e.isValue && e.value?.t === 'bool') return { k: 'const', value: e.value.v };
    throw new VisitError(`unsupported expression: ${this.fullText}`);
  }

  /**
   * LogicalAnd, LogicalOr: Milvus's parser sees `a or b or c` as `(a or b) or c` and checks each
   * `or` once both its operands are visited. The operands here are folded left in the same order,
   * with the same checks at each step, so a chain is refused where and as Milvus refuses it; the
   * terms that pass join one n-ary plan node instead of a left-deep tree.
   */
  private visitLogical(n: Extract<Node, { k: 'LogicalAnd' | 'LogicalOr' }>): Typed {
    const and = n.k === 'LogicalAnd';
    let acc = this.visit(n.items[0]!);
    /** The operands of the plan node this chain is building, once it has one (acc.node then holds them). */
    let operands: PlanNode[] | undefined;
    for (let i = 1; i < n.items.length; i++) {
      const r = this.visit(n.items[i]!);
      const step = this.logicalStep(and, acc, r);
      if (step.value !== undefined) {
        acc = valueTyped(step.value, false);
        operands = undefined;
      } else if (step.sampled) {
        acc = { dataType: DataType.Bool, nodeDependent: false, isTemplate: acc.isTemplate || r.isTemplate, node: step.sampled };
        operands = undefined;
      } else if (operands) {
        operands.push(this.asNode(r));
        acc = { ...acc, isTemplate: acc.isTemplate || r.isTemplate };
      } else {
        operands = [this.asNode(acc), this.asNode(r)];
        const node: PlanNode = and ? { k: 'and', items: operands } : { k: 'or', items: operands };
        acc = { dataType: DataType.Bool, nodeDependent: false, isTemplate: acc.isTemplate || r.isTemplate, node };
      }
    }
    return acc;
  }

  /**
   * One `l and r` / `l or r` of a chain, checked as Milvus's VisitLogicalAnd / VisitLogicalOr check
   * it: a folded constant when both are constants, a random_sample node when `r` is one (after
   * `and`), else nothing to build beyond joining `r` to the chain.
   */
  private logicalStep(and: boolean, l: Typed, r: Typed): { value?: GV; sampled?: PlanNode } {
    const word = and ? 'and' : 'or';
    const lv = l.isValue ? l.value : undefined;
    const rv = r.isValue ? r.value : undefined;
    if (lv && rv) return { value: and ? foldAnd(lv, rv) : foldOr(lv, rv) };
    if (lv || rv) throw new VisitError(`'${word}' can only be used between boolean expressions`);
    const lrs = l.node?.k === 'randomSample';
    const rrs = r.node?.k === 'randomSample';
    if (!and && (lrs || rrs)) throw new VisitError('random sample expression cannot be used in logical and expression');
    if (and && lrs) throw new VisitError('random sample expression can only be the last expression in the logical and expression');
    if (!canBeExecuted(l) || !canBeExecuted(r)) throw new VisitError(`'${word}' can only be used between boolean expressions`);
    if (r.node?.k === 'randomSample') return { sampled: { k: 'randomSample', factor: r.node.factor, predicate: this.asNode(l) } };
    return {};
  }

  private visitExists(n: Extract<Node, { k: 'Exists' }>): Typed {
    const child = this.visit(n.x);
    const column = !child.arith && !child.node ? child.column : undefined;
    if (!column) throw new VisitError(`exists operations are only supported on single fields now, got: ${this.text(n.x)}`);
    if (column.dataType !== DataType.JSON) {
      throw new VisitError(`exists operations are only supportted on json field, got:${dataTypeName(column.dataType)}`);
    }
    if (column.path.length === 0) throw new VisitError('exists operations are only supportted on json key');
    return { dataType: DataType.Bool, nodeDependent: false, isTemplate: false, node: { k: 'exists', column } };
  }

  private visitNull(n: Extract<Node, { k: 'IsNull' | 'IsNotNull' }>): Typed {
    const column = this.childColumn(n.id);
    if (column.dataType >= DataType.BinaryVector && column.dataType <= DataType.Int8Vector) {
      throw new VisitError('IsNull/IsNotNull operations are not supported on vector fields');
    }
    const isNull = n.k === 'IsNull';
    let node: PlanNode;
    if (column.path.length !== 0) {
      if (isArrayType(column.dataType)) {
        throw visitInvalidParameter(`IsNull/IsNotNull operations are not supported on array element access, got: ${this.text(n)}`);
      }
      const exists: PlanNode = { k: 'exists', column };
      node = isNull ? { k: 'not', child: exists } : exists;
    } else {
      node = { k: 'null', column, isNull };
    }
    return { dataType: DataType.Bool, nodeDependent: false, isTemplate: false, node };
  }

  private visitContains(n: Extract<Node, { k: 'JSONContains' }>): Typed {
    const field = this.visit(n.a);
    const column = !field.arith && !field.node ? field.column : undefined;
    const what = n.which === 'Contains' ? 'contains' : n.which === 'ContainsAll' ? 'contains_all' : 'contains_any';
    if (!column || (!isJSONType(column.dataType) && !isArrayType(column.dataType))) {
      throw new VisitError(`${what} operation are only supported on json or array fields now, got: ${this.text(n.a)}`);
    }
    const element = this.visit(n.b);
    if (!element.isValue) {
      throw new VisitError(`${what} operation are only supported explicitly specified element, got: ${this.text(n.b)}`);
    }
    let elements: GV[] | undefined;
    if (element.template === undefined) {
      const g = element.value!;
      checkContainsElement(column, n.which, g);
      elements = n.which === 'Contains' ? [g] : g.t === 'array' ? g.v : [];
    }
    return {
      dataType: DataType.Bool,
      nodeDependent: false,
      isTemplate: element.template !== undefined,
      node: { k: 'contains', column, op: n.which, elements, template: element.template },
    };
  }

  private visitCall(n: Extract<Node, { k: 'Call' }>): Typed {
    const name = n.name.text.toLowerCase();
    const args: ({ column: Column } | { value: GV })[] = [];
    const sig: string[] = [];
    for (const a of n.args) {
      const e = this.visit(a);
      if (e.isValue && e.value) {
        args.push({ value: e.value });
        sig.push(segcoreTypeName(gvDataType(e.value)));
      } else if (e.column && !e.arith && !e.node) {
        args.push({ column: e.column });
        sig.push(segcoreTypeName(e.dataType));
      } else {
        sig.push(segcoreTypeName(e.dataType));
        args.push({ value: gvBool(false) });
      }
    }
    const signature = `${name}(${sig.join(', ')})`;
    const known =
      (name === 'empty' && signature === 'empty(VARCHAR)') || (name === 'starts_with' && signature === 'starts_with(VARCHAR, VARCHAR)');
    if (!known) throw new VisitError(`function ${signature} not found.`);
    return { dataType: DataType.Bool, nodeDependent: false, isTemplate: false, node: { k: 'call', name, args } };
  }

  private visitRandomSample(n: Extract<Node, { k: 'RandomSample' }>): Typed {
    let e: Typed;
    try {
      e = this.visit(n.x);
    } catch (err) {
      if (err instanceof VisitError) {
        throw new VisitError(`cannot parse expression: ${this.text(n.x)}, error: ${err.message}`);
      }
      throw err;
    }
    if (!e.isValue || !e.value) {
      throw new VisitError(`"float factor" should be a const float expression: "float factor" passed: ${this.text(n.x)}`);
    }
    const factor = e.value.t === 'float' ? e.value.v : 0;
    if (factor <= 0 + 1e-10 || factor >= 1 - 1e-10) {
      throw new VisitError(
        `the sample factor should be between 0 and 1 and not too close to 0 or 1(the difference should be larger than 1e-10), but got ${this.text(n.x)}`,
      );
    }
    return { dataType: DataType.Bool, nodeDependent: false, isTemplate: false, node: { k: 'randomSample', factor: Math.fround(factor) } };
  }

  private visitTimestamptz(n: Extract<Node, { k: 'TimestamptzForward' | 'TimestamptzReverse' }>): Typed {
    let col: Typed;
    try {
      col = this.translateIdentifier(n.id.text);
    } catch {
      throw new VisitError(`can not translate identifier: ${n.id.text}`);
    }
    if (col.dataType !== DataType.Timestamptz) throw new VisitError(`field '${n.id.text}' is not a timestamptz datatype`);
    let str: string;
    try {
      str = unquote(n.value.text);
    } catch {
      throw new VisitError(`can not convert compare string: ${n.value.text}`);
    }
    const micros = isoMicros(str);
    let op = cmpOf(n.op);
    if (n.k === 'TimestamptzReverse') op = reverseOrder(op);
    let interval: Interval | undefined;
    if (n.arith && n.interval) {
      let istr: string;
      try {
        istr = unquote(n.interval.text);
      } catch {
        throw new VisitError(`can not convert interval string: ${n.interval.text}`);
      }
      interval = parseISODuration(istr, n.arith.type === T.SUB ? -1 : 1);
    }
    return {
      dataType: DataType.Bool,
      nodeDependent: false,
      isTemplate: false,
      node: { k: 'timestamptz', column: col.column!, op, micros, interval },
    };
  }
}

/** segcore's GetDataTypeName, used in "function ... not found." */
function segcoreTypeName(t: DataType): string {
  switch (t) {
    case DataType.Bool:
      return 'BOOL';
    case DataType.Int8:
      return 'INT8';
    case DataType.Int16:
      return 'INT16';
    case DataType.Int32:
      return 'INT32';
    case DataType.Int64:
      return 'INT64';
    case DataType.Float:
      return 'FLOAT';
    case DataType.Double:
      return 'DOUBLE';
    case DataType.String:
      return 'STRING';
    case DataType.VarChar:
      return 'VARCHAR';
    case DataType.Array:
      return 'ARRAY';
    case DataType.JSON:
      return 'JSON';
    default:
      return dataTypeName(t).toUpperCase();
  }
}

export { canBeExecuted, type Typed };
