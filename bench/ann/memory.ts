// Memory of a process as Linux reports it in /proc/PID/status: resident set (VmRSS), its private
// anonymous part (RssAnon: heap, malloc, typed arrays) and its file-backed part (RssFile: mapped
// files and shared libraries). Zero where /proc is not there.
import { readFileSync } from 'node:fs';

/**
 * The allocator setting every measured process runs with (each subject's worker and Elanus'
 * server alike): glibc keeps freed heap memory up to a trim threshold that its dynamic rule
 * raises to 2x the largest mid-size buffer freed so far (up to 64 MiB), so a process that has
 * freed a few 30 MiB buffers keeps up to 64 MiB it no longer uses. A fixed 1 MiB threshold hands
 * freed memory back; docs/operations.md recommends the same for Elanus in production.
 */
export const ALLOCATOR_ENV: Readonly<Record<string, string>> = { MALLOC_TRIM_THRESHOLD_: String(1 << 20) };

export interface MemorySample {
  rss: number;
  rssAnon: number;
  rssFile: number;
}

function field(status: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** A sample of process `pid`; for this process, after full garbage collections when gc is exposed. */
export function sampleMemory(pid: number = process.pid): MemorySample {
  if (pid === process.pid) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) for (let i = 0; i < 3; i++) gc();
  }
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // not Linux, or the process is gone
  }
  return { rss: field(status, 'VmRSS'), rssAnon: field(status, 'RssAnon'), rssFile: field(status, 'RssFile') };
}

export function growth(before: MemorySample, after: MemorySample): MemorySample {
  return { rss: after.rss - before.rss, rssAnon: after.rssAnon - before.rssAnon, rssFile: after.rssFile - before.rssFile };
}
