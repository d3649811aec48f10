// Errors of the filter-expression module. Every one is a MilvusError with code 1100
// (ParameterInvalid), the code Milvus's proxy gives any plan-building failure.
//
// Milvus builds the text in two layers, and so do we:
//   1. the plan parser (internal/parser/planparserv2) says what is wrong:
//        "cannot parse expression: <expr>, error: <reason>"        (syntax and type errors)
//        "predicate is not a boolean expression: <expr>, data type: <type>"
//        "the value of expression template variable name {x} is not found"   (template filling)
//   2. the proxy wraps it with the request kind and merr's suffix:
//        "failed to create query plan: <1>: invalid parameter"   (query, search)
//        "failed to create delete plan: <1>: invalid parameter"  (delete)
// parseFilter throws layer 1 (a FilterError, whose `detail` is the parser's text and whose
// message is the same); the engine wraps it for the request at hand (errors.ts `planFailed`).
import { Code, MilvusError } from '../errors.js';

export class FilterError extends MilvusError {
  /** The plan parser's own text, before any request-kind prefix. */
  readonly detail: string;

  constructor(detail: string) {
    super(Code.ParameterInvalid, detail);
    this.name = 'FilterError';
    this.detail = detail;
  }
}

export function isFilterError(e: unknown): e is FilterError {
  return e instanceof FilterError;
}

/** Which request a plan was built for; it decides the proxy's prefix. */
export type PlanKind = 'query' | 'search' | 'delete';

/** A lexer or parser error in a filter's text, as ANTLR's listener in Milvus formats it: "line L:C <msg>". */
export class FilterSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly msg: string,
    /** Code-point offset of the offending text; orders lexer against parser errors. */
    readonly offset: number,
  ) {
    super(`line ${line}:${column} ${msg}`);
  }
}

/** A semantic error raised while turning the syntax tree into a plan (the visitor's errors). */
export class VisitError extends Error {}

/** merr.WrapErrParameterInvalidMsg: the visitor uses it for a few texts. */
export function visitInvalidParameter(message: string): VisitError {
  return new VisitError(`${message}: invalid parameter`);
}

/** A filter past one of the sizes the parser takes: refused before it can exhaust the stack or the heap. */
export abstract class ExpressionLimitExceeded extends Error {}

/**
 * A filter nested deeper than the parser takes (MAX_EXPR_DEPTH). Not a Milvus check: Milvus's
 * parser recurses without a bound; Elanus refuses before any pass could run out of stack.
 */
export class ExpressionTooDeep extends ExpressionLimitExceeded {
  constructor(readonly limit: number) {
    super(
      `the expression is nested deeper than ${limit} levels (each parenthesis, prefix operator and nested operand is one level; a chain of one logical operator is one level), the most Elanus parses`,
    );
  }
}

/**
 * A filter of more tokens than the parser takes (MAX_EXPR_TOKENS). Not a Milvus check: planning
 * holds about 250 bytes of heap per token, so a filter as long as the receive limit allows
 * (64 MiB, some 12 million tokens) would take the process's whole heap and stall it in garbage
 * collection; at the limit a plan peaks near 1.5 GiB.
 */
export class ExpressionTooLong extends ExpressionLimitExceeded {
  constructor(readonly limit: number) {
    super(`the expression has more than ${limit} tokens, the most Elanus parses (a long list of values is shorter as \`in [...]\`)`);
  }
}
