// Template variables (`{name}`): filled after parsing, with the checks and texts of Milvus's
// planparserv2/fill_expression_value.go. Those errors are not wrapped in "cannot parse
// expression: ..." (Milvus returns them as they are).
import { DataType, dataTypeName } from '../catalog/index.js';
import { VisitError } from './errors.js';
import { translatePatternMatch } from './like.js';
import type { PlanNode } from './plan.js';
import { checkContainsElement, checkRangeBounds } from './visit.js';
import { castValue, gvDataType, isArrayType, isIntegerType, isJSONType, isFloatingType, isArithmetic, type GV, gvFloat } from './values.js';

export function fillTemplates(node: PlanNode, values: Map<string, GV>): PlanNode {
  const get = (name: string, what = 'the value of expression template variable name'): GV => {
    const v = values.get(name);
    if (v === undefined) throw new VisitError(`${what} {${name}} is not found`);
    return v;
  };
  switch (node.k) {
    case 'not':
      return { ...node, child: fillTemplates(node.child, values) };
    case 'and':
    case 'or':
      return { ...node, items: node.items.map((item) => fillTemplates(item, values)) };
    case 'randomSample':
      return node.predicate ? { ...node, predicate: fillTemplates(node.predicate, values) } : node;
    case 'term': {
      if (node.template === undefined) return node;
      const v = values.get(node.template);
      if (v === undefined || v.t !== 'array') {
        if (v === undefined && node.values === undefined) {
          throw new VisitError(`the value of expression template variable name {${node.template}} is not found`);
        }
        throw new VisitError(`the value of term expression template variable {${node.template}} is not array`);
      }
      let dt = node.column.dataType;
      if (isArrayType(dt) && node.column.path.length !== 0) dt = node.column.elementType;
      return { ...node, values: v.v.map((e) => castValue(dt, e)), template: undefined };
    }
    case 'unaryRange': {
      if (node.template === undefined) return node;
      const v = get(node.template);
      if (node.op === 'match' || node.op === 'prefix' || node.op === 'postfix' || node.op === 'inner') {
        if (v.t !== 'string') throw new VisitError(`the value of like expression template variable {${node.template}} is not string`);
        const [op, operand] = translatePatternMatch(v.v);
        return { ...node, op, value: { t: 'string', v: operand }, template: undefined };
      }
      let dt = node.column.dataType;
      if (isArrayType(dt) && node.column.path.length !== 0) dt = node.column.elementType;
      return { ...node, value: castValue(dt, v), template: undefined };
    }
    case 'binaryRange': {
      let dt = node.column.dataType;
      if (isArrayType(dt) && node.column.path.length !== 0) dt = node.column.elementType;
      let lower = node.lower;
      let upper = node.upper;
      if (node.lowerTemplate !== undefined) lower = castValue(dt, get(node.lowerTemplate, 'the lower value of expression template variable name'));
      if (node.upperTemplate !== undefined) upper = castValue(dt, get(node.upperTemplate, 'the upper value of expression template variable name'));
      if (node.lowerTemplate === undefined && node.upperTemplate === undefined) return node;
      if (isJSONType(dt) && lower && upper) {
        if (lower.t === 'float' && upper.t === 'int') upper = gvFloat(Number(upper.v));
        else if (lower.t === 'int' && upper.t === 'float') lower = gvFloat(Number(lower.v));
      }
      checkRangeBounds(lower!, upper!, node.lowerInclusive, node.upperInclusive);
      return { ...node, lower, upper, lowerTemplate: undefined, upperTemplate: undefined };
    }
    case 'arithRange': {
      if (node.operandTemplate === undefined && node.valueTemplate === undefined) return node;
      let dataType: DataType;
      let operand = node.operand;
      if (node.arith === 'length') dataType = DataType.Int64;
      else {
        if (node.operandTemplate !== undefined) {
          operand = get(node.operandTemplate, 'the right operand value of expression template variable name');
        }
        const col = node.column;
        let lt = col.dataType;
        if (isArrayType(lt)) lt = col.elementType;
        const rt = gvDataType(operand!);
        if (node.arith === 'mod') {
          const okL = isIntegerType(col.dataType) || isJSONType(col.dataType) || (isArrayType(col.dataType) && isIntegerType(col.elementType));
          if (!okL || !isIntegerType(rt)) throw new VisitError('modulo can only apply on integer types');
        }
        if (operand!.t === 'array') throw new VisitError('can not comparisons array directly');
        dataType = targetType(lt, rt);
        operand = castValue(dataType, operand!);
        if (
          (node.arith === 'div' || node.arith === 'mod') &&
          ((operand.t === 'int' && operand.v === 0n) || (operand.t === 'float' && operand.v === 0))
        ) {
          throw new VisitError('division or modulus by zero');
        }
      }
      let value = node.value;
      if (node.valueTemplate !== undefined) value = get(node.valueTemplate);
      value = castValue(dataType, value!);
      return { ...node, operand, value, operandTemplate: undefined, valueTemplate: undefined };
    }
    case 'contains': {
      if (node.template === undefined) return node;
      const v = get(node.template);
      checkContainsElement(node.column, node.op, v);
      let dt = node.column.dataType;
      if (isArrayType(dt)) dt = node.column.elementType;
      const elements = node.op === 'Contains' ? [castValue(dt, v)] : v.t === 'array' ? v.v.map((e) => castValue(dt, e)) : [];
      return { ...node, elements, template: undefined };
    }
    default:
      return node;
  }
}

function targetType(l: DataType, r: DataType): DataType {
  if (isJSONType(l)) {
    if (isFloatingType(r)) return DataType.Double;
    if (isIntegerType(r)) return DataType.Int64;
  }
  if (isFloatingType(l) && (isJSONType(r) || isArithmetic(r))) return DataType.Double;
  if (isIntegerType(l)) {
    if (isFloatingType(r)) return DataType.Double;
    if (isIntegerType(r) || isJSONType(r)) return DataType.Int64;
  }
  throw new VisitError(`incompatible data type, ${dataTypeName(l)}, ${dataTypeName(r)}`);
}
