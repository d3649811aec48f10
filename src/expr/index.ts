// Filter expressions: Milvus's boolean expression language (Plan.g4), parsed once into a typed
// tree (plan.ts) and compiled into a predicate over row sources (compile.ts). See
// docs/expressions.md for the language as Elanus implements it.
import { dataTypeName } from '../catalog/index.js';
import { ExpressionLimitExceeded, FilterError, FilterSyntaxError, VisitError } from './errors.js';
import { fillTemplates } from './fill.js';
import { convertHanToASCII, T, TokenStream } from './lexer.js';
import { parse } from './parser.js';
import type { Column, FilterExpr, PlanNode } from './plan.js';
import { compile, type Predicate } from './compile.js';
import { templateToGV, type GV } from './values.js';
import { canBeExecuted, Visitor, type ExprSchema } from './visit.js';

export type { ExprField, ExprSchema } from './visit.js';
export type { FilterExpr, PlanNode, Column } from './plan.js';
export type { RowSource, Predicate } from './compile.js';
export { gvBool, gvFloat, gvInt, gvString, WireTemplateValue, type GV } from './values.js';
export { MAX_EXPR_DEPTH } from './recognizer.js';
export { MAX_EXPR_TOKENS } from './lexer.js';
export { FilterError, isFilterError, type PlanKind } from './errors.js';
export { compileColumnar, type ColumnarFilter } from './columnar.js';

export type TemplateValues = Record<string, unknown>;

/**
 * Parse and type-check a filter against a schema. Throws a FilterError (code 1100) with Milvus's
 * text for anything Milvus would refuse. An empty or blank text means "every row".
 */
export function parseFilter(text: string, schema: ExprSchema, templates?: TemplateValues): FilterExpr {
  if (text.trim().length === 0) return { text, root: { k: 'alwaysTrue' } };
  const normal = convertHanToASCII(text);
  const stream = new TokenStream(normal);
  const { tree, stop, errors: parseErrors } = parseBounded(stream, text);
  const { tokens, errors: lexErrors } = stream.drain();
  // ANTLR's listener keeps the last error it was told about.
  const all: FilterSyntaxError[] = [...lexErrors, ...parseErrors].sort((a, b) => a.offset - b.offset);
  const lastParse = parseErrors[parseErrors.length - 1];
  const last = lastParse && all[all.length - 1]!.offset <= lastParse.offset ? lastParse : all[all.length - 1];
  if (last) throw new FilterError(`cannot parse expression: ${text}, error: ${last.message}`);
  if (tokens[stop]!.type !== T.EOF) {
    throw new FilterError(`cannot parse expression: ${text}, error: invalid expression: ${text}`);
  }

  let typed;
  try {
    typed = new Visitor(schema, tokens, text).visitRoot(tree);
  } catch (e) {
    if (e instanceof VisitError) throw new FilterError(`cannot parse expression: ${text}, error: ${e.message}`);
    throw e;
  }
  if (!canBeExecuted(typed)) {
    throw new FilterError(`predicate is not a boolean expression: ${text}, data type: ${dataTypeName(typed.dataType)}`);
  }
  let root: PlanNode;
  if (typed.node) root = typed.node;
  else if (typed.value?.t === 'bool') root = { k: 'const', value: typed.value.v };
  else throw new FilterError(`cannot parse expression: ${text}`);

  // Milvus converts every template value once the filter has parsed (UnmarshalExpressionValues),
  // whether the filter names it or not, then fills the filter's variables; neither error is wrapped.
  const names = Object.entries(templates ?? {});
  if (names.length > 0 || hasTemplate(root)) {
    const values = new Map<string, GV>();
    try {
      for (const [name, v] of names) values.set(name, templateToGV(name, v));
      if (hasTemplate(root)) root = fillTemplates(root, values);
    } catch (e) {
      if (e instanceof VisitError) throw new FilterError(e.message);
      throw e;
    }
  }
  return { text, root };
}

/** Texts longer than this are shortened where an Elanus-only error quotes them. */
const QUOTED_TEXT_MAX = 200;

/** parse, with a tree too deep or too long refused (Milvus has no such limits, so the text is Elanus's own). */
function parseBounded(tokens: TokenStream, text: string): ReturnType<typeof parse> {
  try {
    return parse(tokens);
  } catch (e) {
    if (!(e instanceof ExpressionLimitExceeded)) throw e;
    const quoted = text.length > QUOTED_TEXT_MAX ? `${text.slice(0, QUOTED_TEXT_MAX)}... (${text.length} characters)` : text;
    throw new FilterError(`cannot parse expression: ${quoted}, error: ${e.message}`);
  }
}

function hasTemplate(n: PlanNode): boolean {
  switch (n.k) {
    case 'not':
      return hasTemplate(n.child);
    case 'and':
    case 'or':
      return n.items.some(hasTemplate);
    case 'randomSample':
      return n.predicate !== undefined && hasTemplate(n.predicate);
    case 'unaryRange':
    case 'term':
    case 'contains':
      return n.template !== undefined;
    case 'binaryRange':
      return n.lowerTemplate !== undefined || n.upperTemplate !== undefined;
    case 'arithRange':
      return n.operandTemplate !== undefined || n.valueTemplate !== undefined;
    default:
      return false;
  }
}

/** The predicate of a parsed filter: true for the rows the filter selects. */
export function compileFilter(expr: FilterExpr): Predicate {
  return compile(expr);
}

/**
 * When the whole filter is `pk in [...]` or `pk == x` (how get-by-id and delete-by-id arrive),
 * the keys, in the order written (duplicates kept); otherwise undefined.
 */
export function primaryKeyTerms(expr: FilterExpr, pkName: string): (bigint | string)[] | undefined {
  const n = expr.root;
  const isPk = (c: Column): boolean => c.field === pkName && c.path.length === 0;
  const key = (g: GV): bigint | string | undefined => (g.t === 'int' ? g.v : g.t === 'string' ? g.v : undefined);
  let values: GV[] | undefined;
  if (n.k === 'term' && isPk(n.column)) values = n.values;
  else if (n.k === 'unaryRange' && n.op === 'eq' && isPk(n.column) && n.value) values = [n.value];
  if (!values) return undefined;
  const out: (bigint | string)[] = [];
  for (const g of values) {
    const k = key(g);
    if (k === undefined) return undefined;
    out.push(k);
  }
  return out;
}

/** The fields a filter reads ('$meta' for dynamic keys), each once, in order of appearance. */
export function fieldsUsed(expr: FilterExpr): string[] {
  const out: string[] = [];
  const add = (c: Column): void => {
    if (!out.includes(c.field)) out.push(c.field);
  };
  const walk = (n: PlanNode): void => {
    switch (n.k) {
      case 'not':
        walk(n.child);
        break;
      case 'and':
      case 'or':
        n.items.forEach(walk);
        break;
      case 'randomSample':
        if (n.predicate) walk(n.predicate);
        break;
      case 'compare':
        add(n.left);
        add(n.right);
        break;
      case 'call':
        for (const a of n.args) if ('column' in a) add(a.column);
        break;
      case 'alwaysTrue':
      case 'const':
        break;
      default:
        add(n.column);
    }
  };
  walk(expr.root);
  return out;
}
