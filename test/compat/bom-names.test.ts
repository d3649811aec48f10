// Names that begin with a byte-order mark (U+FEFF), through the official Node SDK against a real
// `elanus serve`. Milvus trims some names with Go's strings.TrimSpace, which keeps U+FEFF (it is
// not a space to Go), and some not at all; either way the name's first byte is 0xEF, not a letter,
// and the request is refused with the first-character text. JavaScript's String#trim strips
// U+FEFF, so trimming that way made such names valid and created (or read) something Milvus
// refuses.
//
// Sources: internal/proxy/util.go validateCollectionNameOrAlias (not trimmed), ValidateDatabaseName
// (not trimmed), validatePartitionTag, validateFieldName, validateIndexName and
// translateOutputFields (strings.TrimSpace).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { assertSuccess } from './client-helpers.js';

let server: RunningServer;
let client: MilvusClient;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const BOM = '\uFEFF';
/** merr's ErrFieldNotFound. */
const FIELD_NOT_FOUND = 1700;
const COLL = 'bom_names';

const ok = assertSuccess;

/** A refusal, whether the SDK returned its status or threw it (createCollection throws). */
function refused(reply: Any, code: number, reason: string, label: string): void {
  const s = reply.status ?? reply;
  assert.deepEqual({ code: s.code, reason: s.reason }, { code, reason }, label);
  assert.notEqual(s.error_code, 'Success', label);
}

const fields = (extra: Any[] = []) => [
  { name: 'id', data_type: DataType.Int64, is_primary_key: true },
  { name: 'n', data_type: DataType.Int64 },
  { name: 'v', data_type: DataType.FloatVector, dim: 2 },
  ...extra,
];

before(async () => {
  server = await startServer();
  client = server.client();
  ok(await client.createCollection({ collection_name: COLL, fields: fields() }), 'create');
  ok(await client.insert({ collection_name: COLL, data: [{ id: 1, n: 5, v: [1, 0] }] }), 'insert');
  ok(await client.createIndex({ collection_name: COLL, field_name: 'v', index_type: 'FLAT', metric_type: 'L2' }), 'index');
  ok(await client.loadCollection({ collection_name: COLL }), 'load');
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

test('a collection name and an alias starting with a byte-order mark get the first-character text', async () => {
  refused(
    await client.createCollection({ collection_name: `${BOM}coll`, fields: fields() }).catch((e: unknown) => e),
    1100,
    `Invalid collection name: ${BOM}coll. the first character of a collection name must be an underscore or letter: invalid parameter`,
    'collection',
  );
  refused(
    await client.createAlias({ collection_name: COLL, alias: `${BOM}al` }),
    1100,
    `Invalid collection alias: ${BOM}al. the first character of a collection alias must be an underscore or letter: invalid parameter`,
    'alias',
  );
});

test('a database name starting with a byte-order mark gets the first-character text', async () => {
  refused(
    await client.createDatabase({ db_name: `${BOM}db` }),
    802,
    `the first character of a database name must be an underscore or letter: invalid database name[database=${BOM}db]`,
    'database',
  );
});

test('a partition name starting with a byte-order mark is refused, and no partition is created', async () => {
  refused(
    await client.createPartition({ collection_name: COLL, partition_name: `${BOM}p` }),
    65535,
    `Invalid partition name: ${BOM}p. The first character of a partition name must be an underscore or letter.`,
    'partition',
  );
  const partitions = await client.showPartitions({ collection_name: COLL });
  ok(partitions, 'show partitions');
  assert.deepEqual(partitions.partition_names, ['_default']);
  // blanks around a valid name are still trimmed for the check, as Go's TrimSpace trims them
  ok(await client.createPartition({ collection_name: COLL, partition_name: ' p1\t' }), 'trimmed partition name');
});

test("a field name starting with a byte-order mark gets validateFieldName's first-character text", async () => {
  refused(
    await client
      .createCollection({ collection_name: 'bom_field', fields: fields([{ name: `${BOM}f`, data_type: DataType.Int64 }]) })
      .catch((e: unknown) => e),
    1701,
    `Invalid field name: ${BOM}f. The first character of a field name must be an underscore or letter.: field name invalid[field=${BOM}f]`,
    'field',
  );
});

test('an index name starting with a byte-order mark gets the first-character text', async () => {
  refused(
    await client.createIndex({ collection_name: COLL, field_name: 'n', index_name: `${BOM}idx`, index_type: 'INVERTED' }),
    65535,
    `Invalid index name: ${BOM}idx. The first character of a index name must be an underscore or letter.`,
    'index',
  );
});

test('an output field starting with a byte-order mark names no field (it is not trimmed into one)', async () => {
  refused(
    await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: [`${BOM}n`] }),
    FIELD_NOT_FOUND,
    `field ${BOM}n not exist: field not found[field=${BOM}n]`,
    'output field',
  );
  const trimmed = await client.query({ collection_name: COLL, filter: 'id > 0', output_fields: [' n '] });
  ok(trimmed, 'blanks around an output field');
  assert.equal(Number(trimmed.data[0].n), 5);
});
