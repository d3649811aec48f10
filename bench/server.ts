// Starts a real `elanus serve` child process on a free port and a temporary data dir, for the
// benchmarks (the same way test/harness/server.ts does for the tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOCATOR_ENV } from './ann/memory.js';
import { processCpuMs } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/bench/server.js -> dist/src/cli/main.js */
export const CLI_PATH = join(here, '..', 'src', 'cli', 'main.js');

export interface BenchServer {
  address: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** CPU time (ms) the server process used, read just before stop() signalled it. */
  cpuMsAtStop(): number | undefined;
  /** SIGTERM, wait for exit, remove the data dir. */
  stop(): Promise<void>;
}

export async function startBenchServer(prefix = 'elanus-bench-'): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
    env: { ...process.env, ...ALLOCATOR_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exited = false;
  let cpuMs: number | undefined;
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    });
  });
  const onData = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  try {
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`elanus serve did not start within 15 s; output:\n${log}`)), 15000);
      const check = () => {
        const m = /listening on (\S+?):(\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(`${m[1]}:${m[2]}`);
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      void exit.then((code) => {
        clearTimeout(timer);
        reject(new Error(`elanus serve exited with ${code} before listening; output:\n${log}`));
      });
    });
    return {
      address,
      dataDir,
      child,
      output: () => log,
      cpuMsAtStop: () => cpuMs,
      async stop() {
        if (!exited) {
          cpuMs = child.pid === undefined ? undefined : processCpuMs(child.pid);
          child.kill('SIGTERM');
        }
        const code = await exit;
        rmSync(dataDir, { recursive: true, force: true });
        if (code !== 0) throw new Error(`elanus serve exited with ${code}; output:\n${log}`);
      },
    };
  } catch (e) {
    if (!exited) child.kill('SIGKILL');
    await exit;
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
