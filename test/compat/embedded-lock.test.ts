// Embedded mode holds the data dir's lock (issue 5, item 5): while a MilvusClient runs the engine
// in this process on a directory, another process on that directory (`elanus serve`, or an
// embedded MilvusClient in a child process) gets a clear error; after close() both succeed. Two
// MilvusClients on one directory in one process share the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MilvusClient } from '../../src/index.js';
import { CLI_PATH, startServer } from '../harness/server.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/test/compat -> dist/src/index.js: what the child imports, by absolute file URL. */
const INDEX_URL = pathToFileURL(join(here, '..', '..', 'src', 'index.js')).href;

/** The child: opens an embedded MilvusClient on argv[3], lists collections, closes; one JSON line. */
const CHILD_SOURCE = `
const [, , indexUrl, dataDir] = process.argv;
const { MilvusClient, MilvusException } = await import(indexUrl);
const client = new MilvusClient({ uri: dataDir });
try {
  await client.connect();
  const reply = await client.listCollections();
  await client.close();
  process.stdout.write(JSON.stringify({ ok: true, collections: reply.collection_names }) + '\\n');
} catch (e) {
  process.stdout.write(JSON.stringify({
    ok: false,
    isError: e instanceof Error,
    isMilvusException: e instanceof MilvusException,
    name: e?.name,
    message: String(e?.message ?? e),
  }) + '\\n');
  process.exitCode = 3;
}
`;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  reply?: { ok: boolean; collections?: string[]; isError?: boolean; isMilvusException?: boolean; name?: string; message?: string };
}

function tail(s: string, n = 2000): string {
  return s.length > n ? `...${s.slice(-n)}` : s;
}

function makeDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes the child script into its own temp dir (removed by the caller's cleanup). */
function writeChild(t: { after(fn: () => void): void }): string {
  const dir = makeDir('elanus-lock-child-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'open-embedded.mjs');
  writeFileSync(path, CHILD_SOURCE);
  return path;
}

function runChild(script: string, dataDir: string, timeoutMs = 20000): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, INDEX_URL, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      setImmediate(() => {
        let reply: ChildResult['reply'];
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        try {
          reply = line ? JSON.parse(line) : undefined;
        } catch {
          reply = undefined;
        }
        resolve({ code, signal, output, reply });
      });
    });
  });
}

interface ServeRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  listened: boolean;
  timedOut: boolean;
}

/** `elanus serve` on `dataDir`, expected to refuse; killed if it listens or hangs. */
function tryServe(dataDir: string, timeoutMs = 15000): Promise<ServeRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let listened = false;
    let timedOut = false;
    const onData = (c: Buffer) => {
      output += c.toString();
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
      setImmediate(() => resolve({ code, signal, output, listened, timedOut }));
    });
  });
}

/** A clear refusal names the data dir or says it is locked / in use, and is not a stack trace. */
function assertClearLockMessage(message: string, dataDir: string, what: string): void {
  assert.ok(
    message.includes(dataDir) || /lock|in use/i.test(message),
    `${what}: the error must name the data dir or say it is locked / in use: ${tail(message)}`,
  );
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(message), `${what}: the error is a stack trace, not a clear message:\n${tail(message)}`);
}

function assertServeRefused(run: ServeRun, dataDir: string, what: string): void {
  assert.ok(!run.listened, `${what}: elanus serve started listening on a data dir held by an embedded client; output:\n${tail(run.output)}`);
  assert.ok(!run.timedOut, `${what}: elanus serve neither exited nor listened in time; output:\n${tail(run.output)}`);
  assert.equal(run.signal, null, `${what}: elanus serve died of ${run.signal}; output:\n${tail(run.output)}`);
  assert.ok(run.code !== null && run.code !== 0, `${what}: elanus serve must exit non-zero, got ${run.code}; output:\n${tail(run.output)}`);
  assertClearLockMessage(run.output, dataDir, what);
}

function assertChildRefused(run: ChildResult, dataDir: string, what: string): void {
  assert.ok(run.reply, `${what}: the child printed no result (exit ${run.code}, signal ${run.signal}); output:\n${tail(run.output)}`);
  assert.equal(run.reply.ok, false, `${what}: a second process opened an embedded client on a data dir in use; output:\n${tail(run.output)}`);
  assert.ok(run.reply.isError, `${what}: the rejection must be an Error (MilvusException or Error), got ${JSON.stringify(run.reply)}`);
  assertClearLockMessage(run.reply.message ?? '', dataDir, what);
}

function assertChildOpened(run: ChildResult, expected: string[], what: string): void {
  assert.ok(run.reply, `${what}: the child printed no result (exit ${run.code}, signal ${run.signal}); output:\n${tail(run.output)}`);
  assert.equal(run.reply.ok, true, `${what}: the child could not open the data dir: ${JSON.stringify(run.reply)}; output:\n${tail(run.output)}`);
  assert.equal(run.code, 0, `${what}: the child exited ${run.code}; output:\n${tail(run.output)}`);
  assert.deepEqual([...(run.reply.collections ?? [])].sort(), [...expected].sort(), `${what}: collections seen by the child`);
}

async function names(client: MilvusClient): Promise<string[]> {
  return [...(await client.listCollections()).collection_names].sort();
}

test('an embedded client holds the data dir: another process (server or embedded) is refused until close()', async (t) => {
  const dataDir = makeDir('elanus-embedded-lock-');
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const script = writeChild(t);

  const client = new MilvusClient({ uri: dataDir });
  let open = true;
  t.after(async () => {
    if (open) await client.close();
  });
  await client.createCollection({ collection_name: 'held', dimension: 4 });
  await client.insert({ collection_name: 'held', data: [{ id: 1, vector: [1, 0, 0, 0] }] });

  // Both refusals at once: neither may get in, and neither may disturb the holder.
  const [serve, child] = await Promise.all([tryServe(dataDir), runChild(script, dataDir)]);
  assertServeRefused(serve, dataDir, 'elanus serve while an embedded client holds the dir');
  assertChildRefused(child, dataDir, 'embedded client in another process while one holds the dir');

  // The holder is unharmed: it still reads and writes.
  assert.deepEqual(await names(client), ['held'], 'the holder still sees its collection');
  await client.insert({ collection_name: 'held', data: [{ id: 2, vector: [0, 1, 0, 0] }] });
  const hits = (await client.search({ collection_name: 'held', data: [0, 1, 0, 0], limit: 2 })).results as { id: unknown }[];
  assert.deepEqual(
    hits.map((h) => String(h.id)),
    ['2', '1'],
    'the holder still searches its rows',
  );

  await client.close();
  open = false;

  // After close(): an embedded client in another process opens it and sees the data...
  assertChildOpened(await runChild(script, dataDir), ['held'], 'embedded client in another process after close()');
  // ...and so does a server, which then exits cleanly and frees the dir again.
  const server = await startServer({ dataDir });
  try {
    const remote = new MilvusClient({ uri: `http://127.0.0.1:${server.port}` });
    try {
      assert.deepEqual(await names(remote), ['held'], 'elanus serve after close() serves the data');
    } finally {
      await remote.close();
    }
  } finally {
    assert.equal(await server.stop(), 0, `elanus serve must exit 0 on SIGTERM; output:\n${tail(server.output())}`);
  }
  assertChildOpened(await runChild(script, dataDir), ['held'], 'embedded client in another process after the server stopped');
});

test('an embedded client on a dir a server holds gets a clear error, and opens once the server stops', async (t) => {
  const dataDir = makeDir('elanus-embedded-lock-srv-');
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServer({ dataDir });
  let serverUp = true;
  t.after(async () => {
    if (serverUp) await server.stop();
  });

  const refused = new MilvusClient({ uri: dataDir });
  const err = await refused.connect().then(
    () => undefined,
    (e: unknown) => e,
  );
  await refused.close();
  assert.ok(err instanceof Error, `an embedded client opened a data dir a running server holds (got ${String(err)})`);
  assertClearLockMessage(err.message, dataDir, 'embedded client while elanus serve holds the dir');
  // A data call on that client fails the same way, not with something unrelated.
  const client2 = new MilvusClient({ uri: dataDir });
  await assert.rejects(client2.listCollections(), (e: unknown) => {
    assert.ok(e instanceof Error);
    assertClearLockMessage(e.message, dataDir, 'listCollections on a refused embedded client');
    return true;
  });
  await client2.close();

  assert.equal(await server.stop(), 0, 'SIGTERM must exit 0');
  serverUp = false;
  const client = new MilvusClient({ uri: dataDir });
  try {
    assert.deepEqual(await names(client), [], 'embedded client after the server stopped');
  } finally {
    await client.close();
  }
});

test('two MilvusClients on one dir in one process share the engine; the lock goes with the last close()', async (t) => {
  const dataDir = makeDir('elanus-embedded-share-');
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const script = writeChild(t);

  const a = new MilvusClient({ uri: dataDir });
  // The same directory spelled differently (file: URI, trailing slash) is the same engine.
  const b = new MilvusClient({ uri: `file:${dataDir}/` });
  const open = new Set([a, b]);
  t.after(async () => {
    for (const c of open) await c.close();
  });
  assert.equal(await a.mode(), 'embedded');
  assert.equal(await b.mode(), 'embedded');

  await a.createCollection({ collection_name: 'shared', dimension: 4 });
  await a.createAlias({ collection_name: 'shared', alias: 'shared_alias' });
  // b sees a's writes at once (one engine), and writes that a sees.
  assert.deepEqual(await names(b), ['shared'], 'b sees the collection a created');
  assert.equal((await b.describeAlias({ alias: 'shared_alias' })).collection, 'shared');
  await b.insert({
    collection_name: 'shared_alias',
    data: [
      { id: 7, vector: [0, 0, 1, 0] },
      { id: 8, vector: [0, 0, 0, 1] },
    ],
  });
  const hits = (await a.search({ collection_name: 'shared', data: [0, 0, 1, 0], limit: 1 })).results as { id: unknown }[];
  assert.deepEqual(
    hits.map((h) => String(h.id)),
    ['7'],
    'a finds the row b inserted',
  );
  await b.createCollection({ collection_name: 'from_b', dimension: 4 });
  assert.deepEqual(await names(a), ['from_b', 'shared'], 'a sees the collection b created');

  // A third client opened and closed in between does not close the engine under the others.
  const c = new MilvusClient({ uri: dataDir });
  assert.deepEqual(await names(c), ['from_b', 'shared']);
  await c.close();
  await assert.rejects(c.listCollections(), (e: unknown) => e instanceof Error, 'a closed client must reject calls');

  // Closing a leaves b working, and the dir still locked against other processes.
  await a.close();
  open.delete(a);
  assert.deepEqual(await names(b), ['from_b', 'shared'], 'b still works after a closed');
  await b.insert({ collection_name: 'shared', data: [{ id: 9, vector: [1, 1, 0, 0] }] });
  assertChildRefused(await runChild(script, dataDir), dataDir, 'another process while b still holds the dir');

  // The last close() releases the lock.
  await b.close();
  open.delete(b);
  assertChildOpened(await runChild(script, dataDir), ['from_b', 'shared'], 'another process after both clients closed');

  // And this process can open it again afterwards.
  const again = new MilvusClient({ uri: dataDir });
  try {
    const n = await again.getCollectionStatistics({ collection_name: 'shared' });
    assert.equal(Number(n.data.row_count), 3, 'rows written through both clients survive a reopen');
  } finally {
    await again.close();
  }
});

// The lock and the in-process sharing key on the real path: a second client through a symlink
// shares the engine, and the LOCK stays in place while any client holds the directory.
test('a second client on the same dir through a symlink shares the engine (or is refused) and never drops the lock', async (t) => {
  const dataDir = makeDir('elanus-embedded-symlink-');
  const link = `${dataDir}-link`;
  symlinkSync(dataDir, link);
  t.after(() => {
    rmSync(link, { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  const script = writeChild(t);
  const a = new MilvusClient({ uri: dataDir });
  await a.createCollection({ collection_name: 'one', dimension: 4 });
  const viaLink = new MilvusClient({ uri: link });
  try {
    const opened = await viaLink.connect().then(
      () => true,
      () => false,
    );
    if (opened) {
      await viaLink.createCollection({ collection_name: 'two', dimension: 4 });
      assert.deepEqual(await names(a), ['one', 'two'], 'a client through a symlink must share the engine, not open a second one');
    }
    await viaLink.close();
    assertChildRefused(await runChild(script, dataDir), dataDir, 'another process while the first client still holds the dir');
  } finally {
    await viaLink.close();
    await a.close();
  }
});

test('a MilvusException is what a refused lock looks like to code that catches MilvusException', async (t) => {
  const dataDir = makeDir('elanus-embedded-exc-');
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const script = writeChild(t);
  const a = new MilvusClient({ uri: dataDir });
  try {
    await a.connect();
    const run = await runChild(script, dataDir);
    assert.equal(run.reply?.isMilvusException, true, `the refusal is a ${run.reply?.name}, not a MilvusException`);
  } finally {
    await a.close();
  }
});
