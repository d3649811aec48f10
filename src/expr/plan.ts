// The typed filter tree: what a parsed expression means, independent of its spelling. It mirrors
// Milvus's planpb.Expr closely (UnaryRangeExpr, BinaryRangeExpr, TermExpr, CompareExpr,
// BinaryArithOpEvalRangeExpr, NullExpr, ExistsExpr, JSONContainsExpr, CallExpr, RandomSampleExpr)
// so that behaviour can be checked against Milvus node by node.
import type { DataType } from '../catalog/index.js';
import type { CmpOp, GV } from './values.js';

/** A column reference: a field, optionally with a JSON path or an array index. */
export interface Column {
  /** The field's name; '$meta' for a dynamic key (the key is then path[0]). */
  field: string;
  dataType: DataType;
  elementType: DataType;
  nullable: boolean;
  isPrimaryKey: boolean;
  /** JSON keys / array indexes, as strings, in order. */
  path: string[];
}

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod';
export type MatchOp = 'prefix' | 'postfix' | 'inner' | 'match';

export interface Interval {
  sign: 1 | -1;
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export type PlanNode =
  | { k: 'alwaysTrue' }
  | { k: 'const'; value: boolean }
  | { k: 'unaryRange'; column: Column; op: CmpOp | MatchOp; value?: GV; template?: string }
  | {
      k: 'binaryRange';
      column: Column;
      lower?: GV;
      upper?: GV;
      lowerTemplate?: string;
      upperTemplate?: string;
      lowerInclusive: boolean;
      upperInclusive: boolean;
    }
  | { k: 'compare'; left: Column; right: Column; op: CmpOp }
  | { k: 'term'; column: Column; values?: GV[]; template?: string }
  | {
      k: 'arithRange';
      column: Column;
      arith: ArithOp | 'length';
      operand?: GV;
      operandTemplate?: string;
      op: CmpOp;
      value?: GV;
      valueTemplate?: string;
    }
  | { k: 'null'; column: Column; isNull: boolean }
  | { k: 'exists'; column: Column }
  | { k: 'contains'; column: Column; op: 'Contains' | 'ContainsAll' | 'ContainsAny'; elements?: GV[]; template?: string }
  | { k: 'not'; child: PlanNode }
  /** Milvus's BinaryExpr LogicalAnd / LogicalOr, a chain of them as one node: its operands in order (two or more). */
  | { k: 'and'; items: PlanNode[] }
  | { k: 'or'; items: PlanNode[] }
  | { k: 'call'; name: string; args: ({ column: Column } | { value: GV })[] }
  | { k: 'randomSample'; factor: number; predicate?: PlanNode }
  | { k: 'timestamptz'; column: Column; op: CmpOp; micros: bigint; interval?: Interval };

/** A parsed, type-checked filter. */
export interface FilterExpr {
  /** The text as given. */
  readonly text: string;
  readonly root: PlanNode;
}
