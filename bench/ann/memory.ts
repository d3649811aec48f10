// Memory of a process as Linux reports it in /proc/PID/status: resident set (VmRSS), its private
// anonymous part (RssAnon: heap, malloc, typed arrays) and its file-backed part (RssFile: mapped
// files and shared libraries). Zero where /proc is not there.
import { readFileSync } from 'node:fs';

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
