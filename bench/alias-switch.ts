// The time of an atomic 10-alias switch (issue 6: "Time of a 10-alias atomic switch"), remote
// (Elanus's alias service over gRPC) and embedded, beside a single alter_alias for scale. Every
// switch is durable when it returns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MilvusClient } from '../src/client/index.js';
import type { Benchmark, BenchContext, BenchReport } from './benchmark.js';
import { markdownTable, textTable } from './report.js';
import { startBenchServer } from './server.js';
import { fmtMs, summarize } from './stats.js';

const ALIASES = 10;
const ROUNDS = 300;

async function measure(client: MilvusClient): Promise<{ switch10: number[]; alter1: number[] }> {
  for (const c of ['sw_a', 'sw_b']) await client.createCollection({ collection_name: c, dimension: 4 });
  for (let i = 0; i < ALIASES; i++) await client.createAlias({ collection_name: 'sw_a', alias: `sw_${i}` });
  const switch10: number[] = [];
  const alter1: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const target = r % 2 === 0 ? 'sw_b' : 'sw_a';
    const t0 = performance.now();
    const { version } = await client.switchAliases(
      Array.from({ length: ALIASES }, (_, i) => ({ action: 'alter' as const, alias: `sw_${i}`, collection_name: target })),
    );
    switch10.push(performance.now() - t0);
    if (version === 0) throw new Error('a switch that changes every alias recorded no version');
    const t1 = performance.now();
    await client.alterAlias({ collection_name: r % 2 === 0 ? 'sw_a' : 'sw_b', alias: 'sw_0' });
    alter1.push(performance.now() - t1);
  }
  return { switch10, alter1 };
}

export const aliasSwitch: Benchmark = {
  name: 'alias-switch',
  summary: 'time of an atomic 10-alias switch vs one alter_alias, remote and embedded',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const rows: string[][] = [];
    const server = await startBenchServer('elanus-bench-switch-');
    const remote = new MilvusClient({ uri: `http://${server.address}` });
    const dir = mkdtempSync(join(tmpdir(), 'elanus-bench-switch-emb-'));
    const embedded = new MilvusClient({ uri: dir });
    try {
      for (const [mode, client] of [
        ['remote', remote],
        ['embedded', embedded],
      ] as const) {
        ctx.log(`alias-switch: ${mode}`);
        const { switch10, alter1 } = await measure(client);
        for (const [what, times] of [
          [`switch of ${ALIASES} aliases`, switch10],
          ['alter_alias (1 alias)', alter1],
        ] as const) {
          const s = summarize(
            times,
            times.reduce((a, b) => a + b, 0),
          );
          rows.push([mode, what, String(s.n), fmtMs(s.p50), fmtMs(s.p99), fmtMs(s.mean)]);
        }
      }
    } finally {
      await remote.close();
      await embedded.close();
      ctx.noteChildCpuMs(server.cpuMsAtStop());
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const table = {
      columns: ['mode', 'call', 'calls', 'p50 ms', 'p99 ms', 'mean ms'],
      rows,
      align: ['l', 'l', 'r', 'r', 'r', 'r'] as ('l' | 'r')[],
    };
    const note =
      `Every switch alters all ${ALIASES} aliases in one transaction (one fsync) and records them under one history version; ` +
      'it is acknowledged only when durable.';
    return {
      title: 'Atomic alias switch',
      text: `${textTable(table)}\n\n${note}`,
      markdown: `${markdownTable(table)}\n\n${note}\n`,
    };
  },
};
