// The timestamp oracle: Milvus hybrid timestamps, (physical ms << 18) | logical counter.
// Strictly increasing within a process; at start-up it is moved past every timestamp already
// stored, so a clock that went backwards across a restart cannot reissue an old timestamp.
const LOGICAL_BITS = 18n;

export class TimestampOracle {
  private last = 0n;

  /** Never issue a timestamp <= `ts` (a decimal string or bigint). */
  observe(ts: string | bigint): void {
    const v = BigInt(ts);
    if (v > this.last) this.last = v;
  }

  next(): bigint {
    const physical = BigInt(Date.now()) << LOGICAL_BITS;
    this.last = physical > this.last ? physical : this.last + 1n;
    return this.last;
  }

  /** `count` consecutive timestamps; returns the first (autoID ranges use them as ids). */
  reserve(count: number): bigint {
    const first = this.next();
    this.last = first + BigInt(Math.max(count, 1) - 1);
    return first;
  }

  /** As a decimal string, the form records and the wire use. */
  now(): string {
    return this.next().toString();
  }
}

/** The wall-clock milliseconds inside a hybrid timestamp. */
export function physicalMillis(ts: string | bigint): number {
  return Number(BigInt(ts) >> LOGICAL_BITS);
}
