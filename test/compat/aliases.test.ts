// The collection-alias contract (docs/aliases.md) as a table: one row per rule, each row its own
// test, driven through the official Node SDK against a real `elanus serve` (one server per file).
//
// Row = { name, setup?, call, expect: 'ok' | {code, errorCode?, reason}, check? }.
//   - setup creates what the row needs (unique names per row, so rows do not depend on each other
//     except through the few shared fixtures declared below) and asserts its own success;
//   - call makes the ONE request the rule is about and returns the SDK reply;
//   - expect is asserted on the reply's status: 'ok' means code 0 AND error_code 'Success';
//     an error means exact code, legacy error_code (derived from the code by docs/aliases.md's table
//     unless given) and the exact reason text (a RegExp only where Milvus leaves an order open);
//   - check asserts the reply's shape and the state afterwards.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { startServer, removeDataDir, type RunningServer } from '../harness/server.js';
import {
  type Reply,
  type ExpectedError,
  assertOk,
  assertErr,
  statusOf,
  raw,
  bytes,
  emptyText,
  tooLongText,
  firstCharText,
  laterCharText,
  createCollection,
  createAlias,
  alterAlias,
  dropAlias,
  describeAlias,
  listAliases,
  describeCollection,
  hasCollection,
  dropCollection,
  sortedAliases,
  mustCreateCollection,
  mustCreateAlias,
  mustCreateDatabase,
  assertAliasTarget,
  assertNoAlias,
} from './alias-helpers.js';

// ---------------------------------------------------------------------------------------------
// Context: one server for the whole file; `c` talks to `default`, `db(name)` gives a client whose
// `dbname` gRPC metadata is `name` (the SDK's `database` client option).
// ---------------------------------------------------------------------------------------------
interface Ctx {
  server: RunningServer;
  c: MilvusClient;
  db(name: string): MilvusClient;
}

let server: RunningServer | undefined;
let defaultClient: MilvusClient | undefined;
const dbClients = new Map<string, MilvusClient>();

const ctx: Ctx = {
  get server(): RunningServer {
    assert.ok(server, 'server not started');
    return server;
  },
  get c(): MilvusClient {
    assert.ok(defaultClient, 'server not started');
    return defaultClient;
  },
  db(name: string): MilvusClient {
    let cl = dbClients.get(name);
    if (!cl) {
      cl = ctx.server.client({ database: name });
      dbClients.set(name, cl);
    }
    return cl;
  },
};

/** Shared fixtures, created once on first use. */
const fixtures = new Map<string, Promise<void>>();
function fixture(key: string, make: (x: Ctx) => Promise<void>): (x: Ctx) => Promise<void> {
  return (x) => {
    let p = fixtures.get(key);
    if (!p) {
      p = make(x);
      fixtures.set(key, p);
    }
    return p;
  };
}

/** `fx_c1`: a plain collection in `default` that name-rule rows aim at (never listed elsewhere). */
const fx = fixture('fx', async (x) => {
  await mustCreateCollection(x.c, 'fx_c1');
});

/** Two databases with one collection each and the alias `p_shared` in p_db1 only. */
const pdb = fixture('pdb', async (x) => {
  await mustCreateDatabase(x.c, 'p_db1');
  await mustCreateDatabase(x.c, 'p_db2');
  await mustCreateCollection(x.c, 'p_c1', 'p_db1');
  await mustCreateCollection(x.c, 'p_c2', 'p_db2');
  await mustCreateAlias(x.c, 'p_c1', 'p_shared', 'p_db1');
});

/** Two databases with the alias `q_shared` in both, on different collections (precedence rows). */
const qdb = fixture('qdb', async (x) => {
  await mustCreateDatabase(x.c, 'q_db1');
  await mustCreateDatabase(x.c, 'q_db2');
  await mustCreateCollection(x.c, 'q_c1', 'q_db1');
  await mustCreateCollection(x.c, 'q_c2', 'q_db2');
  await mustCreateAlias(x.c, 'q_c1', 'q_shared', 'q_db1');
  await mustCreateAlias(x.c, 'q_c2', 'q_shared', 'q_db2');
});

/** setup helper: collections then aliases ([collection, alias] pairs) in one database. */
function given(collections: string[], aliases: Array<[string, string]> = [], db_name?: string) {
  return async (x: Ctx): Promise<void> => {
    if (db_name) await mustCreateDatabase(x.c, db_name);
    for (const c of collections) await mustCreateCollection(x.c, c, db_name);
    for (const [c, a] of aliases) await mustCreateAlias(x.c, c, a, db_name);
  };
}

function all(...steps: Array<(x: Ctx) => Promise<void>>) {
  return async (x: Ctx): Promise<void> => {
    for (const s of steps) await s(x);
  };
}

// Code shorthands (legacy error_code derived by docs/aliases.md's table in assertErr).
const e1100 = (reason: string): ExpectedError => ({ code: 1100, errorCode: 'IllegalArgument', reason });
const e100 = (reason: string | RegExp): ExpectedError => ({ code: 100, errorCode: 'CollectionNotExists', reason });
const e800 = (db: string): ExpectedError => ({ code: 800, errorCode: 'UnexpectedError', reason: `database not found[database=${db}]` });
const e1600 = (db: string, alias: string): ExpectedError => ({
  code: 1600,
  errorCode: 'UnexpectedError',
  reason: `alias not found[database=${db}][alias=${alias}]`,
});
const e1601 = (db: string, alias: string): ExpectedError => ({
  code: 1601,
  errorCode: 'UnexpectedError',
  reason: `alias and collection name conflict[database=${db}][alias=${alias}]`,
});
const e65535 = (reason: string | RegExp): ExpectedError => ({ code: 65535, errorCode: 'UnexpectedError', reason });

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Row {
  name: string;
  setup?: (x: Ctx) => Promise<void>;
  call: (x: Ctx) => Promise<Reply>;
  /** 'ok' (code 0 + Success), an exact error, or a custom assertion where Milvus fixes less. */
  expect: 'ok' | ExpectedError | ((reply: Reply) => void);
  check?: (reply: Reply, x: Ctx) => Promise<void> | void;
}

// ---------------------------------------------------------------------------------------------
// Name rules (checked in order, on UTF-8 bytes; no trimming; two spaces after the period).
// Exercised through create_alias on an existing collection.
// ---------------------------------------------------------------------------------------------
const A255 = 'a'.repeat(255);
const B256 = 'b'.repeat(256);
const ZH300 = '中'.repeat(100); // 100 UTF-16 units, 300 UTF-8 bytes
const E255 = 'e' + 'é'.repeat(127); // 128 UTF-16 units, 255 UTF-8 bytes
const E257 = 'e' + 'é'.repeat(128); // 129 UTF-16 units, 257 UTF-8 bytes

const nameRuleRows: Row[] = [
  {
    name: 'rule 1: empty alias -> 1100 "collection alias should not be empty"',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: '' }), // raw: SDK refuses ''
    expect: e1100(emptyText('alias')),
  },
  {
    name: 'rule 1: empty collection_name -> 1100 "collection name should not be empty"',
    call: (x) => createAlias(x.c, { collection_name: '', alias: 'nr1_ok' }), // raw: SDK refuses ''
    expect: e1100('collection name should not be empty: invalid parameter'),
  },
  {
    name: 'rule 2: a 255-byte alias is allowed',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: A255 }),
    expect: 'ok',
    check: async (_r, x) => {
      assert.equal(bytes(A255), 255);
      await assertAliasTarget(x.c, A255, 'fx_c1');
    },
  },
  {
    name: 'rule 2: a 256-byte alias -> 1100 length text (two spaces after the period)',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: B256 }),
    expect: e1100(`Invalid collection alias: ${B256}. the length of a collection alias must be less than 255 characters: invalid parameter`),
  },
  {
    name: 'rule 2 on UTF-8 bytes: a 300-byte Chinese alias (100 chars) fails the length rule, not rule 3',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: ZH300 }),
    expect: e1100(tooLongText('alias', ZH300)),
    check: () => {
      assert.equal(ZH300.length, 100);
      assert.equal(bytes(ZH300), 300);
    },
  },
  {
    name: 'rule 2 on UTF-8 bytes: 129 chars / 257 bytes fails the length rule',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: E257 }),
    expect: e1100(tooLongText('alias', E257)),
  },
  {
    name: 'rule 2 on UTF-8 bytes: exactly 255 bytes with multi-byte chars passes rule 2 and fails rule 4',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: E255 }),
    expect: e1100(laterCharText('alias', E255)),
    check: () => assert.equal(bytes(E255), 255),
  },
  {
    name: 'rule 3: "12-s" -> exact first-character text',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: '12-s' }),
    expect: e1100('Invalid collection alias: 12-s. the first character of a collection alias must be an underscore or letter: invalid parameter'),
  },
  {
    name: 'rule 4: "a-b" -> later-character text',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: 'a-b' }),
    expect: e1100('Invalid collection alias: a-b. collection alias can only contain numbers, letters and underscores: invalid parameter'),
  },
  {
    name: 'no trimming: " a" fails rule 3',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: ' a' }),
    expect: e1100(firstCharText('alias', ' a')),
  },
  {
    name: 'no trimming: "a " fails rule 4',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: 'a ' }),
    expect: e1100(laterCharText('alias', 'a ')),
  },
  {
    name: 'a leading underscore, letters and digits are allowed ("_nr_9Z")',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: '_nr_9Z' }),
    expect: 'ok',
    check: (_r, x) => assertAliasTarget(x.c, '_nr_9Z', 'fx_c1'),
  },
  {
    name: 'names compare byte for byte (case-sensitive): "NrCase" exists, "nrcase" does not',
    setup: all(fx, async (x) => mustCreateAlias(x.c, 'fx_c1', 'NrCase')),
    call: (x) => describeAlias(x.c, 'nrcase'),
    expect: e1600('default', 'nrcase'),
  },
  {
    name: 'collection_name rule 2: 256 bytes -> "Invalid collection name" length text',
    call: (x) => createAlias(x.c, { collection_name: B256, alias: 'nr_ok2' }),
    expect: e1100(tooLongText('name', B256)),
  },
  {
    name: 'collection_name rule 3: "12-s" -> "Invalid collection name" first-character text',
    call: (x) => createAlias(x.c, { collection_name: '12-s', alias: 'nr_ok3' }),
    expect: e1100('Invalid collection name: 12-s. the first character of a collection name must be an underscore or letter: invalid parameter'),
  },
  {
    name: 'collection_name rule 4: "c-1" -> "Invalid collection name" later-character text',
    call: (x) => createAlias(x.c, { collection_name: 'c-1', alias: 'nr_ok4' }),
    expect: e1100('Invalid collection name: c-1. collection name can only contain numbers, letters and underscores: invalid parameter'),
  },
  {
    name: 'order: the alias is validated before collection_name',
    call: (x) => createAlias(x.c, { collection_name: '1bad', alias: '2bad' }),
    expect: e1100(firstCharText('alias', '2bad')),
  },
  {
    name: 'order: an empty alias is reported before an empty collection_name',
    call: (x) => createAlias(x.c, { collection_name: '', alias: '' }),
    expect: e1100(emptyText('alias')),
  },
  {
    name: 'order: names are validated before the database is looked up (1100, not 800)',
    call: (x) => createAlias(x.c, { collection_name: 'x', alias: '9z', db_name: 'nr_nodb' }),
    expect: e1100(firstCharText('alias', '9z')),
  },
];

// ---------------------------------------------------------------------------------------------
// create_alias
// ---------------------------------------------------------------------------------------------
const createAliasRows: Row[] = [
  {
    name: 'create_alias: missing database via the db_name field -> 800',
    setup: fx,
    call: (x) => createAlias(x.c, { collection_name: 'fx_c1', alias: 'ca1_a', db_name: 'ca1_nodb' }),
    expect: e800('ca1_nodb'),
  },
  {
    name: 'create_alias: missing database via dbname metadata (client option database) -> 800',
    setup: fx,
    call: (x) => createAlias(x.db('ca2_nodb'), { collection_name: 'fx_c1', alias: 'ca2_a' }),
    expect: e800('ca2_nodb'),
  },
  {
    name: 'create_alias: alias equal to a collection name -> 1601',
    setup: given(['ca3_c1', 'ca3_c2']),
    call: (x) => createAlias(x.c, { collection_name: 'ca3_c1', alias: 'ca3_c2' }),
    expect: e1601('default', 'ca3_c2'),
  },
  {
    name: 'create_alias(c, c) -> 1601',
    setup: given(['ca4_c']),
    call: (x) => createAlias(x.c, { collection_name: 'ca4_c', alias: 'ca4_c' }),
    expect: e1601('default', 'ca4_c'),
    check: async (_r, x) => {
      // ca4_c is still a plain collection without aliases
      const l = await listAliases(x.c, 'ca4_c');
      assertOk(l);
      assert.deepEqual(sortedAliases(l), []);
      assert.equal(await hasCollection(x.c, 'ca4_c'), true);
    },
  },
  {
    name: 'create_alias: 1601 is checked before the collection exists (missing collection, alias = a collection name)',
    setup: given(['ca5_c']),
    call: (x) => createAlias(x.c, { collection_name: 'ca5_missing', alias: 'ca5_c' }),
    expect: e1601('default', 'ca5_c'),
  },
  {
    name: 'create_alias: missing collection -> 100 with database part',
    call: (x) => createAlias(x.c, { collection_name: 'ca6_missing', alias: 'ca6_a' }),
    expect: e100('collection not found[database=default][collection=ca6_missing]'),
  },
  {
    name: 'create_alias: an alias given as collection_name is a missing collection -> 100',
    setup: given(['ca7_c'], [['ca7_c', 'ca7_a']]),
    call: (x) => createAlias(x.c, { collection_name: 'ca7_a', alias: 'ca7_b' }),
    expect: e100('collection not found[database=default][collection=ca7_a]'),
    check: (_r, x) => assertNoAlias(x.c, 'ca7_b'),
  },
  {
    name: 'create_alias: collection missing is checked before the alias (existing alias, missing collection -> 100)',
    setup: given(['ca8_c'], [['ca8_c', 'ca8_a']]),
    call: (x) => createAlias(x.c, { collection_name: 'ca8_missing', alias: 'ca8_a' }),
    expect: e100('collection not found[database=default][collection=ca8_missing]'),
    check: (_r, x) => assertAliasTarget(x.c, 'ca8_a', 'ca8_c'),
  },
  {
    name: 'create_alias: same alias on the same collection again -> success, nothing changes',
    setup: given(['ca9_c'], [['ca9_c', 'ca9_a']]),
    call: (x) => createAlias(x.c, { collection_name: 'ca9_c', alias: 'ca9_a' }),
    expect: 'ok',
    check: async (_r, x) => {
      const l = await listAliases(x.c, 'ca9_c');
      assertOk(l);
      assert.deepEqual(sortedAliases(l), ['ca9_a']);
      await assertAliasTarget(x.c, 'ca9_a', 'ca9_c');
    },
  },
  {
    name: 'create_alias: alias already on another collection -> 1602 exact text, alias unchanged',
    setup: given(['ca10_c1', 'ca10_c2'], [['ca10_c1', 'ca10_a']]),
    call: (x) => createAlias(x.c, { collection_name: 'ca10_c2', alias: 'ca10_a' }),
    expect: {
      code: 1602,
      errorCode: 'UnexpectedError',
      reason: 'ca10_a is alias to another collection: ca10_c1: alias already exist[database=default][alias=ca10_a]',
    },
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'ca10_a', 'ca10_c1');
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'ca10_c2')), []);
    },
  },
  {
    name: 'create_alias: success is visible at once to every later request (another client too)',
    setup: given(['ca11_c']),
    call: (x) => createAlias(x.c, { collection_name: 'ca11_c', alias: 'ca11_a' }),
    expect: 'ok',
    check: async (_r, x) => {
      const other = x.server.client();
      await assertAliasTarget(other, 'ca11_a', 'ca11_c');
      const l = await listAliases(other, 'ca11_c');
      assertOk(l);
      assert.deepEqual(sortedAliases(l), ['ca11_a']);
      const d = await describeCollection(other, 'ca11_c');
      assertOk(d);
      assert.deepEqual([...d.aliases].sort(), ['ca11_a']);
    },
  },
  {
    name: 'create_alias in another database (db_name field): visible there, not in default',
    setup: given(['ca12_c'], [], 'ca12_db'),
    call: (x) => createAlias(x.c, { collection_name: 'ca12_c', alias: 'ca12_a', db_name: 'ca12_db' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'ca12_a', 'ca12_c', 'ca12_db');
      await assertNoAlias(x.c, 'ca12_a', 'default');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// alter_alias: validate, 800, 1601, 100 (no database part), 1600, idempotent, move.
// ---------------------------------------------------------------------------------------------
const alterAliasRows: Row[] = [
  {
    name: 'alter_alias: invalid alias -> 1100',
    setup: fx,
    call: (x) => alterAlias(x.c, { collection_name: 'fx_c1', alias: '12-s' }),
    expect: e1100(firstCharText('alias', '12-s')),
  },
  {
    name: 'alter_alias: empty alias -> 1100 (raw request)',
    setup: fx,
    call: (x) => alterAlias(x.c, { collection_name: 'fx_c1', alias: '' }),
    expect: e1100(emptyText('alias')),
  },
  {
    name: 'alter_alias: alias validated before collection_name',
    call: (x) => alterAlias(x.c, { collection_name: 'c-1', alias: 'a-1' }),
    expect: e1100(laterCharText('alias', 'a-1')),
  },
  {
    name: 'alter_alias: invalid collection_name -> 1100 collection name text',
    call: (x) => alterAlias(x.c, { collection_name: 'c-1', alias: 'aa1_ok' }),
    expect: e1100(laterCharText('name', 'c-1')),
  },
  {
    name: 'alter_alias: missing database (db_name) -> 800',
    call: (x) => alterAlias(x.c, { collection_name: 'x', alias: 'y', db_name: 'aa2_nodb' }),
    expect: e800('aa2_nodb'),
  },
  {
    name: 'alter_alias: missing database (dbname metadata) -> 800',
    call: (x) => alterAlias(x.db('aa3_nodb'), { collection_name: 'x', alias: 'y' }),
    expect: e800('aa3_nodb'),
  },
  {
    name: 'alter_alias: alias equal to a collection name -> 1601',
    setup: given(['aa4_c1', 'aa4_c2']),
    call: (x) => alterAlias(x.c, { collection_name: 'aa4_c1', alias: 'aa4_c2' }),
    expect: e1601('default', 'aa4_c2'),
  },
  {
    name: 'alter_alias: 1601 before 100 (missing collection, alias = a collection name)',
    setup: given(['aa5_c']),
    call: (x) => alterAlias(x.c, { collection_name: 'aa5_missing', alias: 'aa5_c' }),
    expect: e1601('default', 'aa5_c'),
  },
  {
    name: 'alter_alias: missing collection -> 100 WITHOUT database part',
    setup: given(['aa6_c'], [['aa6_c', 'aa6_a']]),
    call: (x) => alterAlias(x.c, { collection_name: 'aa6_missing', alias: 'aa6_a' }),
    expect: e100('collection not found[collection=aa6_missing]'),
    check: (_r, x) => assertAliasTarget(x.c, 'aa6_a', 'aa6_c'),
  },
  {
    name: 'alter_alias: collection AND alias missing -> 100, not 1600',
    call: (x) => alterAlias(x.c, { collection_name: 'aa7_missing', alias: 'aa7_nosuch' }),
    expect: e100('collection not found[collection=aa7_missing]'),
  },
  {
    name: 'alter_alias: an alias given as collection_name is a missing collection -> 100',
    setup: given(
      ['aa8_c'],
      [
        ['aa8_c', 'aa8_a'],
        ['aa8_c', 'aa8_b'],
      ],
    ),
    call: (x) => alterAlias(x.c, { collection_name: 'aa8_a', alias: 'aa8_b' }),
    expect: e100('collection not found[collection=aa8_a]'),
  },
  {
    name: 'alter_alias: alias missing -> 1600',
    setup: given(['aa9_c']),
    call: (x) => alterAlias(x.c, { collection_name: 'aa9_c', alias: 'aa9_nosuch' }),
    expect: e1600('default', 'aa9_nosuch'),
    check: (_r, x) => assertNoAlias(x.c, 'aa9_nosuch'),
  },
  {
    name: 'alter_alias: alias already on this collection -> success, nothing changes',
    setup: given(['aa10_c'], [['aa10_c', 'aa10_a']]),
    call: (x) => alterAlias(x.c, { collection_name: 'aa10_c', alias: 'aa10_a' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'aa10_a', 'aa10_c');
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'aa10_c')), ['aa10_a']);
    },
  },
  {
    name: 'alter_alias: moves the alias; every later request uses the new collection',
    setup: given(['aa11_c1', 'aa11_c2'], [['aa11_c1', 'aa11_a']]),
    call: (x) => alterAlias(x.c, { collection_name: 'aa11_c2', alias: 'aa11_a' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'aa11_a', 'aa11_c2');
      const l1 = await listAliases(x.c, 'aa11_c1');
      const l2 = await listAliases(x.c, 'aa11_c2');
      assertOk(l1);
      assertOk(l2);
      assert.deepEqual(sortedAliases(l1), []);
      assert.deepEqual(sortedAliases(l2), ['aa11_a']);
      const d = await describeCollection(x.server.client(), 'aa11_a');
      assertOk(d);
      assert.equal(d.schema.name, 'aa11_c2');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// drop_alias: no validation, trims, missing is success, never touches a collection.
// ---------------------------------------------------------------------------------------------
const dropAliasRows: Row[] = [
  {
    name: 'drop_alias: removes the alias (describe -> 1600, describe_collection -> 100), collection stays',
    setup: given(['da1_c'], [['da1_c', 'da1_a']]),
    call: (x) => dropAlias(x.c, 'da1_a'),
    expect: 'ok',
    check: async (_r, x) => {
      await assertNoAlias(x.c, 'da1_a');
      assertErr(await describeCollection(x.c, 'da1_a'), e100("can't find collection[database=default][collection=da1_a]"));
      assert.equal(await hasCollection(x.c, 'da1_c'), true);
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'da1_c')), []);
    },
  },
  {
    name: 'drop_alias: surrounding spaces are trimmed (" da2_a1 " drops da2_a1)',
    setup: given(['da2_c'], [['da2_c', 'da2_a1']]),
    call: (x) => dropAlias(x.c, ' da2_a1 '),
    expect: 'ok',
    check: async (_r, x) => {
      await assertNoAlias(x.c, 'da2_a1');
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'da2_c')), []);
    },
  },
  {
    name: 'drop_alias: alias that never existed -> success',
    call: (x) => dropAlias(x.c, 'da3_never'),
    expect: 'ok',
  },
  {
    name: 'drop_alias: dropped twice -> success the second time',
    setup: all(given(['da4_c'], [['da4_c', 'da4_a']]), async (x) => assertOk(await dropAlias(x.c, 'da4_a'), 'first drop')),
    call: (x) => dropAlias(x.c, 'da4_a'),
    expect: 'ok',
  },
  {
    name: 'drop_alias: empty alias -> success (raw request: the SDK refuses it)',
    call: (x) => dropAlias(x.c, ''),
    expect: 'ok',
  },
  {
    name: 'drop_alias: no name validation ("12-s" -> success)',
    call: (x) => dropAlias(x.c, '12-s'),
    expect: 'ok',
  },
  {
    name: 'drop_alias: the name of a collection -> success and the collection is untouched',
    setup: given(['da5_c'], [['da5_c', 'da5_a']]),
    call: (x) => dropAlias(x.c, 'da5_c'),
    expect: 'ok',
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'da5_c'), true);
      const d = await describeCollection(x.c, 'da5_c');
      assertOk(d);
      assert.equal(d.schema.name, 'da5_c');
      await assertAliasTarget(x.c, 'da5_a', 'da5_c');
    },
  },
  {
    name: 'drop_alias: missing database (db_name) -> 800',
    call: (x) => dropAlias(x.c, 'da6_a', 'da6_nodb'),
    expect: e800('da6_nodb'),
  },
  {
    name: 'drop_alias: missing database (dbname metadata) -> 800',
    call: (x) => dropAlias(x.db('da7_nodb'), 'da7_a'),
    expect: e800('da7_nodb'),
  },
];

// ---------------------------------------------------------------------------------------------
// describe_alias
// ---------------------------------------------------------------------------------------------
const describeAliasRows: Row[] = [
  {
    name: 'describe_alias: invalid name -> 1100',
    call: (x) => describeAlias(x.c, '12-s'),
    expect: e1100(firstCharText('alias', '12-s')),
  },
  {
    name: 'describe_alias: 256-byte name -> 1100 length text',
    call: (x) => describeAlias(x.c, B256),
    expect: e1100(tooLongText('alias', B256)),
  },
  {
    // docs/aliases.md, describe_alias: Milvus's 1101 for an empty alias comes after the name rules; rule 1
    // (empty) refuses it first, so over the wire the answer is 1100, never 1101.
    name: 'describe_alias: empty -> 1100 "collection alias should not be empty" (validation wins over 1101)',
    call: (x) => describeAlias(x.c, ''),
    expect: e1100(emptyText('alias')),
  },
  {
    name: 'describe_alias: missing database (db_name) -> 800',
    call: (x) => describeAlias(x.c, 'ds1_a', 'ds1_nodb'),
    expect: e800('ds1_nodb'),
  },
  {
    name: 'describe_alias: missing database (dbname metadata) -> 800',
    call: (x) => describeAlias(x.db('ds2_nodb'), 'ds2_a'),
    expect: e800('ds2_nodb'),
  },
  {
    name: 'describe_alias: not an alias -> 1600',
    call: (x) => describeAlias(x.c, 'ds3_nosuch'),
    expect: e1600('default', 'ds3_nosuch'),
  },
  {
    name: "describe_alias: a collection's name -> 1600",
    setup: given(['ds4_c']),
    call: (x) => describeAlias(x.c, 'ds4_c'),
    expect: e1600('default', 'ds4_c'),
  },
  {
    name: 'describe_alias: success shape {db_name, alias, collection}',
    setup: given(['ds5_c'], [['ds5_c', 'ds5_a']]),
    call: (x) => describeAlias(x.c, 'ds5_a'),
    expect: 'ok',
    check: (r) =>
      assert.deepEqual(
        { db_name: r.db_name, alias: r.alias, collection: r.collection },
        {
          db_name: 'default',
          alias: 'ds5_a',
          collection: 'ds5_c',
        },
      ),
  },
];

// ---------------------------------------------------------------------------------------------
// list_aliases
// ---------------------------------------------------------------------------------------------
const listAliasesRows: Row[] = [
  {
    name: 'list_aliases(""): every alias of the database, collection_name "" and db_name in the reply',
    setup: given(
      ['la1_c1', 'la1_c2'],
      [
        ['la1_c1', 'la1_y'],
        ['la1_c1', 'la1_x'],
        ['la1_c2', 'la1_z'],
      ],
      'la1_db',
    ),
    call: (x) => listAliases(x.c, '', 'la1_db'), // raw: SDK refuses an empty collection_name
    expect: 'ok',
    check: (r) => {
      assert.deepEqual(sortedAliases(r), ['la1_x', 'la1_y', 'la1_z']);
      assert.equal(r.db_name, 'la1_db');
      assert.equal(r.collection_name, '');
    },
  },
  {
    name: 'list_aliases(""): database chosen by dbname metadata',
    setup: all(
      fx,
      given(
        ['la2_c1', 'la2_c2'],
        [
          ['la2_c1', 'la2_a'],
          ['la2_c2', 'la2_b'],
        ],
        'la2_db',
      ),
      async (x) => mustCreateAlias(x.c, 'fx_c1', 'la2_in_default'),
    ),
    call: (x) => listAliases(x.db('la2_db'), ''),
    expect: 'ok',
    check: (r) => {
      assert.deepEqual(sortedAliases(r), ['la2_a', 'la2_b']);
      assert.equal(r.db_name, 'la2_db');
    },
  },
  {
    name: 'list_aliases(""): database without aliases -> []',
    setup: given(['la3_c'], [], 'la3_db'),
    call: (x) => listAliases(x.c, '', 'la3_db'),
    expect: 'ok',
    check: (r) => assert.deepEqual(sortedAliases(r), []),
  },
  {
    name: 'list_aliases(c): that collection only, with collection_name and db_name',
    setup: given(
      ['la4_c', 'la4_other'],
      [
        ['la4_c', 'la4_b'],
        ['la4_c', 'la4_a'],
        ['la4_other', 'la4_o'],
      ],
    ),
    call: (x) => listAliases(x.c, 'la4_c'),
    expect: 'ok',
    check: (r) => {
      assert.deepEqual(sortedAliases(r), ['la4_a', 'la4_b']);
      assert.equal(r.collection_name, 'la4_c');
      assert.equal(r.db_name, 'default');
    },
  },
  {
    name: 'list_aliases(c): collection without aliases -> []',
    setup: given(['la5_c']),
    call: (x) => listAliases(x.c, 'la5_c'),
    expect: 'ok',
    check: (r) => {
      assert.deepEqual(sortedAliases(r), []);
      assert.equal(r.collection_name, 'la5_c');
    },
  },
  {
    name: 'list_aliases: missing collection -> 100 without database part',
    call: (x) => listAliases(x.c, 'la6_missing'),
    expect: e100('collection not found[collection=la6_missing]'),
  },
  {
    name: 'list_aliases: an alias as collection_name -> 100',
    setup: given(['la7_c'], [['la7_c', 'la7_a']]),
    call: (x) => listAliases(x.c, 'la7_a'),
    expect: e100('collection not found[collection=la7_a]'),
  },
  {
    name: 'list_aliases: invalid collection_name -> 1100 collection name text',
    call: (x) => listAliases(x.c, '12-s'),
    expect: e1100(firstCharText('name', '12-s')),
  },
  {
    name: 'list_aliases: missing database -> 800',
    call: (x) => listAliases(x.c, '', 'la8_nodb'),
    expect: e800('la8_nodb'),
  },
  {
    name: 'list_aliases in another database (db_name field) for a collection',
    setup: given(['la9_c'], [['la9_c', 'la9_a']], 'la9_db'),
    call: (x) => listAliases(x.c, 'la9_c', 'la9_db'),
    expect: 'ok',
    check: (r) => {
      assert.deepEqual(sortedAliases(r), ['la9_a']);
      assert.equal(r.db_name, 'la9_db');
      assert.equal(r.collection_name, 'la9_c');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Aliases are per database; the request's database is db_name, else dbname metadata, else default.
// ---------------------------------------------------------------------------------------------
const perDatabaseRows: Row[] = [
  {
    name: 'per database: the same alias name may exist in two databases, on different collections',
    setup: pdb,
    call: (x) => createAlias(x.c, { collection_name: 'p_c2', alias: 'p_shared', db_name: 'p_db2' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'p_shared', 'p_c1', 'p_db1');
      await assertAliasTarget(x.c, 'p_shared', 'p_c2', 'p_db2');
      await assertNoAlias(x.c, 'p_shared', 'default');
    },
  },
  {
    name: "per database: an alias cannot point at another database's collection -> 100",
    setup: pdb,
    call: (x) => createAlias(x.c, { collection_name: 'p_c2', alias: 'p_cross', db_name: 'p_db1' }),
    expect: e100('collection not found[database=p_db1][collection=p_c2]'),
    check: (_r, x) => assertNoAlias(x.c, 'p_cross', 'p_db1'),
  },
  {
    name: "per database: alter_alias cannot move an alias to another database's collection -> 100",
    setup: pdb,
    call: (x) => alterAlias(x.c, { collection_name: 'p_c2', alias: 'p_shared', db_name: 'p_db1' }),
    expect: e100('collection not found[collection=p_c2]'),
    check: (_r, x) => assertAliasTarget(x.c, 'p_shared', 'p_c1', 'p_db1'),
  },
  {
    name: 'per database: an alias may carry the name of a collection of ANOTHER database',
    setup: pdb,
    call: (x) => createAlias(x.c, { collection_name: 'p_c1', alias: 'p_c2', db_name: 'p_db1' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'p_c2', 'p_c1', 'p_db1');
      const d = await describeCollection(x.c, 'p_c2', 'p_db2');
      assertOk(d);
      assert.equal(d.schema.name, 'p_c2');
    },
  },
  {
    name: 'per database: drop_alias in one database leaves the same name in another',
    setup: all(pdb, async (x) => {
      await mustCreateAlias(x.c, 'p_c1', 'p_both', 'p_db1');
      await mustCreateAlias(x.c, 'p_c2', 'p_both', 'p_db2');
    }),
    call: (x) => dropAlias(x.c, 'p_both', 'p_db2'),
    expect: 'ok',
    check: async (_r, x) => {
      await assertNoAlias(x.c, 'p_both', 'p_db2');
      await assertAliasTarget(x.c, 'p_both', 'p_c1', 'p_db1');
    },
  },
  {
    name: 'database precedence: db_name field wins over dbname metadata',
    setup: qdb,
    call: (x) => describeAlias(x.db('q_db1'), 'q_shared', 'q_db2'),
    expect: 'ok',
    check: (r) => assert.deepEqual({ db_name: r.db_name, collection: r.collection }, { db_name: 'q_db2', collection: 'q_c2' }),
  },
  {
    name: 'database precedence: empty db_name field -> dbname metadata is used',
    setup: qdb,
    call: (x) => describeAlias(x.db('q_db1'), 'q_shared', ''),
    expect: 'ok',
    check: (r) => assert.deepEqual({ db_name: r.db_name, collection: r.collection }, { db_name: 'q_db1', collection: 'q_c1' }),
  },
  {
    name: 'database precedence: db_name field wins even when the metadata names a missing database',
    setup: qdb,
    call: (x) => describeAlias(x.db('q_nodb'), 'q_shared', 'q_db2'),
    expect: 'ok',
    check: (r) => assert.deepEqual({ db_name: r.db_name, collection: r.collection }, { db_name: 'q_db2', collection: 'q_c2' }),
  },
  {
    name: 'database precedence: no field, no metadata database -> default',
    setup: qdb,
    call: (x) => raw(x.c, 'DescribeAlias', { alias: 'q_shared' }),
    expect: e1600('default', 'q_shared'),
  },
  {
    name: 'database precedence: create_alias via dbname metadata lands in that database',
    setup: qdb,
    call: (x) => createAlias(x.db('q_db1'), { collection_name: 'q_c1', alias: 'q_meta' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'q_meta', 'q_c1', 'q_db1');
      await assertNoAlias(x.c, 'q_meta', 'default');
    },
  },
  {
    name: 'database precedence: create_alias db_name field wins over dbname metadata',
    setup: qdb,
    call: (x) => createAlias(x.db('q_db1'), { collection_name: 'q_c2', alias: 'q_field', db_name: 'q_db2' }),
    expect: 'ok',
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'q_field', 'q_c2', 'q_db2');
      await assertNoAlias(x.c, 'q_field', 'q_db1');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// describe_collection / has_collection / list_collections through aliases
// ---------------------------------------------------------------------------------------------
const collectionReadRows: Row[] = [
  {
    name: 'describe_collection(alias): collection_name = alias, schema.name = real, aliases, same collectionID',
    setup: given(
      ['dc1_c'],
      [
        ['dc1_c', 'dc1_b'],
        ['dc1_c', 'dc1_a'],
      ],
    ),
    call: (x) => describeCollection(x.c, 'dc1_a'),
    expect: 'ok',
    check: async (r, x) => {
      assert.equal(r.collection_name, 'dc1_a');
      assert.equal(r.schema.name, 'dc1_c');
      assert.deepEqual([...r.aliases].sort(), ['dc1_a', 'dc1_b']);
      const real = await describeCollection(x.c, 'dc1_c');
      assertOk(real);
      assert.equal(real.collection_name, 'dc1_c');
      assert.equal(real.schema.name, 'dc1_c');
      assert.deepEqual([...real.aliases].sort(), ['dc1_a', 'dc1_b']);
      assert.ok(String(r.collectionID) !== '0' && String(r.collectionID) !== '', 'collectionID set');
      assert.equal(String(r.collectionID), String(real.collectionID));
    },
  },
  {
    name: 'describe_collection(missing) -> 100 CollectionNotExists "can\'t find collection[database=default][collection=...]"',
    call: (x) => describeCollection(x.c, 'dc2_missing'),
    expect: e100("can't find collection[database=default][collection=dc2_missing]"),
  },
  {
    name: 'describe_collection(missing) in another database names that database',
    setup: pdb,
    call: (x) => describeCollection(x.c, 'dc3_missing', 'p_db1'),
    expect: e100("can't find collection[database=p_db1][collection=dc3_missing]"),
  },
  {
    name: 'describe_collection(missing) with the database from dbname metadata',
    setup: pdb,
    call: (x) => describeCollection(x.db('p_db2'), 'dc4_missing'),
    expect: e100("can't find collection[database=p_db2][collection=dc4_missing]"),
  },
  {
    name: 'describe_collection of an alias of ANOTHER database -> 100',
    setup: all(pdb, async (x) => mustCreateAlias(x.c, 'p_c1', 'dc5_only1', 'p_db1')),
    call: (x) => describeCollection(x.c, 'dc5_only1', 'p_db2'),
    expect: e100("can't find collection[database=p_db2][collection=dc5_only1]"),
  },
  {
    name: 'has_collection(alias) -> true',
    setup: given(['hc1_c'], [['hc1_c', 'hc1_a']]),
    call: (x) => x.c.hasCollection({ collection_name: 'hc1_a' }),
    expect: 'ok',
    check: (r) => assert.equal(r.value, true),
  },
  {
    name: 'has_collection(missing) -> false',
    call: (x) => x.c.hasCollection({ collection_name: 'hc2_missing' }),
    expect: 'ok',
    check: (r) => assert.equal(r.value, false),
  },
  {
    name: 'list_collections lists real collections only, never aliases',
    setup: given(
      ['lc1_c1', 'lc1_c2'],
      [
        ['lc1_c1', 'lc1_a'],
        ['lc1_c2', 'lc1_b'],
      ],
      'lc1_db',
    ),
    call: (x) => x.c.showCollections({ db_name: 'lc1_db' }),
    expect: 'ok',
    check: (r) => assert.deepEqual([...r.collection_names].sort(), ['lc1_c1', 'lc1_c2']),
  },
  {
    name: 'list_collections through dbname metadata lists real collections only',
    setup: given(['lc2_c'], [['lc2_c', 'lc2_a']], 'lc2_db'),
    call: (x) => x.db('lc2_db').listCollections(),
    expect: 'ok',
    check: (r) => assert.deepEqual([...r.collection_names].sort(), ['lc2_c']),
  },
];

// ---------------------------------------------------------------------------------------------
// drop_collection / create_collection against aliases
// ---------------------------------------------------------------------------------------------
const dropCreateRows: Row[] = [
  {
    name: 'drop_collection(alias) -> 65535 "cannot drop the collection via alias = <alias>"',
    setup: given(['dr1_c'], [['dr1_c', 'dr1_a']]),
    call: (x) => dropCollection(x.c, 'dr1_a'),
    expect: e65535('cannot drop the collection via alias = dr1_a'),
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'dr1_c'), true);
      await assertAliasTarget(x.c, 'dr1_a', 'dr1_c');
    },
  },
  {
    name: 'drop_collection(c) with one alias -> 65535 exact text',
    setup: given(['dr2_c'], [['dr2_c', 'dr2_a']]),
    call: (x) => dropCollection(x.c, 'dr2_c'),
    expect: e65535(
      'unable to drop the collection [dr2_c] because it has associated aliases [dr2_a], please remove all aliases before dropping the collection',
    ),
    check: async (_r, x) => assert.equal(await hasCollection(x.c, 'dr2_c'), true),
  },
  {
    // Milvus fixes one space between names but not their order (Elanus sorts them): accept either order.
    name: 'drop_collection(c) with two aliases -> 65535, names separated by one space (any order)',
    setup: given(
      ['dr3_c'],
      [
        ['dr3_c', 'dr3_b'],
        ['dr3_c', 'dr3_a'],
      ],
    ),
    call: (x) => dropCollection(x.c, 'dr3_c'),
    expect: e65535(
      new RegExp(
        '^' +
          escapeRe('unable to drop the collection [dr3_c] because it has associated aliases [') +
          '(dr3_a dr3_b|dr3_b dr3_a)' +
          escapeRe('], please remove all aliases before dropping the collection') +
          '$',
      ),
    ),
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'dr3_c'), true);
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'dr3_c')), ['dr3_a', 'dr3_b']);
    },
  },
  {
    name: 'drop_collection(c) after its aliases are dropped -> success; the names are free',
    setup: all(given(['dr4_c'], [['dr4_c', 'dr4_a']]), async (x) => assertOk(await dropAlias(x.c, 'dr4_a'))),
    call: (x) => dropCollection(x.c, 'dr4_c'),
    expect: 'ok',
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'dr4_c'), false);
      await assertNoAlias(x.c, 'dr4_a');
    },
  },
  {
    name: 'drop_collection(missing) -> success (idempotent)',
    call: (x) => dropCollection(x.c, 'dr5_missing'),
    expect: 'ok',
  },
  {
    name: 'drop_collection(missing) in a missing database -> success',
    call: (x) => dropCollection(x.c, 'dr6_missing', 'dr6_nodb'),
    expect: 'ok',
  },
  {
    name: 'create_collection(<name of an existing alias>) -> 65535 conflicts with an existing alias',
    setup: given(['cc1_c'], [['cc1_c', 'cc1_a']]),
    call: (x) => createCollection(x.c, 'cc1_a'),
    expect: e65535('collection name [cc1_a] conflicts with an existing alias, please choose a unique name'),
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'cc1_a', 'cc1_c');
      const d = await describeCollection(x.c, 'cc1_a');
      assertOk(d);
      assert.equal(d.schema.name, 'cc1_c');
    },
  },
  {
    name: 'create_collection(existing, identical schema) -> success (idempotent)',
    setup: given(['cc2_c']),
    call: (x) => createCollection(x.c, 'cc2_c'),
    expect: 'ok',
  },
  {
    name: 'create_collection(existing, different schema) -> 65535 duplicate with different parameters',
    setup: given(['cc3_c']),
    call: (x) => createCollection(x.c, 'cc3_c', { dim: 8 }),
    expect: e65535('create duplicate collection with different parameters, collection: cc3_c'),
  },
  {
    name: 'create_collection: invalid name -> 1100 collection name text',
    call: (x) => createCollection(x.c, '12-s'),
    expect: e1100(firstCharText('name', '12-s')),
  },
];

// ---------------------------------------------------------------------------------------------
// rename_collection (docs/aliases.md's table, in its order)
// ---------------------------------------------------------------------------------------------
const rename = (x: Ctx, r: { db_name?: string; collection_name: string; new_collection_name: string; new_db_name?: string }) =>
  x.c.renameCollection(r); // the SDK does no client-side check here: every row goes through it

const renameRows: Row[] = [
  {
    name: 'rename: empty new name -> 1100 "new collection name should not be empty"',
    setup: fx,
    call: (x) => rename(x, { collection_name: 'fx_c1', new_collection_name: '' }),
    expect: e1100('new collection name should not be empty'),
  },
  {
    name: 'rename: empty old name -> 1100 "old collection name should not be empty"',
    call: (x) => rename(x, { collection_name: '', new_collection_name: 'rn1_new' }),
    expect: e1100('old collection name should not be empty'),
  },
  {
    name: 'rename order: both empty -> the new-name error first',
    call: (x) => rename(x, { collection_name: '', new_collection_name: '' }),
    expect: e1100('new collection name should not be empty'),
  },
  {
    name: 'rename: same name and database -> 1100 "collection name or database name should be different"',
    setup: fx,
    call: (x) => rename(x, { collection_name: 'fx_c1', new_collection_name: 'fx_c1' }),
    expect: e1100('collection name or database name should be different'),
  },
  {
    name: 'rename: same name, target database given explicitly as the same -> 1100',
    setup: fx,
    call: (x) => rename(x, { collection_name: 'fx_c1', new_collection_name: 'fx_c1', new_db_name: 'default' }),
    expect: e1100('collection name or database name should be different'),
  },
  {
    name: 'rename order: same-name check comes before the missing-collection check',
    call: (x) => rename(x, { collection_name: 'rn2_missing', new_collection_name: 'rn2_missing' }),
    expect: e1100('collection name or database name should be different'),
  },
  {
    name: 'rename across databases: target database missing -> 800 exact text',
    setup: fx,
    call: (x) => rename(x, { collection_name: 'fx_c1', new_collection_name: 'rn3_x', new_db_name: 'rn3_nodb' }),
    expect: { code: 800, errorCode: 'UnexpectedError', reason: 'target database rn3_nodb not found: database not found[database=rn3_nodb]' },
  },
  {
    name: 'rename order: target database missing comes before old missing -> 800',
    call: (x) => rename(x, { collection_name: 'rn4_missing', new_collection_name: 'rn4_x', new_db_name: 'rn4_nodb' }),
    expect: { code: 800, errorCode: 'UnexpectedError', reason: 'target database rn4_nodb not found: database not found[database=rn4_nodb]' },
  },
  {
    name: 'rename within one missing database -> 65535 "target database:<db> not found"',
    call: (x) => rename(x, { db_name: 'rn5_nodb', collection_name: 'rn5_a', new_collection_name: 'rn5_b' }),
    expect: e65535('target database:rn5_nodb not found'),
  },
  {
    name: 'rename: old name is an alias -> 65535 unsupported',
    setup: given(['rn6_c'], [['rn6_c', 'rn6_a']]),
    call: (x) => rename(x, { collection_name: 'rn6_a', new_collection_name: 'rn6_new' }),
    expect: e65535('unsupported use an alias to rename collection, alias:rn6_a'),
    check: async (_r, x) => {
      await assertAliasTarget(x.c, 'rn6_a', 'rn6_c');
      assert.equal(await hasCollection(x.c, 'rn6_new'), false);
    },
  },
  {
    name: 'rename order: old is an alias beats new taken by a collection',
    setup: given(['rn7_c', 'rn7_taken'], [['rn7_c', 'rn7_a']]),
    call: (x) => rename(x, { collection_name: 'rn7_a', new_collection_name: 'rn7_taken' }),
    expect: e65535('unsupported use an alias to rename collection, alias:rn7_a'),
  },
  {
    name: 'rename: new name is an alias in the (same) target database -> 65535',
    setup: given(['rn8_c1', 'rn8_c2'], [['rn8_c2', 'rn8_a']]),
    call: (x) => rename(x, { collection_name: 'rn8_c1', new_collection_name: 'rn8_a' }),
    expect: e65535('cannot rename collection to an existing alias: rn8_a'),
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'rn8_c1'), true);
      await assertAliasTarget(x.c, 'rn8_a', 'rn8_c2');
    },
  },
  {
    name: 'rename across databases: new name is an alias in the target database -> 65535',
    setup: all(pdb, given(['rn9_c'])),
    call: (x) => rename(x, { collection_name: 'rn9_c', new_collection_name: 'p_shared', new_db_name: 'p_db1' }),
    expect: e65535('cannot rename collection to an existing alias: p_shared'),
    check: async (_r, x) => assert.equal(await hasCollection(x.c, 'rn9_c'), true),
  },
  {
    name: 'rename order: new is an alias beats old missing',
    setup: given(['rn10_c'], [['rn10_c', 'rn10_a']]),
    call: (x) => rename(x, { collection_name: 'rn10_missing', new_collection_name: 'rn10_a' }),
    expect: e65535('cannot rename collection to an existing alias: rn10_a'),
  },
  {
    name: 'rename: new name taken by a collection -> 65535 duplicated <db>:<new>',
    setup: given(['rn11_c1', 'rn11_c2']),
    call: (x) => rename(x, { collection_name: 'rn11_c1', new_collection_name: 'rn11_c2' }),
    expect: e65535('duplicated new collection name default:rn11_c2 with other collection name or alias'),
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'rn11_c1'), true);
      assert.equal(await hasCollection(x.c, 'rn11_c2'), true);
    },
  },
  {
    name: 'rename across databases: new name taken in the target database -> 65535 names the target database',
    setup: all(pdb, given(['rn12_c'])),
    call: (x) => rename(x, { collection_name: 'rn12_c', new_collection_name: 'p_c2', new_db_name: 'p_db2' }),
    expect: e65535('duplicated new collection name p_db2:p_c2 with other collection name or alias'),
  },
  {
    name: 'rename order: new taken beats old missing',
    setup: given(['rn13_taken']),
    call: (x) => rename(x, { collection_name: 'rn13_missing', new_collection_name: 'rn13_taken' }),
    expect: e65535('duplicated new collection name default:rn13_taken with other collection name or alias'),
  },
  {
    // old missing -> 100 (docs/aliases.md; the text is left open: Milvus 2.6 answers collection not found,
    // with or without the database part).
    name: 'rename: old collection missing -> 100 CollectionNotExists',
    call: (x) => rename(x, { collection_name: 'rn14_missing', new_collection_name: 'rn14_new' }),
    expect: e100(/^collection not found(\[database=default\])?\[collection=rn14_missing\]$/),
  },
  {
    name: 'rename across databases with aliases -> 65535 must drop all aliases; nothing moves',
    setup: all(pdb, given(['rn15_c'], [['rn15_c', 'rn15_a']])),
    call: (x) => rename(x, { collection_name: 'rn15_c', new_collection_name: 'rn15_c', new_db_name: 'p_db1' }),
    expect: e65535('fail to rename db name, must drop all aliases of this collection before rename'),
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'rn15_c'), true);
      assert.equal(await hasCollection(x.c, 'rn15_c', 'p_db1'), false);
      await assertAliasTarget(x.c, 'rn15_a', 'rn15_c');
    },
  },
  {
    name: 'rename within a database keeps the aliases: alias resolves, describe_alias shows the new name',
    setup: given(
      ['rn16_c'],
      [
        ['rn16_c', 'rn16_a'],
        ['rn16_c', 'rn16_b'],
      ],
    ),
    call: async (x) => {
      const before = await describeCollection(x.c, 'rn16_c');
      assertOk(before, 'describe before rename');
      const r = await rename(x, { collection_name: 'rn16_c', new_collection_name: 'rn16_new' });
      return Object.assign(r, { idBefore: String(before.collectionID) });
    },
    expect: 'ok',
    check: async (r, x) => {
      await assertAliasTarget(x.c, 'rn16_a', 'rn16_new');
      await assertAliasTarget(x.c, 'rn16_b', 'rn16_new');
      const d = await describeCollection(x.c, 'rn16_a');
      assertOk(d);
      assert.equal(d.schema.name, 'rn16_new');
      assert.equal(d.collection_name, 'rn16_a');
      assert.equal(String(d.collectionID), r.idBefore);
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'rn16_new')), ['rn16_a', 'rn16_b']);
      assert.equal(await hasCollection(x.c, 'rn16_c'), false);
      assert.equal(await hasCollection(x.c, 'rn16_new'), true);
    },
  },
  {
    name: 'rename across databases without aliases -> success, the collection moves',
    setup: all(given([], [], 'rn17_db'), given(['rn17_c'])),
    call: (x) => rename(x, { collection_name: 'rn17_c', new_collection_name: 'rn17_moved', new_db_name: 'rn17_db' }),
    expect: 'ok',
    check: async (_r, x) => {
      assert.equal(await hasCollection(x.c, 'rn17_c'), false);
      assert.equal(await hasCollection(x.c, 'rn17_moved', 'rn17_db'), true);
      assert.equal(await hasCollection(x.c, 'rn17_moved'), false);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// drop_database
// ---------------------------------------------------------------------------------------------
const databaseRows: Row[] = [
  {
    name: 'drop_database refused while it holds collections -> 65535 not empty',
    setup: given(['db1_c'], [['db1_c', 'db1_a']], 'db1_db'),
    call: (x) => x.c.dropDatabase({ db_name: 'db1_db' }),
    expect: e65535('database:db1_db not empty, must drop all collections before drop database'),
    check: async (_r, x) => {
      const l = await x.c.listDatabases();
      assertOk(l);
      assert.ok(l.db_names.includes('db1_db'), `db1_db still listed: ${JSON.stringify(l.db_names)}`);
      await assertAliasTarget(x.c, 'db1_a', 'db1_c', 'db1_db');
    },
  },
  {
    // Milvus fixes the text only, not the code (Elanus sends 65535), so only "an error" is required.
    name: 'drop_database("default") refused: "can not drop default database"',
    call: (x) => x.c.dropDatabase({ db_name: 'default' }),
    expect: (r) => {
      const s = statusOf(r);
      assert.equal(s.reason, 'can not drop default database', JSON.stringify(s));
      assert.notEqual(s.code, 0, JSON.stringify(s));
      assert.notEqual(s.error_code, 'Success', JSON.stringify(s));
    },
    check: async (_r, x) => {
      const l = await x.c.listDatabases();
      assertOk(l);
      assert.ok(l.db_names.includes('default'));
    },
  },
  {
    name: 'drop_database of an emptied database -> success; it is no longer listed',
    setup: all(given(['db2_c'], [['db2_c', 'db2_a']], 'db2_db'), async (x) => {
      assertOk(await dropAlias(x.c, 'db2_a', 'db2_db'), 'drop alias');
      assertOk(await dropCollection(x.c, 'db2_c', 'db2_db'), 'drop collection');
    }),
    call: (x) => x.c.dropDatabase({ db_name: 'db2_db' }),
    expect: 'ok',
    check: async (_r, x) => {
      const l = await x.c.listDatabases();
      assertOk(l);
      assert.ok(!l.db_names.includes('db2_db'), `db2_db must be gone: ${JSON.stringify(l.db_names)}`);
      assert.ok(l.db_names.includes('default'), 'default is always listed');
      assertErr(await describeAlias(x.c, 'db2_a', 'db2_db'), e800('db2_db'));
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Durability: a successful create/alter/drop is durable when it returns (restart on the same data).
// Kept last: it restarts the file's server.
// ---------------------------------------------------------------------------------------------
async function restart(): Promise<void> {
  const s = ctx.server;
  await s.stop();
  dbClients.clear();
  server = await startServer({ dataDir: s.dataDir });
  defaultClient = server.client();
}

const durabilityRows: Row[] = [
  {
    name: 'create_alias / alter_alias / drop_alias results survive a restart on the same data dir',
    setup: all(
      given(
        ['du_c1', 'du_c2'],
        [
          ['du_c1', 'du_a'],
          ['du_c1', 'du_b'],
          ['du_c1', 'du_gone'],
        ],
      ),
      given(['du_c3'], [['du_c3', 'du_x']], 'du_db'),
      async (x) => {
        assertOk(await alterAlias(x.c, { collection_name: 'du_c2', alias: 'du_b' }), 'alter');
        assertOk(await dropAlias(x.c, 'du_gone'), 'drop');
      },
    ),
    call: async (x) => {
      await restart();
      return describeAlias(x.c, 'du_a');
    },
    expect: 'ok',
    check: async (r, x) => {
      assert.equal(r.collection, 'du_c1');
      await assertAliasTarget(x.c, 'du_b', 'du_c2');
      await assertNoAlias(x.c, 'du_gone');
      await assertAliasTarget(x.c, 'du_x', 'du_c3', 'du_db');
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'du_c1')), ['du_a']);
      assert.deepEqual(sortedAliases(await listAliases(x.c, 'du_c2')), ['du_b']);
      const d = await describeCollection(x.c, 'du_b');
      assertOk(d);
      assert.equal(d.schema.name, 'du_c2');
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Runner
// ---------------------------------------------------------------------------------------------
function runRows(rows: Row[]): void {
  for (const row of rows) {
    test(row.name, async () => {
      if (row.setup) await row.setup(ctx);
      const reply = await row.call(ctx);
      if (row.expect === 'ok') assertOk(reply, row.name);
      else if (typeof row.expect === 'function') row.expect(reply);
      else assertErr(reply, row.expect, row.name);
      if (row.check) await row.check(reply, ctx);
    });
  }
}

before(async () => {
  server = await startServer();
  defaultClient = server.client();
});

after(async () => {
  const s = server;
  server = undefined;
  defaultClient = undefined;
  dbClients.clear();
  if (s) {
    await s.stop();
    removeDataDir(s.dataDir);
  }
});

describe('name rules', () => runRows(nameRuleRows));
describe('create_alias', () => runRows(createAliasRows));
describe('alter_alias', () => runRows(alterAliasRows));
describe('drop_alias', () => runRows(dropAliasRows));
describe('describe_alias', () => runRows(describeAliasRows));
describe('list_aliases', () => runRows(listAliasesRows));
describe('aliases per database and the database of a request', () => runRows(perDatabaseRows));
describe('describe/has/list collections through aliases', () => runRows(collectionReadRows));
describe('drop_collection and create_collection against aliases', () => runRows(dropCreateRows));
describe('rename_collection', () => runRows(renameRows));
describe('databases', () => runRows(databaseRows));
describe('durability', () => runRows(durabilityRows));
