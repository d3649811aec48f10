// What every answer must be, whatever the input (docs/robustness.md, "Properties"):
// - a Milvus-style Status: a code and the legacy error_code that goes with it (0 and Success
//   together, never one without the other), a reason with every error, and never Elanus's own
//   internal error (src/errors.ts internalError: "<method> failed inside Elanus: ..."), which is
//   what an exception the code did not expect turns into. A 65535 is fine as such: Milvus answers
//   plain Go errors with it;
// - never Success for an input that is invalid by construction;
// - a gRPC status instead of a reply only where Milvus (grpc-go) gives one: a method it does not
//   have, a frame it cannot read, a message over the size limit. Over the SDK and raw requests
//   there is no such place: every request is well-formed gRPC.
import { GrpcStatus } from '../../src/protocol/index.js';
import type { Outcome, Reply } from './target.js';

export interface Expectation {
  /** The input is invalid by construction: any answer but Success. */
  invalid: boolean;
  /** The gRPC statuses Milvus answers to this request instead of a reply (a malformed frame...). */
  grpc?: readonly number[];
  /** HTTP statuses that answer this exchange before gRPC does (405 for a GET, 415 for another content-type). */
  http?: readonly number[];
  /** No answer is an answer: the client reset the stream itself. */
  mayGoUnanswered?: boolean;
}

export const VALID: Expectation = { invalid: false };
export const INVALID: Expectation = { invalid: true };

/** The text of Elanus's internal error (src/errors.ts internalError). */
const INTERNAL_ERROR_TEXT = / failed inside Elanus: /;

const GRPC_NAMES = Object.fromEntries(Object.entries(GrpcStatus).map(([name, code]) => [code, name])) as Record<number, string>;

export function grpcName(code: number): string {
  return GRPC_NAMES[code] ?? String(code);
}

interface StatusLike {
  code?: unknown;
  error_code?: unknown;
  reason?: unknown;
}

/** The Status of a reply: the reply itself (a bare common.Status) or its `status` field. */
export function statusOf(reply: Reply): StatusLike | undefined {
  if (reply === null || typeof reply !== 'object') return undefined;
  if (reply.status && typeof reply.status === 'object') return reply.status as StatusLike;
  if ('error_code' in reply || 'code' in reply) return reply as StatusLike;
  return undefined;
}

export function isSuccess(outcome: Outcome): boolean {
  if (outcome.kind !== 'reply') return false;
  const s = statusOf(outcome.reply);
  return s !== undefined && s.code === 0 && s.error_code === 'Success';
}

/** The problems with one Status; empty when it is a proper Milvus Status for this input. */
function statusProblems(s: StatusLike, expect: Expectation): string[] {
  const problems: string[] = [];
  const code = s.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) return [`the status has no integer code: ${JSON.stringify(s)}`];
  if ((code === 0) !== (s.error_code === 'Success')) problems.push(`code ${code} with error_code ${String(s.error_code)}`);
  if (code !== 0) {
    if (typeof s.reason !== 'string' || s.reason === '') problems.push(`error ${code} without a reason`);
    else if (INTERNAL_ERROR_TEXT.test(s.reason)) problems.push(`an internal error: ${code} "${s.reason}"`);
  } else if (expect.invalid) {
    problems.push('clearly invalid input answered Success');
  }
  return problems;
}

/** Everything wrong with `outcome` as the answer to a request with `expect`; empty when nothing is. */
export function judge(outcome: Outcome, expect: Expectation): string[] {
  switch (outcome.kind) {
    case 'reply': {
      const s = statusOf(outcome.reply);
      // A reply type without a Status (a few Milvus replies have none) says nothing either way.
      return s ? statusProblems(s, expect) : [];
    }
    case 'grpc':
      if (expect.grpc?.includes(outcome.code)) return [];
      return [`gRPC status ${grpcName(outcome.code)} (${outcome.details}) where Milvus answers ${describeExpected(expect)}`];
    case 'http': {
      if (outcome.grpcStatus === undefined) {
        if (expect.http?.includes(outcome.status)) return [];
        if (outcome.reset !== undefined && expect.mayGoUnanswered) return [];
        return [`HTTP ${outcome.status} without a gRPC status where Milvus answers ${describeExpected(expect)}`];
      }
      if (outcome.grpcStatus === GrpcStatus.OK) return ['an HTTP/2 exchange answered OK was not decoded as a reply'];
      if (INTERNAL_ERROR_TEXT.test(outcome.grpcMessage ?? '')) return [`an internal error: ${outcome.grpcMessage}`];
      if (expect.grpc?.includes(outcome.grpcStatus)) return [];
      return [`gRPC status ${grpcName(outcome.grpcStatus)} (${outcome.grpcMessage}) where Milvus answers ${describeExpected(expect)}`];
    }
    case 'none':
      return expect.mayGoUnanswered ? [] : [`no answer: ${outcome.error}`];
  }
}

function describeExpected(expect: Expectation): string {
  const ways = ['a Status reply'];
  if (expect.grpc?.length) ways.push(`gRPC ${expect.grpc.map(grpcName).join('/')}`);
  if (expect.http?.length) ways.push(`HTTP ${expect.http.join('/')}`);
  return ways.join(' or ');
}
