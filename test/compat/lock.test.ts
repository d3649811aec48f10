// One server per data dir: a second `elanus serve` on a data dir in use must refuse to start
// (non-zero exit, a message naming the dir or the lock) without harming the first; a lock left by
// a SIGKILLed server is recovered; a SIGTERMed server exits 0 and frees the dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI_PATH, type RunningServer } from '../harness/server.js';
import { assertOk, connect, createCollection, serverPool, tail } from './catalog-helpers.js';

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** It printed its listening line, i.e. it started although it must not. */
  listened: boolean;
  timedOut: boolean;
}

/** Runs `elanus serve` on `dataDir` expecting it to refuse; kills it if it listens or hangs. */
function tryServe(dataDir: string, timeoutMs = 15000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let listened = false;
    let timedOut = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!listened && /listening on /.test(output)) {
        listened = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // let the pipes drain
      setImmediate(() => resolve({ code, signal, output, listened, timedOut }));
    });
  });
}

function assertRefused(run: CliRun, dataDir: string, when: string): void {
  assert.ok(!run.listened, `${when}: a second server started listening on a data dir in use; output:\n${tail(run.output)}`);
  assert.ok(!run.timedOut, `${when}: a second server neither exited nor listened within the time limit; output:\n${tail(run.output)}`);
  assert.equal(run.signal, null, `${when}: the second server died of ${run.signal}; output:\n${tail(run.output)}`);
  assert.ok(run.code !== null && run.code !== 0, `${when}: the second server must exit non-zero, got ${run.code}; output:\n${tail(run.output)}`);
  const clear = run.output.includes(dataDir) || /lock|in use/i.test(run.output);
  assert.ok(clear, `${when}: the refusal must name the data dir or say it is locked / in use; output:\n${tail(run.output)}`);
  assert.ok(!/\n\s+at .+\(.+:\d+:\d+\)/.test(run.output), `${when}: the refusal is a stack trace, not a clear message:\n${tail(run.output)}`);
}

async function assertServes(server: RunningServer, expected: string[], what: string): Promise<void> {
  const shown = await (await connect(server)).showCollections();
  assertOk(shown.status, `${what}: show_collections`);
  assert.deepEqual(shown.data.map((c) => c.name).sort(), [...expected].sort(), `${what}: collections`);
}

test('a second server on a data dir in use refuses to start and leaves the first unharmed', async (t) => {
  const pool = serverPool(t, 'elanus-lock-');
  const dataDir = pool.dataDir;
  let server: RunningServer = await pool.start();
  assertOk(await createCollection(await connect(server), 'keep'), 'create_collection(keep)');

  assertRefused(await tryServe(dataDir), dataDir, 'while the first server runs');

  // the first server is unharmed: it still answers, still has its data, still accepts writes
  assert.equal(server.child.exitCode, null, 'the first server exited');
  await assertServes(server, ['keep'], 'first server after the refused start');
  assertOk(await createCollection(await connect(server), 'keep2'), 'create_collection(keep2) after the refused start');
  await assertServes(server, ['keep', 'keep2'], 'first server after a new write');
  assert.equal(await server.stop(), 0, 'SIGTERM must exit 0');
  server = await pool.start();
  await assertServes(server, ['keep', 'keep2'], 'restart after the refused start');
});

test('the lock of a SIGKILLed server is recovered, and the new server holds it again', async (t) => {
  const pool = serverPool(t, 'elanus-lock-kill-');
  const dataDir = pool.dataDir;
  let server: RunningServer = await pool.start();
  assertOk(await createCollection(await connect(server), 'before_kill'), 'create_collection(before_kill)');
  await server.kill();

  server = await pool.start(); // must not be refused by the stale lock
  await assertServes(server, ['before_kill'], 'after SIGKILL and restart');
  assertOk(await createCollection(await connect(server), 'after_kill'), 'create_collection(after_kill)');
  // the recovered server holds the lock for real
  assertRefused(await tryServe(dataDir), dataDir, 'while the server started over a stale lock runs');
  await assertServes(server, ['before_kill', 'after_kill'], 'after the refused start');

  // twice in a row, to catch a lock file that is only cleaned up every other time
  await server.kill();
  server = await pool.start();
  await assertServes(server, ['before_kill', 'after_kill'], 'after the second SIGKILL and restart');
});

test('a SIGTERMed server exits 0 and frees the data dir', async (t) => {
  const pool = serverPool(t, 'elanus-lock-term-');
  const dataDir = pool.dataDir;
  let server: RunningServer = await pool.start();
  assertOk(await createCollection(await connect(server), 'c'), 'create_collection(c)');
  const code = await server.stop();
  assert.equal(code, 0, `SIGTERM must exit 0; log:\n${tail(server.output())}`);
  assert.equal(server.child.signalCode, null, 'the server must exit on its own after SIGTERM, not die of the signal');

  server = await pool.start();
  await assertServes(server, ['c'], 'after SIGTERM and restart');
  assertRefused(await tryServe(dataDir), dataDir, 'while the restarted server runs');
  assert.equal(await server.stop(), 0, 'second SIGTERM must exit 0');
});
