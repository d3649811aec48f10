// Timestamptz strings as Milvus reads them on insert (pkg/util/timestamptz.ParseTimeTz): RFC 3339
// with an offset, the same with a space and a short offset, or a naive date-time read in the
// collection's `timezone` property. Values are microseconds since the epoch, as Milvus stores them.
import type { CollectionSchema } from '../catalog/index.js';
import { zoneOffsetMinutes } from './timezone.js';

const DATE_TIME = '(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?';
const RFC3339 = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}:\\d{2})$`);
const SPACE_OFFSET = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}(?::\\d{2})?)$`);
const NAIVE = new RegExp(`^${DATE_TIME}$`);

/** Microseconds since the epoch of a Timestamptz string, naive strings read in `timezone`; null when Milvus refuses it. */
export function parseTimestamptz(s: string, timezone: string): bigint | null {
  let m = RFC3339.exec(s) ?? SPACE_OFFSET.exec(s);
  let offsetMin: number | undefined;
  if (m) {
    const z = m[8]!;
    if (z === 'Z') offsetMin = 0;
    else {
      const hh = Number(z.slice(1, 3));
      const mm = z.length > 3 ? Number(z.slice(4, 6)) : 0;
      if (hh > 24 || mm > 59) return null;
      offsetMin = (z[0] === '-' ? -1 : 1) * (hh * 60 + mm);
      if (offsetMin * 60 > 14 * 3600 || offsetMin * 60 < -12 * 3600) return null;
    }
  } else {
    m = NAIVE.exec(s);
    if (!m) return null;
  }
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((k) => Number(m![k]));
  if (mo! < 1 || mo! > 12 || h! > 23 || mi! > 59 || se! > 59) return null;
  const daysInMonth = [31, (y! % 4 === 0 && y! % 100 !== 0) || y! % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo! - 1]!;
  if (d! < 1 || d! > daysInMonth) return null;
  const fracMicros = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  const date = new Date(0);
  date.setUTCFullYear(y!, mo! - 1, d!);
  date.setUTCHours(h!, mi!, se!, 0);
  const localMs = date.getTime();
  let utcMs: number;
  if (offsetMin !== undefined) utcMs = localMs - offsetMin * 60_000;
  else {
    try {
      const first = localMs - zoneOffsetMinutes(localMs, timezone) * 60_000;
      utcMs = localMs - zoneOffsetMinutes(first, timezone) * 60_000;
    } catch {
      return null; // not an IANA zone
    }
  }
  return BigInt(utcMs) * 1000n + fracMicros;
}

/** The zone a collection reads naive Timestamptz strings in: its `timezone` property, else UTC. */
export function collectionTimezone(schema: CollectionSchema): string {
  return schema.properties.find((p) => p.key === 'timezone')?.value || 'UTC';
}
