// Which fuzz run to make: its seed, its size and what to replay, from the environment
// (docs/robustness.md, "Running and replaying"). `npm test` makes the quick run with a fixed seed;
// `npm run fuzz` the long one, with a new seed each time unless one is given.
//
//   ELANUS_FUZZ          "long" for the long run (default: the quick one)
//   ELANUS_FUZZ_SEED     fast-check's seed (an integer)
//   ELANUS_FUZZ_RUNS     fast-check runs per domain; a run is one batch of requests
//   ELANUS_FUZZ_PATH     fast-check's path of a failure, to replay it (with its seed and domain)
//   ELANUS_FUZZ_DOMAIN   comma-separated domains to run (default: all)

export type FuzzProfile = 'quick' | 'long';

export interface FuzzConfig {
  profile: FuzzProfile;
  seed: number;
  /** fast-check runs (batches of requests, then a check of the known data) per domain. */
  runs: number;
  /** The longest batch. */
  maxBatch: number;
  /** Each domain stops after this long (shrinking included): a failure that crashes the server costs a restart per step. */
  timeLimitMs: number;
  /** fast-check's path of a failure to replay, if one is asked for. */
  path?: string;
  /** The domains to run; undefined: all of them. */
  domains?: readonly string[];
}

/** The quick run's seed: fixed, so that `npm test` makes the same requests every time. */
const QUICK_SEED = 13;

const PROFILES: Record<FuzzProfile, { runs: number; maxBatch: number; timeLimitMs: number }> = {
  // About 1,500 requests in all: a few seconds on a quiet machine.
  quick: { runs: 24, maxBatch: 12, timeLimitMs: 30_000 },
  // Over 100,000 requests in all (docs/robustness.md has the figures).
  long: { runs: 1100, maxBatch: 40, timeLimitMs: 30 * 60_000 },
};

function integer(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(value)}`);
  return n;
}

export function fuzzConfig(env: NodeJS.ProcessEnv = process.env): FuzzConfig {
  const profile: FuzzProfile = env.ELANUS_FUZZ === 'long' ? 'long' : 'quick';
  const defaults = PROFILES[profile];
  const seed = env.ELANUS_FUZZ_SEED
    ? integer('ELANUS_FUZZ_SEED', env.ELANUS_FUZZ_SEED)
    : profile === 'quick'
      ? QUICK_SEED
      : // fast-check's seeds are 32-bit integers
        (Date.now() ^ (process.pid << 16)) | 0;
  return {
    profile,
    seed,
    runs: env.ELANUS_FUZZ_RUNS ? integer('ELANUS_FUZZ_RUNS', env.ELANUS_FUZZ_RUNS) : defaults.runs,
    maxBatch: defaults.maxBatch,
    timeLimitMs: defaults.timeLimitMs,
    path: env.ELANUS_FUZZ_PATH || undefined,
    domains: env.ELANUS_FUZZ_DOMAIN ? env.ELANUS_FUZZ_DOMAIN.split(',').map((d) => d.trim()) : undefined,
  };
}
