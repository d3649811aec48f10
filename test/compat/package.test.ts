// The package as users get it (issue 5, "Tests that must exist"): `npm pack` the project, install
// the tarball into a separate app, and use it from there: `import { MilvusClient, MilvusException }
// from 'elanus'`, embedded on a path, remote against the package's own `elanus serve` binary, a
// MilvusException for a bad alias, and type declarations that resolve under TypeScript's NodeNext
// resolution. Skipped only if npm itself is unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/test/compat -> the project root. */
const ROOT = join(here, '..', '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** npm's environment without what an enclosing `npm test` / `npm run` put there. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return env;
}

function tail(s: string, n = 3000): string {
  return s.length > n ? `...${s.slice(-n)}` : s;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(cmd: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: `${stderr}${e.message}`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function describeRun(what: string, r: Run): string {
  return `${what}: exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' (timed out)' : ''}\nstdout:\n${tail(r.stdout)}\nstderr:\n${tail(r.stderr)}`;
}

/** The smoke script run inside the app: the seed flow on the uri given, one JSON line out. */
const SMOKE_SOURCE = `
import { MilvusClient, MilvusException } from 'elanus';

const uri = process.argv[2];
const out = { resolved: import.meta.resolve('elanus') };
const client = new MilvusClient({ uri, timeout: 30000 });
try {
  out.mode = await client.mode();
  await client.createCollection({ collection_name: 'collection_1', dimension: 4 });
  await client.createCollection({ collection_name: 'collection_2', dimension: 4 });
  await client.createAlias({ collection_name: 'collection_1', alias: 'bob' });
  await client.createAlias({ collection_name: 'collection_1', alias: 'alice' });
  out.aliases = [...(await client.listAliases({ collection_name: 'collection_1' })).aliases].sort();
  const inserted = await client.insert({
    collection_name: 'bob',
    data: [
      { id: 1, vector: [1, 0, 0, 0] },
      { id: 2, vector: [0, 1, 0, 0] },
      { id: 3, vector: [0, 0, 1, 0] },
    ],
  });
  out.insertCount = Number(inserted.insert_cnt);
  const found = await client.search({ collection_name: 'bob', data: [0.1, 1, 0, 0], limit: 2 });
  out.searchIds = found.results.map((h) => String(h.id));
  await client.alterAlias({ collection_name: 'collection_2', alias: 'alice' });
  out.aliceNow = (await client.describeAlias({ alias: 'alice' })).collection;
  await client.dropAlias({ alias: 'bob' });
  out.aliasesAfter = [...(await client.listAliases({})).aliases].sort();
  try {
    await client.describeAlias({ alias: 'no_such_alias' });
    out.badAlias = { thrown: false };
  } catch (e) {
    out.badAlias = {
      thrown: true,
      isMilvusException: e instanceof MilvusException,
      name: e?.name,
      code: e?.code,
      errorCode: e?.errorCode,
      message: String(e?.message),
    };
  }
  try {
    await client.createAlias({ collection_name: 'no_such_collection', alias: 'x' });
    out.badCreate = { thrown: false };
  } catch (e) {
    out.badCreate = { thrown: true, isMilvusException: e instanceof MilvusException, code: e?.code, message: String(e?.message) };
  }
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.error = String(e?.stack ?? e);
} finally {
  await client.close();
}
process.stdout.write(JSON.stringify(out) + '\\n');
`;

/** The type check inside the app: imports from 'elanus' resolve to its .d.ts and are not `any`. */
const TYPES_SOURCE = `
import { MilvusClient, MilvusException, DataType, type ClientConfig } from 'elanus';

const config: ClientConfig = { uri: './data', timeout: 1000 };
const client: MilvusClient = new MilvusClient(config);

export async function main(): Promise<void> {
  try {
    const reply = await client.describeAlias({ alias: 'a' });
    const target: string = reply.collection;
    void target;
    const listed: string[] = (await client.listAliases({ collection_name: 'c' })).aliases;
    void listed;
  } catch (e) {
    if (e instanceof MilvusException) {
      const code: number = e.code;
      const legacy: string = e.errorCode;
      void code;
      void legacy;
    }
  }
  const t: number = DataType.FloatVector;
  void t;
  // @ts-expect-error a number is no config: if the import were untyped (any) this line would not error
  new MilvusClient(42);
  // @ts-expect-error an alias is a string
  await client.dropAlias({ alias: 42 });
  await client.close();
}
`;

const TSCONFIG = (typeRoot: string) =>
  JSON.stringify({
    compilerOptions: {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      strict: true,
      noEmit: true,
      // Check the package's own declarations too, not just their use.
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [typeRoot],
    },
    files: ['check.ts'],
  });

interface ServeHandle {
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** The installed package's own bin (node_modules/.bin/elanus), run directly so its shebang counts. */
async function startPackedServer(appDir: string, dataDir: string): Promise<ServeHandle> {
  const bin = join(appDir, 'node_modules', '.bin', 'elanus');
  const child = spawn(bin, ['serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    });
    child.on('error', (e) => {
      log += `spawn failed: ${e.message}\n`;
      exited = true;
      resolve(null);
    });
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the packed elanus serve did not start in 20 s; output:\n${log}`)), 20000);
      const onData = (c: Buffer) => {
        log += c.toString();
        const m = /listening on [^\s]*?:(\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exit.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the packed elanus serve exited with ${code} before listening; output:\n${log}`));
      });
    });
    return {
      port,
      child,
      output: () => log,
      async stop() {
        if (!exited) child.kill('SIGTERM');
        return exit;
      },
    };
  } catch (e) {
    if (!exited) child.kill('SIGKILL');
    await exit;
    throw e;
  }
}

interface Smoke {
  ok: boolean;
  error?: string;
  resolved: string;
  mode: string;
  aliases: string[];
  insertCount: number;
  searchIds: string[];
  aliceNow: string;
  aliasesAfter: string[];
  badAlias: { thrown: boolean; isMilvusException?: boolean; name?: string; code?: number; errorCode?: string; message?: string };
  badCreate: { thrown: boolean; isMilvusException?: boolean; code?: number; message?: string };
}

async function smoke(appDir: string, uri: string, what: string): Promise<Smoke> {
  const r = await run(process.execPath, ['smoke.mjs', uri], { cwd: appDir, timeoutMs: 30000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, describeRun(`${what}: the app's smoke script printed no result`, r));
  const out = JSON.parse(line) as Smoke;
  assert.ok(out.ok, `${what}: the app's smoke script failed:\n${out.error}\n${describeRun('smoke', r)}`);
  assert.equal(r.code, 0, describeRun(`${what}: smoke script exit`, r));
  return out;
}

function checkSmoke(out: Smoke, appDir: string, mode: 'embedded' | 'remote', what: string): void {
  const resolved = realpathSync(fileURLToPath(out.resolved));
  const installed = realpathSync(join(appDir, 'node_modules', 'elanus'));
  assert.ok(resolved.startsWith(installed), `${what}: 'elanus' resolved to ${resolved}, not the installed copy in ${installed}`);
  assert.equal(out.mode, mode, `${what}: mode`);
  assert.deepEqual(out.aliases, ['alice', 'bob'], `${what}: list_aliases(collection_1)`);
  assert.equal(out.insertCount, 3, `${what}: insert_cnt through an alias`);
  assert.deepEqual(out.searchIds, ['2', '1'], `${what}: search through an alias, right after the insert`);
  assert.equal(out.aliceNow, 'collection_2', `${what}: alice after alter_alias`);
  assert.deepEqual(out.aliasesAfter, ['alice'], `${what}: aliases after drop_alias(bob)`);
  assert.ok(out.badAlias.thrown, `${what}: describe_alias of an unknown alias did not throw`);
  assert.ok(
    out.badAlias.isMilvusException,
    `${what}: describe_alias of an unknown alias threw a ${out.badAlias.name}, not the package's MilvusException: ${out.badAlias.message}`,
  );
  assert.equal(out.badAlias.code, 1600, `${what}: code of an unknown alias (${out.badAlias.message})`);
  assert.match(out.badAlias.message ?? '', /alias not found/, `${what}: message of an unknown alias`);
  assert.ok(
    out.badCreate.thrown && out.badCreate.isMilvusException,
    `${what}: create_alias on a missing collection must throw a MilvusException: ${JSON.stringify(out.badCreate)}`,
  );
}

test('the package from `npm pack`, installed into a separate app: import, embedded, remote, types', { timeout: 120_000 }, async (t) => {
  const npmCheck = spawnSync('npm', ['--version'], { encoding: 'utf8', env: npmEnv() });
  if (npmCheck.error || npmCheck.status !== 0) {
    t.skip(`npm is unavailable: ${npmCheck.error?.message ?? npmCheck.stderr}`);
    return;
  }
  const started = performance.now();
  const phase = (name: string) => t.diagnostic(`${name} at ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // ---- package.json: the build output is what `files` ships, and main/types/bin point into it ----
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    main: string;
    types: string;
    bin: Record<string, string>;
    files: string[];
    exports?: unknown;
  };
  assert.equal(pkg.name, 'elanus');
  assert.ok(
    pkg.files.some((f) => f === 'dist/src' || f === 'dist/src/' || f === 'dist' || f === 'dist/'),
    `package.json "files" must include dist/src (the build output): ${JSON.stringify(pkg.files)}`,
  );
  for (const [what, rel] of [
    ['main', pkg.main],
    ['types', pkg.types],
    ['bin.elanus', pkg.bin.elanus],
  ] as const) {
    assert.ok(rel, `package.json has no ${what}`);
    assert.ok(existsSync(join(ROOT, rel)), `package.json ${what} -> ${rel}, which does not exist (run tsc first)`);
  }

  const work = mkdtempSync(join(tmpdir(), 'elanus-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const packDir = join(work, 'pack');
  const appDir = join(work, 'app');
  mkdirSync(packDir);
  mkdirSync(appDir);

  // ---- npm pack ----
  // --ignore-scripts: `prepare` runs tsc, and the tests run after tsc; rebuilding dist/ here would
  // rewrite files other tests are loading and fail on anyone's half-edited source.
  const packed = await run('npm', ['pack', '--pack-destination', packDir, '--json', '--ignore-scripts'], {
    cwd: ROOT,
    timeoutMs: 30000,
    env: npmEnv(),
  });
  assert.equal(packed.code, 0, describeRun('npm pack', packed));
  const jsonStart = packed.stdout.indexOf('[');
  const manifest = JSON.parse(packed.stdout.slice(jsonStart)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(packDir, manifest[0]!.filename);
  assert.ok(existsSync(tarball), `npm pack reported ${tarball}, which does not exist`);
  const shipped = new Set(manifest[0]!.files.map((f) => f.path));
  for (const rel of [pkg.main, pkg.types, pkg.bin.elanus, 'dist/src/client/index.js', 'dist/src/client/index.d.ts', 'package.json']) {
    assert.ok(shipped.has(rel.replace(/^\.\//, '')), `the tarball lacks ${rel}`);
  }
  const stray = [...shipped].filter((p) => /^dist\/(test|bench)\//.test(p) || /^src\//.test(p) || /^node_modules\//.test(p));
  assert.deepEqual(stray, [], 'the tarball must not ship tests, benchmarks, sources or node_modules');
  phase('packed');

  // ---- a separate app installs the tarball ----
  writeFileSync(
    join(appDir, 'package.json'),
    JSON.stringify({ name: 'elanus-pack-app', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  const installed = await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', '--no-package-lock'], {
    cwd: appDir,
    timeoutMs: 75000,
    env: npmEnv(),
  });
  assert.equal(installed.code, 0, describeRun('npm install <tarball>', installed));
  const appPkg = JSON.parse(readFileSync(join(appDir, 'node_modules', 'elanus', 'package.json'), 'utf8')) as { version: string };
  assert.equal(appPkg.version, pkg.version, 'the installed package is the packed version');
  assert.ok(existsSync(join(appDir, 'node_modules', '.bin', 'elanus')), 'npm did not link the elanus bin into node_modules/.bin');
  phase('installed');

  writeFileSync(join(appDir, 'smoke.mjs'), SMOKE_SOURCE);

  // ---- embedded ----
  const embeddedDir = join(work, 'embedded-data');
  const embedded = await smoke(appDir, embeddedDir, 'embedded');
  checkSmoke(embedded, appDir, 'embedded', 'embedded');
  assert.ok(!existsSync(join(embeddedDir, 'LOCK')), 'the embedded data dir is still locked after close()');
  phase('embedded done');

  // ---- remote: the package's own `elanus serve` ----
  const serverDir = join(work, 'server-data');
  const server = await startPackedServer(appDir, serverDir);
  try {
    const remote = await smoke(appDir, `http://127.0.0.1:${server.port}`, 'remote');
    checkSmoke(remote, appDir, 'remote', 'remote');
  } finally {
    const code = await server.stop();
    assert.equal(code, 0, `the packed elanus serve must exit 0 on SIGTERM; output:\n${tail(server.output())}`);
  }
  phase('remote done');

  // ---- types: `types` resolves to shipped .d.ts files that type-check, and the API is typed ----
  const typesPath = join(appDir, 'node_modules', 'elanus', pkg.types);
  assert.ok(existsSync(typesPath), `"types" points to ${pkg.types}, missing from the installed package`);
  writeFileSync(join(appDir, 'check.ts'), TYPES_SOURCE);
  writeFileSync(join(appDir, 'tsconfig.json'), TSCONFIG(join(ROOT, 'node_modules', '@types')));
  const tsc = await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--listFiles'], { cwd: appDir, timeoutMs: 60000 });
  const tscErrors = tsc.stdout.split('\n').filter((l) => /error TS\d+/.test(l) || (/^\s/.test(l) && !l.trim().startsWith('/')));
  assert.equal(
    tsc.code,
    0,
    `tsc on an app importing elanus: exit ${tsc.code}${tsc.timedOut ? ' (timed out)' : ''}\n${tail(tscErrors.join('\n') || tsc.stdout)}\n${tail(tsc.stderr)}`,
  );
  const listed = tsc.stdout.split('\n').map((l) => l.trim());
  assert.ok(
    listed.some((f) => f.endsWith('/node_modules/elanus/dist/src/index.d.ts')),
    `tsc did not load elanus's declarations from the installed package; files:\n${tail(listed.filter((f) => f.includes('elanus')).join('\n'))}`,
  );
  phase('types checked');
});
