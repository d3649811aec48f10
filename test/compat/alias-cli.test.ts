// `elanus alias ...` against a running server: tables for people, --json for scripts, the
// server's code and text on errors (exit 1), and a switch that is all or nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { MilvusClient } from '../../src/client/index.js';
import { CLI_PATH, removeDataDir, startServer, type RunningServer } from '../harness/server.js';

let server: RunningServer;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_PATH, 'alias', ...args, '--uri', `http://${server.address}`], { encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): unknown {
  const r = cli(...args, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  server = await startServer();
  const client = new MilvusClient({ uri: `http://${server.address}` });
  for (const c of ['collection_1', 'collection_2']) await client.createCollection({ collection_name: c, dimension: 4 });
  await client.close();
});

after(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

test('the seed scenario through the CLI, with --json answers', () => {
  assert.deepEqual(json('create', 'bob', 'collection_1'), { ok: true, alias: 'bob', collection_name: 'collection_1' });
  assert.equal(cli('create', 'tom', 'collection_1').status, 0);
  assert.deepEqual(json('list', '--collection', 'collection_1'), {
    db_name: 'default',
    aliases: [
      { alias: 'bob', collection: 'collection_1' },
      { alias: 'tom', collection: 'collection_1' },
    ],
  });
  assert.equal(cli('drop', 'bob').status, 0);
  assert.equal(cli('alter', 'tom', 'collection_2').status, 0);
  assert.deepEqual(json('describe', 'tom'), { db_name: 'default', alias: 'tom', collection: 'collection_2' });
});

test('the table output is readable', () => {
  const r = cli('list');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^alias\s+collection\n-+\s+-+\ntom\s+collection_2\n$/);
});

test('errors print the code and the server text, and exit 1', () => {
  const r = cli('create', '12-s', 'collection_1');
  assert.equal(r.status, 1);
  assert.equal(
    r.stderr.trim(),
    'elanus: error 1100 (IllegalArgument): Invalid collection alias: 12-s. the first character of a collection alias must be an underscore or letter: invalid parameter',
  );
});

test('switch is all or nothing; history and rollback follow', () => {
  const failed = cli('switch', 'alter:tom=collection_1', 'create:x=missing');
  assert.equal(failed.status, 1);
  assert.match(
    failed.stderr,
    /error 100 .*action 1 \(create x -> missing\) failed: collection not found\[database=default\]\[collection=missing\]/,
  );
  assert.deepEqual(json('describe', 'tom'), { db_name: 'default', alias: 'tom', collection: 'collection_2' });

  const done = json('switch', 'alter:tom=collection_1', 'create:x=collection_2') as { version: number };
  assert.ok(done.version > 0);
  const history = json('history', 'tom') as { action: string; new_collection: string; version: number }[];
  assert.deepEqual(
    history.map((e) => [e.action, e.new_collection]),
    [
      ['create', 'collection_1'],
      ['alter', 'collection_2'],
      ['switch', 'collection_1'],
    ],
  );
  assert.equal(history.at(-1)!.version, done.version);
  assert.deepEqual(json('rollback', 'tom'), { ok: true, alias: 'tom', collection: 'collection_2' });
  // A bad value is the command line's mistake (exit 2), not the server's refusal (exit 1).
  const badTo = cli('rollback', 'tom', '--to', 'nope');
  assert.equal(badTo.stderr, 'elanus: --to must be an integer 1 or more, got "nope" (see elanus alias rollback --help)\n');
  assert.equal(badTo.status, 2);
});
