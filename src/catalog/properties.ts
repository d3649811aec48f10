// Checks on the well-known properties of databases and collections (timezone, TTL, partition
// key isolation). Other keys are stored as given, as Milvus does.
import { propertyErrors } from '../errors.js';
import type { KeyValue } from './schema.js';

export const TIMEZONE = 'timezone';
export const TTL_SECONDS = 'collection.ttl.seconds';
export const PARTITION_KEY_ISOLATION = 'partitionkey.isolation';
const MAX_TTL_SECONDS = 3155760000;

export function propertyValue(properties: readonly KeyValue[], key: string): string | undefined {
  return properties.find((p) => p.key === key)?.value;
}

/** An IANA time zone id, as Go's time.LoadLocation accepts it ("UTC" included). */
function isTimezone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function checkTimezoneProperty(properties: readonly KeyValue[]): void {
  const tz = propertyValue(properties, TIMEZONE);
  if (tz !== undefined && !isTimezone(tz)) throw propertyErrors.invalidTimezone(tz);
}

export function checkTtlProperty(properties: readonly KeyValue[]): void {
  const raw = propertyValue(properties, TTL_SECONDS);
  if (raw === undefined) return;
  if (!/^[+-]?\d+$/.test(raw)) throw propertyErrors.ttlNotInteger();
  const ttl = Number(raw);
  if (ttl < -1 || ttl > MAX_TTL_SECONDS) throw propertyErrors.ttlOutOfRange(raw);
}
