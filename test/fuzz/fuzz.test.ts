// The fuzz suite (docs/robustness.md): random names, filter expressions, search parameters,
// insert/upsert/delete payloads and malformed HTTP/2 and gRPC frames against one real
// `elanus serve` holding known data. Every answer must be a Milvus-style Status (never Elanus's
// internal error), clearly invalid input is never answered Success, the process stays up, and the
// known data is unchanged after each batch.
//
// `npm test` runs the quick profile with a fixed seed; `npm run fuzz` the long one (over 100,000
// requests). A failure prints fast-check's seed and path and the command that replays it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fuzzConfig } from './config.js';
import { expressionsDomain } from './domains/expressions.js';
import { framesDomain } from './domains/frames.js';
import { namesDomain } from './domains/names.js';
import { payloadsDomain } from './domains/payloads.js';
import { searchParamsDomain } from './domains/search-params.js';
import { type KnownState, knownState, seedKnownData } from './known-data.js';
import { type DomainStats, type FuzzDomain, runDomain, statsTable } from './runner.js';
import { FuzzTarget } from './target.js';

const config = fuzzConfig();
const DOMAINS: FuzzDomain<never>[] = [namesDomain, expressionsDomain, searchParamsDomain, payloadsDomain, framesDomain] as FuzzDomain<never>[];
const chosen = DOMAINS.filter((d) => !config.domains || config.domains.includes(d.name));

let target: FuzzTarget;
let baseline: KnownState;
const figures: DomainStats[] = [];

before(async () => {
  process.stdout.write(
    `fuzz: ${config.profile} run, seed ${config.seed}, ${config.runs} runs of up to ${config.maxBatch} requests per domain` +
      `${config.path ? `, replaying path ${config.path}` : ''} (ELANUS_FUZZ_SEED / ELANUS_FUZZ_RUNS / ELANUS_FUZZ_PATH)\n`,
  );
  target = await FuzzTarget.start();
  await seedKnownData(target.client);
  await target.keepPristine();
  baseline = await knownState(target);
});

after(async () => {
  if (figures.length > 0) process.stdout.write(`\nfuzz figures (seed ${config.seed}, ${config.profile} run):\n${statsTable(figures)}\n`);
  await target?.stop();
});

for (const domain of chosen) {
  test(`fuzz ${domain.name}: Milvus-style answers, no Success for invalid input, the server up and the known data unchanged`, async () => {
    const stats = await runDomain(domain, target, baseline, config);
    figures.push(stats);
    const limited = stats.interrupted ? `, stopped by the time limit after ${stats.batches} runs` : '';
    process.stdout.write(
      `fuzz ${domain.name}: ${stats.cases} requests in ${(stats.ms / 1000).toFixed(1)} s (${Math.round(stats.cases / (stats.ms / 1000))}/s)${limited}\n`,
    );
    if (stats.failure) assert.fail(stats.failure);
  });
}
