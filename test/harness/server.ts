// Starts a real `elanus serve` child process on a free port, for tests that drive it through the
// official Node SDK. Each server gets its own temporary data dir unless one is given, so tests can
// restart (or SIGKILL and restart) a server on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';

const here = dirname(fileURLToPath(import.meta.url));
/** The compiled CLI entry point (dist/src/cli/main.js), found relative to dist/test/harness. */
export const CLI_PATH = join(here, '..', '..', 'src', 'cli', 'main.js');

export interface RunningServer {
  readonly port: number;
  readonly address: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** A new official SDK client connected to this server (closed by the caller or by stop()). */
  client(options?: { database?: string; timeout?: number }): MilvusClient;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export function makeDataDir(prefix = 'elanus-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  extraArgs?: string[];
  /** How long to wait for the listening line. */
  startTimeoutMs?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const child = spawn(
    process.execPath,
    [CLI_PATH, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...(options.extraArgs ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let log = '';
  const clients: MilvusClient[] = [];
  let exited = false;
  const exitPromise = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`elanus serve did not start within the time limit; output:\n${log}`)),
      options.startTimeoutMs ?? 15000,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on [^\s]*?:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exitPromise.then((code) => {
      clearTimeout(timer);
      reject(new Error(`elanus serve exited with ${code} before listening; output:\n${log}`));
    });
  });

  const closeClients = async () => {
    await Promise.all(clients.splice(0).map((c) => c.closeConnection().catch(() => undefined)));
  };

  return {
    port,
    address: `127.0.0.1:${port}`,
    dataDir,
    child,
    output: () => log,
    client(opts = {}) {
      const c = new MilvusClient({ address: `127.0.0.1:${port}`, ...opts });
      clients.push(c);
      return c;
    },
    async stop() {
      await closeClients();
      if (!exited) child.kill('SIGTERM');
      return exitPromise;
    },
    async kill() {
      await closeClients();
      if (!exited) child.kill('SIGKILL');
      await exitPromise;
    },
  };
}
