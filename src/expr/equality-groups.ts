// Long chains of equality tests on one field (`id == 1 or id == 2 or ...`, `s != "a" and s != "b"
// and ...`) are how many clients spell a list; Milvus's plan rewriter turns them into `in` lists
// (planparserv2/rewriter, term_in.go). Evaluated term by term, a 100,000-term chain costs 100,000
// comparisons a row; grouped, it is one set lookup. The compiled forms (compile.ts, columnar.ts)
// group them here; the plan itself keeps what was written.
//
// Exactness. A group replaces `v == k1 or v == k2 ...` with `v in {k1, k2, ...}` (and
// `v != k1 and v != k2 ...` with `not (v in {...})`) only where the two answer alike on every row:
// - a null row: every test is NULL, so the chain is NULL; the set test is NULL too, and `not NULL`
//   is NULL;
// - otherwise the closure compares with `==` / `!=` and the set asks Set.has (SameValueZero). They
//   agree when the constant has the JavaScript type of the column's values (bigint for Int64,
//   number for the other numeric types, string, boolean) and is not NaN; only such tests join.
// Kleene's `or` and `and` do not depend on the order of their operands, and every test is pure,
// so the group stands where its first member stood.
import { DataType } from '../catalog/index.js';
import type { Column, PlanNode } from './plan.js';
import type { GV } from './values.js';

type EqualityTest = Extract<PlanNode, { k: 'unaryRange' }> & { value: GV };

/** Whether `v == constant` and `Set.has(v)` agree for every value of the column. */
function setSafe(c: Column, g: GV): boolean {
  if (c.path.length !== 0) return false;
  switch (c.dataType) {
    case DataType.Bool:
      return g.t === 'bool';
    case DataType.Int64:
      return g.t === 'int';
    case DataType.Int8:
    case DataType.Int16:
    case DataType.Int32:
    case DataType.Float:
    case DataType.Double:
      return g.t === 'int' || (g.t === 'float' && !Number.isNaN(g.v));
    case DataType.VarChar:
    case DataType.String:
      return g.t === 'string';
    default:
      return false;
  }
}

function groupable(n: PlanNode, op: 'eq' | 'ne'): n is EqualityTest {
  return n.k === 'unaryRange' && n.op === op && n.value !== undefined && n.template === undefined && setSafe(n.column, n.value);
}

/**
 * The operands of an `or` (op 'eq') or an `and` (op 'ne'), with the equality tests on each field
 * that occur at least twice replaced by one `in` test (`not in` for 'ne') where the first stood.
 */
export function groupEqualities(items: readonly PlanNode[], op: 'eq' | 'ne'): PlanNode[] {
  const count = new Map<string, number>();
  for (const item of items) if (groupable(item, op)) count.set(item.column.field, (count.get(item.column.field) ?? 0) + 1);
  if (![...count.values()].some((c) => c > 1)) return [...items];
  const out: PlanNode[] = [];
  const groups = new Map<string, GV[]>();
  for (const item of items) {
    if (!groupable(item, op) || count.get(item.column.field)! < 2) {
      out.push(item);
      continue;
    }
    const values = groups.get(item.column.field);
    if (values) {
      values.push(item.value);
      continue;
    }
    const first = [item.value];
    groups.set(item.column.field, first);
    const term: PlanNode = { k: 'term', column: item.column, values: first };
    out.push(op === 'eq' ? term : { k: 'not', child: term });
  }
  return out;
}
