// Time zone arithmetic for Timestamptz values: Milvus reads and shows them in the collection's
// `timezone` property (an IANA id, UTC by default).

/** Minutes east of UTC of an IANA zone at an instant (whole seconds, as Go's time package). */
export function zoneOffsetMinutes(epochMs: number, timezone: string): number {
  if (timezone === 'UTC' || timezone === '') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((x) => x.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const floored = Math.floor(epochMs / 1000) * 1000;
  return Math.round((asUtc - floored) / 60_000);
}
