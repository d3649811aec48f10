// The property runner: one fast-check property per domain, over batches of that domain's cases.
// Each case is sent and its answer judged (oracle.ts) at once, with the two things only the
// server shows: its process still running, and no unexpected failure in its log. After each
// batch the fingerprint of the known data (known-data.ts) must equal the one taken after seeding:
// the domains send invalid input only where it could write, so nothing may have changed.
//
// A failure is shrunk by fast-check to a smallest batch that still fails, and reported with the
// seed and path that replay it (docs/robustness.md, "Running and replaying").
import fc from 'fast-check';
import { GrpcStatus } from '../../src/protocol/index.js';
import type { FuzzConfig } from './config.js';
import { type KnownState, knownState, stateDifferences } from './known-data.js';
import { grpcName, isSuccess, judge, type Expectation } from './oracle.js';
import type { FuzzTarget, Outcome } from './target.js';

/** A family of inputs: how its cases are made and how one is sent. */
export interface FuzzDomain<Case> {
  name: string;
  /** Arbitrary cases; each one is one request (or one HTTP/2 exchange). */
  cases: fc.Arbitrary<Case>;
  /** Sends a case: what came back and what the answer must be. */
  send(target: FuzzTarget, c: Case): Promise<{ outcome: Outcome; expect: Expectation }>;
  /** The case in one line, for a counterexample (large parts elided). */
  describe(c: Case): string;
  /**
   * Cases run first in every run, each in a batch of its own (fast-check's `examples`): the
   * inputs that once broke Elanus (issue 13), so that the quick run keeps checking them.
   */
  regressions?: readonly Case[];
}

export interface DomainStats {
  domain: string;
  /** Requests sent, shrinking included. */
  cases: number;
  batches: number;
  /** Answered Success. */
  succeeded: number;
  /** Answered with a Status error. */
  refused: number;
  /** Answered with a gRPC or HTTP status instead of a reply, or not at all. */
  transport: number;
  /** Server restarts after a crash or a block. */
  restarts: number;
  /** The time limit stopped the runs before they were all made. */
  interrupted?: boolean;
  ms: number;
  failure?: string;
}

/** Case texts longer than this are cut in a report. */
const MAX_CASE_TEXT = 600;

export function elide(text: string, max = MAX_CASE_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

function outcomeText(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'reply':
      return elide(`reply via ${outcome.via}: ${JSON.stringify(outcome.reply.status ?? outcome.reply)}`, 400);
    case 'grpc':
      return `gRPC ${grpcName(outcome.code)}: ${outcome.details}`;
    case 'http':
      return `HTTP ${outcome.status}${outcome.grpcStatus !== undefined ? `, gRPC ${grpcName(outcome.grpcStatus)}: ${outcome.grpcMessage}` : ''}${outcome.reset ? `, stream reset (${outcome.reset})` : ''}`;
    case 'none':
      return `no answer: ${outcome.error}`;
  }
}

/** `c`, printed by fast-check as its domain's one-line description. */
function labelled<Case>(domain: FuzzDomain<Case>, c: Case): Case {
  if (c !== null && typeof c === 'object') {
    Object.defineProperty(c, fc.toStringMethod, { value: () => elide(domain.describe(c)), enumerable: false, configurable: true });
  }
  return c;
}

function count(stats: DomainStats, outcome: Outcome): void {
  stats.cases++;
  if (outcome.kind === 'reply') {
    if (isSuccess(outcome)) stats.succeeded++;
    else stats.refused++;
  } else {
    stats.transport++;
  }
}

/** The replay command of a failure. */
function replayLine(domain: string, seed: number, path: string | undefined): string {
  return `replay: ELANUS_FUZZ_DOMAIN=${domain} ELANUS_FUZZ_SEED=${seed} ELANUS_FUZZ_PATH=${path ?? ''} node --test dist/test/fuzz/fuzz.test.js`;
}

/** A running server that answers, holding the known data as seeded: restored from the pristine copy if not. */
async function ensureKnownData(target: FuzzTarget, baseline: KnownState): Promise<void> {
  if (!target.exited() && (await target.responsive())) {
    const now = await knownState(target).catch(() => undefined);
    if (now && stateDifferences(baseline, now).length === 0) return;
  }
  await target.restorePristine();
}

/** Runs one domain's property; resolves with its figures, the failure (if any) among them. */
export async function runDomain<Case>(
  domain: FuzzDomain<Case>,
  target: FuzzTarget,
  baseline: KnownState,
  config: FuzzConfig,
): Promise<DomainStats> {
  const stats: DomainStats = { domain: domain.name, cases: 0, batches: 0, succeeded: 0, refused: 0, transport: 0, restarts: 0, ms: 0 };
  const restartsBefore = target.restarts;
  const started = performance.now();
  // size 'max': batch lengths spread over the whole range (fast-check's default keeps them under about 10)
  const batches = fc.array(
    domain.cases.map((c) => labelled(domain, c)),
    { minLength: 1, maxLength: config.maxBatch, size: 'max' },
  );
  // Set while a batch runs, cleared when it passed: a batch that failed may have left the server
  // down or blocked, or the known data changed.
  let failed = true;
  const property = fc.asyncProperty(batches, async (batch) => {
    stats.batches++;
    // The failure was reported; the next batch (a shrink of it, mostly) starts from the seeded data.
    if (failed) await ensureKnownData(target, baseline);
    failed = true;
    target.internalFailures();
    for (const [i, c] of batch.entries()) {
      const { outcome, expect } = await domain.send(target, c);
      count(stats, outcome);
      const problems = judge(outcome, expect);
      // A request that killed the process may have lost its answer a moment before the process went.
      const unanswered =
        (outcome.kind === 'none' && !expect.mayGoUnanswered) ||
        (outcome.kind === 'grpc' && (outcome.code === GrpcStatus.DEADLINE_EXCEEDED || outcome.code === GrpcStatus.UNAVAILABLE));
      const exit = unanswered ? await target.exitedWithin(1500) : target.exited();
      if (exit) problems.push(`the server process exited (code ${exit.code}, signal ${exit.signal}); its last output:\n${exit.lastOutput}`);
      else if (unanswered && !(await target.responsive())) {
        problems.push(`the server stopped answering (blocked): killed, to be started again`);
        await target.killBlocked();
      }
      // The server logs a failure before it answers, but its output pipe may be read after the reply.
      await new Promise((resolve) => setImmediate(resolve));
      for (const failure of target.internalFailures()) problems.push(`the server logged an unexpected failure:\n${failure}`);
      if (problems.length > 0) {
        throw new Error(
          `case ${i + 1} of ${batch.length}: ${elide(domain.describe(c))}\n  answer: ${outcomeText(outcome)}\n  - ${problems.join('\n  - ')}`,
        );
      }
    }
    const changed = stateDifferences(baseline, await knownState(target));
    if (changed.length > 0) throw new Error(`the known data changed during this batch of ${batch.length} cases:\n  - ${changed.join('\n  - ')}`);
    failed = false;
  });
  const details = await fc.check(property, {
    seed: config.seed,
    numRuns: config.runs,
    // A failure that crashes or blocks the server costs a restart per shrinking step: bounded.
    interruptAfterTimeLimit: config.timeLimitMs,
    examples: (domain.regressions ?? []).map((c): [Case[]] => [[labelled(domain, structuredClone(c))]]),
    ...(config.path ? { path: config.path } : {}),
  });
  stats.interrupted = details.interrupted && !details.failed;
  stats.ms = performance.now() - started;
  if (details.failed) {
    // The next domain starts from the seeded data on a running server.
    await ensureKnownData(target, baseline);
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    stats.failure = [
      `fuzz ${domain.name} failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}), shrunk ${details.numShrinks} times.`,
      `smallest failing batch: ${fc.stringify(details.counterexample?.[0])}`,
      error,
      replayLine(domain.name, details.seed, details.counterexamplePath ?? undefined),
    ].join('\n');
  }
  stats.restarts = target.restarts - restartsBefore;
  return stats;
}

/** The figures of a run as a Markdown table (docs/robustness.md keeps the same columns). */
export function statsTable(all: readonly DomainStats[]): string {
  const lines = [
    '| domain | requests | batches | Success | Status errors | gRPC/HTTP/none | restarts | seconds | requests/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const total = { cases: 0, batches: 0, succeeded: 0, refused: 0, transport: 0, restarts: 0, ms: 0 };
  for (const s of all) {
    lines.push(
      `| ${s.domain}${s.interrupted ? ' (time limit)' : ''}${s.failure ? ' (failed)' : ''} | ${s.cases} | ${s.batches} | ${s.succeeded} | ${s.refused} | ${s.transport} | ${s.restarts} | ${(s.ms / 1000).toFixed(1)} | ${Math.round(s.cases / (s.ms / 1000))} |`,
    );
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += s[key];
  }
  lines.push(
    `| **all** | ${total.cases} | ${total.batches} | ${total.succeeded} | ${total.refused} | ${total.transport} | ${total.restarts} | ${(total.ms / 1000).toFixed(1)} | ${Math.round(total.cases / (total.ms / 1000))} |`,
  );
  return lines.join('\n');
}
