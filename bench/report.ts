// Output for the benchmarks: the machine they ran on, tables for the terminal and for Markdown,
// and rewriting one marked section of docs/benchmarks.md while leaving the rest of it intact.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Table {
  columns: string[];
  /** 'r' right-aligns a column (numbers); default left. */
  align?: ('l' | 'r')[];
  rows: string[][];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model?.trim() ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: keep os.cpus()'s model
  }
  return {
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${process.arch}`,
  };
}

/** Busy and total CPU time of the whole machine so far, in ms (Linux /proc/stat; undefined elsewhere). */
export function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = t;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy * TICK_MS, total: (busy + idle + iowait) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) a process has used so far (Linux /proc/PID/stat). */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** Linux reports /proc CPU times in USER_HZ ticks, 100 per second on every mainstream build. */
const TICK_MS = 10;

export function describeMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node.js ${m.node}, ${m.os}`;
}

function widths(t: Table): number[] {
  return t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
}

export function textTable(t: Table): string {
  const w = widths(t);
  const cell = (s: string, i: number) => (t.align?.[i] === 'r' ? s.padStart(w[i]!) : s.padEnd(w[i]!));
  const line = (cells: string[]) => cells.map(cell).join('  ').trimEnd();
  return [line(t.columns), w.map((n) => '-'.repeat(n)).join('  '), ...t.rows.map(line)].join('\n');
}

export function markdownTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const sep = t.columns.map((_, i) => (t.align?.[i] === 'r' ? '---:' : '---'));
  return [t.columns, sep, ...t.rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}

export const startMarker = (name: string) => `<!-- bench:${name}:start -->`;
export const endMarker = (name: string) => `<!-- bench:${name}:end -->`;

const DOC_HEADER = `# Benchmarks

Figures measured by \`npm run bench\` (bench/run.ts). Each section below is rewritten in place by
the benchmark that owns it, between its \`<!-- bench:NAME:start -->\` / \`<!-- bench:NAME:end -->\`
markers; text outside the markers is kept. Run one benchmark with \`npm run bench -- NAME\`.
Latencies are client-observed, through the official Node SDK over gRPC on the loopback interface,
with the server running as a separate process on the same machine.
`;

/** Replaces the marked section `name` of the Markdown file at `path` (creating file or section). */
export function writeSection(path: string, name: string, body: string): void {
  const start = startMarker(name);
  const end = endMarker(name);
  const block = `${start}\n${body.trim()}\n${end}`;
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : DOC_HEADER;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) {
    doc = doc.slice(0, i) + block + doc.slice(j + end.length);
  } else if (i >= 0 || j >= 0) {
    throw new Error(`${path}: unbalanced markers for section "${name}"; fix them by hand`);
  } else {
    doc = `${doc.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(path, doc.endsWith('\n') ? doc : `${doc}\n`);
}
