// The operator's side of the `elanus` command, driven as a child process: every refusal is one
// line on stderr (`elanus: ...`, no stack trace) with the exit code of its kind (2 command line,
// 3 data directory unusable, 4 data directory in use, 5 cannot listen), and leaves no data
// directory behind; every command answers --help; alias commands never create a store; and
// `npm start`, the README's way to run the server, stops it on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MilvusClient } from '../../src/client/index.js';
import { CLI_PATH, makeDataDir, removeDataDir, startServer } from '../harness/server.js';
import { tail } from './catalog-helpers.js';

const ROOT = join(CLI_PATH, '..', '..', '..', '..');

// Every path a test hands the CLI lives in here; 0755 so that an unprivileged child can reach it.
const scratch = realpathSync(makeDataDir('elanus-cli-'));
chmodSync(scratch, 0o755);
after(() => removeDataDir(scratch));

let paths = 0;
/** A path in the scratch folder that does not exist yet. */
function fresh(name: string): string {
  return join(scratch, `${++paths}-${name}`);
}

/** Spawn options under which permission bits apply: run as root, the child runs as nobody. */
const UNPRIVILEGED: SpawnSyncOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: SpawnSyncOptions = {}): Run {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: 30_000, ...options });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The command exited `code` having printed exactly `line` on stderr, and nothing on stdout. */
function assertRefused(r: Run, code: number, line: string, what: string): void {
  assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: a stack trace instead of a message:\n${tail(r.stderr)}`);
  assert.equal(r.stderr, `${line}\n`, `${what}: stderr`);
  assert.equal(r.status, code, `${what}: exit code`);
  assert.equal(r.stdout, '', `${what}: stdout`);
}

function assertNotCreated(path: string, what: string): void {
  assert.ok(!existsSync(path), `${what}: ${path} was created by a command that failed`);
}

test('a port in use: exit 5 and one line, before any data directory is created', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as net.AddressInfo).port;
  try {
    const parent = fresh('new');
    const r = cli(['serve', '--host', '127.0.0.1', '--port', String(port), '--data', join(parent, 'data')]);
    assertRefused(
      r,
      5,
      `elanus: cannot listen on 127.0.0.1:${port}: the address is already in use (another server?); stop it or choose another --port`,
      'port in use',
    );
    assertNotCreated(parent, 'port in use');
  } finally {
    holder.close();
  }
});

test('an address that is not one of this machine: exit 5', () => {
  const data = fresh('data');
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a machine.
  const r = cli(['serve', '--host', '192.0.2.1', '--port', '0', '--data', data]);
  assertRefused(
    r,
    5,
    'elanus: cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine; use --host 127.0.0.1, 0.0.0.0 or one of its addresses',
    'address not available',
  );
  assertNotCreated(data, 'address not available');
});

test('a privileged port without the privilege: exit 5', (t) => {
  let firstUnprivileged: number;
  try {
    firstUnprivileged = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  } catch {
    t.skip('not Linux: which ports need privileges is not known');
    return;
  }
  if (firstUnprivileged <= 1) {
    t.skip(`every port is unprivileged here (ip_unprivileged_port_start=${firstUnprivileged})`);
    return;
  }
  const data = fresh('data');
  const r = cli(['serve', '--host', '127.0.0.1', '--port', '1', '--data', data], UNPRIVILEGED);
  assertRefused(
    r,
    5,
    'elanus: cannot listen on 127.0.0.1:1: permission denied (ports below 1024 need privileges); choose a --port from 1024 up',
    'privileged port',
  );
  assertNotCreated(data, 'privileged port');
});

test('a data path that is a file, or under a file: exit 3', () => {
  const file = fresh('file');
  writeFileSync(file, 'not a store');
  assertRefused(
    cli(['serve', '--port', '0', '--data', file]),
    3,
    `elanus: the data directory ${file} is a file, not a directory`,
    'data path is a file',
  );
  assertRefused(
    cli(['serve', '--port', '0', '--data', join(file, 'data')]),
    3,
    `elanus: cannot use the data directory ${join(file, 'data')}: a part of its path is a file, not a directory`,
    'data path under a file',
  );
  assert.equal(readFileSync(file, 'utf8'), 'not a store');
});

test('a data directory that cannot be written, or created: exit 3, nothing created', () => {
  const readOnly = fresh('read-only');
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o555);
  assertRefused(
    cli(['serve', '--port', '0', '--data', readOnly], UNPRIVILEGED),
    3,
    `elanus: cannot write to the data directory ${readOnly}: permission denied`,
    'read-only data directory',
  );
  assert.deepEqual(readdirSync(readOnly), []);
  assertRefused(
    cli(['serve', '--port', '0', '--data', join(readOnly, 'data')], UNPRIVILEGED),
    3,
    `elanus: cannot create the data directory ${join(readOnly, 'data')}: permission denied`,
    'data directory in a read-only parent',
  );
  assert.deepEqual(readdirSync(readOnly), []);
});

test('a data directory in use by a running server: exit 4, for serve and for alias --uri', async () => {
  const server = await startServer({ dataDir: fresh('served') });
  try {
    const dir = realpathSync(server.dataDir);
    const inUse = `elanus: data directory ${dir} is in use by another Elanus process (pid ${server.child.pid}); stop it or choose another data directory`;
    assertRefused(cli(['serve', '--port', '0', '--data', server.dataDir]), 4, inUse, 'second serve');
    assertRefused(cli(['alias', 'list', '--uri', server.dataDir]), 4, inUse, 'alias list on the served dir');
    assert.equal(server.child.exitCode, null, 'the running server exited');
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('mistakes on the command line: exit 2 naming the mistake; nothing bound, opened or created', () => {
  const data = fresh('data');
  const serve = (...args: string[]) => ['serve', '--port', '0', '--data', data, ...args];
  const cases: [string[], string, NodeJS.ProcessEnv?][] = [
    [['bogus'], 'elanus: unknown command "bogus" (see elanus --help)'],
    [['--bogus'], 'elanus: unknown option --bogus (see elanus --help)'],
    [['version', 'now'], 'elanus: unexpected argument "now" (see elanus --help)'],
    [serve('extra'), 'elanus: unexpected argument "extra" (see elanus serve --help)'],
    [serve('--bogus'), 'elanus: unknown option --bogus (see elanus serve --help)'],
    [serve('-x'), 'elanus: unknown option -x (see elanus serve --help)'],
    [serve('--port'), 'elanus: option --port needs a value (see elanus serve --help)'],
    [serve('--port', 'abc'), 'elanus: --port must be an integer from 0 to 65535, got "abc" (see elanus serve --help)'],
    [serve('--port', '65536'), 'elanus: --port must be an integer from 0 to 65535, got "65536" (see elanus serve --help)'],
    [serve('--port='), 'elanus: --port must be an integer from 0 to 65535, got "" (see elanus serve --help)'],
    [
      ['serve', '--data', data],
      'elanus: --port (from ELANUS_PORT) must be an integer from 0 to 65535, got "1e3" (see elanus serve --help)',
      { ELANUS_PORT: '1e3' },
    ],
    [serve('--host='), 'elanus: --host must not be empty (see elanus serve --help)'],
    [
      serve('--grpc-max-recv-size', '64M'),
      'elanus: --grpc-max-recv-size must be an integer from 1 to 4294967295 (bytes), got "64M" (see elanus serve --help)',
    ],
    [
      serve('--grpc-max-recv-size', '1000', '--grpc-max-request-memory', '999'),
      'elanus: --grpc-max-request-memory (999) must be at least --grpc-max-recv-size (1000) (see elanus serve --help)',
    ],
    [serve('--alias-history-retention', '0'), 'elanus: --alias-history-retention must be an integer 1 or more, got "0" (see elanus serve --help)'],
    [['alias', 'frob', '--uri', data], 'elanus: unknown alias command "frob" (see elanus alias --help)'],
    [['alias', 'list', '--bogus', '--uri', data], 'elanus: unknown option --bogus (see elanus alias --help)'],
    [['alias', 'list', '--json=yes', '--uri', data], 'elanus: option --json takes no value (see elanus alias --help)'],
    [['alias', 'describe', '--uri', data], 'elanus: missing argument <alias> (see elanus alias describe --help)'],
    [['alias', 'create', 'a', '--uri', data], 'elanus: missing argument <collection> (see elanus alias create --help)'],
    [['alias', 'describe', 'a', 'b', '--uri', data], 'elanus: unexpected argument "b" (see elanus alias describe --help)'],
    [['alias', 'describe', 'a', '--to', '3', '--uri', data], 'elanus: alias describe does not take --to (see elanus alias describe --help)'],
    [
      ['alias', 'rollback', 'a', '--to', 'x', '--uri', data],
      'elanus: --to must be an integer 1 or more, got "x" (see elanus alias rollback --help)',
    ],
    [['alias', 'switch', '--uri', data], 'elanus: missing argument <action>... (see elanus alias switch --help)'],
    [
      ['alias', 'switch', 'rename:a=b', '--uri', data],
      'elanus: bad switch action "rename:a=b": use create:ALIAS=COLL, alter:ALIAS=COLL or drop:ALIAS (see elanus alias switch --help)',
    ],
  ];
  for (const [args, line, env] of cases) {
    const what = `elanus ${args.join(' ')}`;
    assertRefused(cli(args, { env: { ...process.env, ...env } }), 2, line, what);
    assertNotCreated(data, what);
  }
});

test('every command and subcommand answers --help, -h and help on stdout, exit 0, doing nothing else', () => {
  const data = fresh('data');
  const helps: [string[], string][] = [
    [[], 'Usage: elanus <command>'],
    [['--help'], 'Usage: elanus <command>'],
    [['-h'], 'Usage: elanus <command>'],
    [['help'], 'Usage: elanus <command>'],
    [['serve', '--help', '--data', data], 'Usage: elanus serve '],
    [['serve', '-h'], 'Usage: elanus serve '],
    [['help', 'serve'], 'Usage: elanus serve '],
    // --help wins over a mistake beside it.
    [['serve', '--bogus', '--port', 'x', '--help'], 'Usage: elanus serve '],
    [['alias'], 'Usage: elanus alias <command>'],
    [['alias', '--help'], 'Usage: elanus alias <command>'],
    [['alias', '-h'], 'Usage: elanus alias <command>'],
    [['alias', 'help'], 'Usage: elanus alias <command>'],
    [['help', 'alias'], 'Usage: elanus alias <command>'],
    [['alias', 'list', '-h', '--uri', data], 'Usage: elanus alias list '],
    [['alias', 'help', 'list'], 'Usage: elanus alias list '],
    [['help', 'alias', 'list'], 'Usage: elanus alias list '],
    ...['list', 'describe', 'create', 'alter', 'drop', 'switch', 'history', 'rollback'].map((sub): [string[], string] => [
      ['alias', sub, '--help', '--uri', data],
      `Usage: elanus alias ${sub} `,
    ]),
  ];
  for (const [args, start] of helps) {
    const r = cli(args);
    const what = `elanus ${args.join(' ')}`;
    assert.equal(r.stderr, '', `${what}: stderr`);
    assert.equal(r.status, 0, `${what}: exit code`);
    assert.ok(r.stdout.startsWith(start), `${what}: printed\n${tail(r.stdout)}`);
    assertNotCreated(data, what);
  }
  for (const args of [['--version'], ['version']]) {
    const r = cli(args);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^elanus \d+\.\d+\.\d+\n$/);
  }
});

test('alias commands on a path that holds no store refuse it (exit 3) and create nothing; on a store they work', async () => {
  const typo = fresh('tyop');
  const empty = fresh('empty');
  mkdirSync(empty);
  for (const args of [['list'], ['describe', 'a'], ['history', 'a'], ['create', 'a', 'c'], ['rollback', 'a']]) {
    const what = `elanus alias ${args.join(' ')}`;
    assertRefused(
      cli(['alias', ...args, '--uri', typo]),
      3,
      `elanus: no Elanus store in ${typo}: the directory does not exist`,
      `${what} on a missing dir`,
    );
    assertNotCreated(typo, what);
    assertRefused(
      cli(['alias', ...args, '--uri', empty]),
      3,
      `elanus: no Elanus store in ${empty}: it has no elanus.lmdb`,
      `${what} on an empty dir`,
    );
    assert.deepEqual(readdirSync(empty), [], `${what} wrote into a directory without a store`);
  }

  const store = fresh('store');
  const client = new MilvusClient({ uri: store });
  await client.createCollection({ collection_name: 'docs_v1', dimension: 4 });
  await client.createAlias({ collection_name: 'docs_v1', alias: 'docs' });
  await client.close();
  const r = cli(['alias', 'list', '--json', '--uri', store]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), { db_name: 'default', aliases: [{ alias: 'docs', collection: 'docs_v1' }] });
});

test('npm start: SIGTERM to npm stops the server and frees its data directory', { timeout: 120_000 }, async (t) => {
  const env = withoutNpmVariables();
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8', env });
  if (npm.error || npm.status !== 0) {
    t.skip(`npm is unavailable: ${npm.error?.message ?? npm.stderr}`);
    return;
  }
  const data = fresh('npm-start');
  const child = spawn('npm', ['start', '--', '--host', '127.0.0.1', '--port', '0', '--data', data], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let serverPid: number | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening on /.test(output)) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`npm start exited ${code} before listening:\n${tail(output)}`)));
    });
    // The server writes its pid into the data directory's lock file.
    serverPid = Number(readFileSync(join(data, 'LOCK'), 'utf8'));
    assert.notEqual(serverPid, child.pid, 'npm start must run the server in a process of its own');
    child.kill('SIGTERM');
    await exited;
    const gone = await waitUntil(() => !isRunning(serverPid!), 30_000);
    assert.ok(gone, `the server (pid ${serverPid}) is still running after npm got SIGTERM and exited:\n${tail(output)}`);
    // Its lock is released: another server opens the data directory.
    const second = await startServer({ dataDir: data });
    assert.equal(await second.stop(), 0);
  } finally {
    if (serverPid !== undefined && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/** Whether process `pid` runs (a zombie, dead but not yet reaped, does not). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: the state is the field after the parenthesised command name.
    return !/\)\s+Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The environment without what an enclosing `npm test` put there (it would steer the inner npm). */
function withoutNpmVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** Polls `condition` until it holds or `limitMs` passes; whether it held. */
async function waitUntil(condition: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
