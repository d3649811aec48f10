// Latency statistics for the benchmarks: percentiles (nearest rank), mean, throughput.

export interface Summary {
  /** Completed calls. */
  n: number;
  /** Concurrent callers (1 = one call in flight). */
  callers: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** Calls per second: n / wall-clock time of the measured run. */
  opsPerSec: number;
}

/** The nearest-rank percentile `p` (0..100) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Summarizes per-call latencies (ms). `wallMs` is the wall-clock time of the whole run; with one
 * caller and no gaps it is the sum of the latencies, with several it is what gives throughput.
 */
export function summarize(latenciesMs: readonly number[], wallMs: number, callers = 1): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    callers,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    opsPerSec: wallMs > 0 ? (sorted.length * 1000) / wallMs : Number.NaN,
  };
}

/** Milliseconds with a precision that suits their size. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(3);
}

export function fmtRate(opsPerSec: number): string {
  if (!Number.isFinite(opsPerSec)) return '-';
  return opsPerSec >= 100 ? Math.round(opsPerSec).toLocaleString('en-US') : opsPerSec.toFixed(1);
}
