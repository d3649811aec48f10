// Names: collection, alias, partition, index, field and database names of every shape (random
// Unicode, empty, long, a BOM, control characters, lone surrogates, a digit first, punctuation,
// surrounding spaces, the known names in other cases) in every request that takes one.
//
// Whether a name is clearly invalid is decided here from Milvus's own rules, written anew
// (internal/proxy/validate_util.go: validateCollectionNameOrAlias, validatePartitionTag,
// validateFieldName, ValidateDatabaseName, validateIndexName): a name invalid both as given and
// with surrounding spaces trimmed (Milvus versions differ on trimming). A request that would write
// (create, rename, drop) is only sent with a clearly invalid name, and never with a known one:
// the known data must come out unchanged.
import fc from 'fast-check';
import { DataType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { COLLECTIONS, DOCS, ITEMS, ITEMS_ALIAS, KNOWN_NAMES, OTHER_DB } from '../known-data.js';
import type { Expectation } from '../oracle.js';
import { encodeMessage } from '../wire.js';
import type { FuzzDomain } from '../runner.js';
import type { FuzzTarget, Outcome, Reply } from '../target.js';

/** Which of Milvus's name rules applies. */
export type NameRule = 'collection' | 'partition' | 'field' | 'index' | 'database';

const MAX_NAME_BYTES = 255;
const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const UNDERSCORE = 0x5f;

/** Whether `name` breaks `rule`, taken exactly as given (UTF-8 bytes, as Milvus checks them). */
function breaks(name: string, rule: NameRule): boolean {
  if (name === '') return rule !== 'index'; // an empty index name asks for the default one
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > MAX_NAME_BYTES) return true;
  const first = bytes[0]!;
  if (first !== UNDERSCORE && !isLetter(first) && !(rule === 'partition' && isDigit(first))) return true;
  for (const b of bytes.subarray(1)) {
    // index names may hold [ ] (a JSON path); partition names a '-' (Milvus 2.6 validatePartitionTag)
    const extra = (rule === 'index' && (b === 0x5b || b === 0x5d)) || (rule === 'partition' && b === 0x2d);
    if (b !== UNDERSCORE && !isLetter(b) && !isDigit(b) && !extra) return true;
  }
  return false;
}

/** Invalid by Milvus's rule both as given and trimmed: no Milvus accepts it. */
export function clearlyInvalidName(name: string, rule: NameRule): boolean {
  return breaks(name, rule) && breaks(name.trim(), rule);
}

// ---- generators ---------------------------------------------------------------------------------

const validName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,24}$/);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f }))
  .map((c) => String.fromCharCode(c));
const oddChar = fc.constantFrom(
  '-',
  '.',
  '$',
  '/',
  '\\',
  ' ',
  '%',
  '"',
  "'",
  '`',
  '*',
  '[',
  ']',
  '{',
  '}',
  ':',
  '#',
  '@',
  '\u00e9',
  '\u4e16',
  '\u{1F426}',
  '\u200b',
  '\u202e',
);

/** Names of every shape, most of them invalid somewhere. */
export const anyName: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: validName },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\t', '\n', '\u3000', '\uFEFF') },
  // Too long: 255 bytes is the limit; multi-byte characters count as their bytes.
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(255), 'a'.repeat(256), 'b'.repeat(4096), 'é'.repeat(128), `_${'9'.repeat(300)}`) },
  { weight: 1, arbitrary: validName.map((n) => `\uFEFF${n}`) },
  { weight: 2, arbitrary: fc.tuple(validName, controlChar, validName).map(([a, c, b]) => a + c + b) },
  { weight: 2, arbitrary: fc.tuple(validName, oddChar, validName).map(([a, c, b]) => a + c + b) },
  { weight: 1, arbitrary: fc.tuple(validName, loneSurrogate).map(([a, s]) => a + s) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 9 }), validName).map(([d, n]) => `${d}${n}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(' ', '  ', '\t'), validName, fc.constantFrom('', ' ', '\n')).map(([a, n, b]) => a + n + b) },
  // The known names, changed a little: another case, a space, a suffix.
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...KNOWN_NAMES), fc.constantFrom('upper', 'space', 'suffix', 'nul')).map(([n, how]) => changed(n, how)),
  },
);

function changed(name: string, how: string): string {
  switch (how) {
    case 'upper':
      return name.toUpperCase();
    case 'space':
      return `${name} `;
    case 'suffix':
      return `${name}_`;
    default:
      return `${name}\u0000`;
  }
}

// ---- operations ---------------------------------------------------------------------------------

interface NameOp {
  /** The rule the name is checked by. */
  rule: NameRule;
  /** Sending a valid name would write: only clearly invalid names are sent. */
  writes: boolean;
  /** Whether the answer must be an error for this name (beyond a clearly invalid one). */
  mustFail(name: string): boolean;
  /** An empty name means "the default" or "all" here (a database, the aliases of a database), not a bad name. */
  emptyAllowed?: boolean;
  /** The request checks no name rule (docs/aliases.md, drop_alias: a missing alias is a success). */
  noNameRules?: boolean;
  /** The Milvus method and the request, as sent raw (and, where the SDK passes it, through the SDK). */
  request(name: string): { method: string; body: Record<string, unknown> };
  sdk?: (client: MilvusClient, name: string) => Promise<Reply>;
}

const knownCollectionOrAlias = (n: string) => Object.hasOwn(COLLECTIONS, n) || n === ITEMS_ALIAS;
/** fz_docs's indexes, named after their fields (an index created without a name). */
const DOCS_INDEXES = COLLECTIONS[DOCS].vectors.map((v) => v.field);
/** fz_docs's fields: a CreateIndex on one of them is not a case of an unknown field. */
const DOCS_FIELDS = COLLECTIONS[DOCS].fields.map((f) => f.name);

const OPS: Record<string, NameOp> = {
  CreateCollection: {
    rule: 'collection',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'CreateCollection', body: { collection_name: name, schema: schemaBytes(name, 'id') } }),
    sdk: (c, name) => c.createCollection({ collection_name: name, fields: fields('id') }),
  },
  CreateCollectionField: {
    rule: 'field',
    writes: true,
    mustFail: () => true,
    request: (name) => ({
      method: 'CreateCollection',
      body: { collection_name: 'fz_never_created', schema: schemaBytes('fz_never_created', name) },
    }),
    sdk: (c, name) => c.createCollection({ collection_name: 'fz_never_created', fields: fields(name) }),
  },
  DescribeCollection: {
    rule: 'collection',
    writes: false,
    mustFail: (n) => !knownCollectionOrAlias(n),
    request: (name) => ({ method: 'DescribeCollection', body: { collection_name: name } }),
    sdk: (c, name) => c.describeCollection({ collection_name: name }),
  },
  HasCollection: {
    rule: 'collection',
    writes: false,
    mustFail: () => false,
    // Not through the SDK: its hasCollection answers Success whatever DescribeCollection said.
    request: (name) => ({ method: 'HasCollection', body: { collection_name: name } }),
  },
  DropCollection: {
    rule: 'collection',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'DropCollection', body: { collection_name: name } }),
    sdk: (c, name) => c.dropCollection({ collection_name: name }),
  },
  RenameFrom: {
    rule: 'collection',
    writes: false,
    mustFail: (n) => !knownCollectionOrAlias(n),
    // A missing or invalid old name: nothing is renamed (a known one is mapped away below).
    request: (name) => ({ method: 'RenameCollection', body: { oldName: name, newName: 'fz_renamed_never' } }),
  },
  RenameTo: {
    rule: 'collection',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'RenameCollection', body: { oldName: ITEMS, newName: name } }),
    sdk: (c, name) => c.renameCollection({ collection_name: ITEMS, new_collection_name: name }),
  },
  CreateAlias: {
    rule: 'collection',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'CreateAlias', body: { collection_name: ITEMS, alias: name } }),
    sdk: (c, name) => c.createAlias({ collection_name: ITEMS, alias: name }),
  },
  CreateAliasFor: {
    rule: 'collection',
    writes: false,
    mustFail: () => true,
    // The collection is the unknown name: nothing to alias.
    request: (name) => ({ method: 'CreateAlias', body: { collection_name: name, alias: 'fz_alias_never' } }),
    sdk: (c, name) => c.createAlias({ collection_name: name, alias: 'fz_alias_never' }),
  },
  AlterAlias: {
    rule: 'collection',
    writes: false,
    mustFail: () => true,
    request: (name) => ({ method: 'AlterAlias', body: { collection_name: ITEMS, alias: name } }),
    sdk: (c, name) => c.alterAlias({ collection_name: ITEMS, alias: name }),
  },
  DescribeAlias: {
    rule: 'collection',
    writes: false,
    mustFail: () => true,
    request: (name) => ({ method: 'DescribeAlias', body: { alias: name } }),
    sdk: (c, name) => c.describeAlias({ alias: name, collection_name: 'unused_by_the_server' }),
  },
  DropAlias: {
    rule: 'collection',
    writes: true,
    noNameRules: true,
    mustFail: () => false,
    request: (name) => ({ method: 'DropAlias', body: { alias: name } }),
    sdk: (c, name) => c.dropAlias({ alias: name }),
  },
  ListAliases: {
    emptyAllowed: true,
    rule: 'collection',
    writes: false,
    mustFail: (n) => n !== '' && !knownCollectionOrAlias(n),
    request: (name) => ({ method: 'ListAliases', body: { collection_name: name } }),
  },
  CreatePartition: {
    rule: 'partition',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'CreatePartition', body: { collection_name: ITEMS, partition_name: name } }),
    sdk: (c, name) => c.createPartition({ collection_name: ITEMS, partition_name: name }),
  },
  HasPartition: {
    rule: 'partition',
    writes: false,
    mustFail: () => false,
    request: (name) => ({ method: 'HasPartition', body: { collection_name: ITEMS, partition_name: name } }),
    sdk: (c, name) => c.hasPartition({ collection_name: ITEMS, partition_name: name }),
  },
  DropPartition: {
    rule: 'partition',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'DropPartition', body: { collection_name: ITEMS, partition_name: name } }),
    sdk: (c, name) => c.dropPartition({ collection_name: ITEMS, partition_name: name }),
  },
  LoadPartitions: {
    rule: 'partition',
    writes: false,
    mustFail: () => true,
    request: (name) => ({ method: 'LoadPartitions', body: { collection_name: ITEMS, partition_names: [name] } }),
    sdk: (c, name) => c.loadPartitions({ collection_name: ITEMS, partition_names: [name] }),
  },
  QueryPartition: {
    rule: 'partition',
    writes: false,
    mustFail: () => true,
    request: (name) => ({ method: 'Query', body: { collection_name: ITEMS, expr: 'id > 0', output_fields: ['id'], partition_names: [name] } }),
  },
  CreateIndexName: {
    rule: 'index',
    writes: true,
    mustFail: () => true,
    request: (name) => ({
      method: 'CreateIndex',
      body: { collection_name: ITEMS, field_name: 'n', index_name: name, extra_params: [{ key: 'index_type', value: 'INVERTED' }] },
    }),
    sdk: (c, name) => c.createIndex({ collection_name: ITEMS, field_name: 'n', index_name: name, index_type: 'INVERTED' }),
  },
  CreateIndexField: {
    rule: 'field',
    writes: false,
    mustFail: () => true,
    // No field of that name (a known one is mapped away): nothing to index.
    request: (name) => ({
      method: 'CreateIndex',
      body: { collection_name: DOCS, field_name: name, index_name: '', extra_params: [{ key: 'index_type', value: 'INVERTED' }] },
    }),
  },
  DescribeIndex: {
    rule: 'index',
    writes: false,
    mustFail: (n) => n.trim() !== '' && !DOCS_INDEXES.includes(n.trim()),
    request: (name) => ({ method: 'DescribeIndex', body: { collection_name: DOCS, index_name: name } }),
    sdk: (c, name) => c.describeIndex({ collection_name: DOCS, index_name: name }),
  },
  CreateDatabase: {
    rule: 'database',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'CreateDatabase', body: { db_name: name } }),
    sdk: (c, name) => c.createDatabase({ db_name: name }),
  },
  DropDatabase: {
    rule: 'database',
    writes: true,
    mustFail: () => true,
    request: (name) => ({ method: 'DropDatabase', body: { db_name: name } }),
    sdk: (c, name) => c.dropDatabase({ db_name: name }),
  },
  DescribeDatabase: {
    emptyAllowed: true,
    rule: 'database',
    writes: false,
    mustFail: (n) => n !== '' && n !== 'default' && n !== OTHER_DB,
    request: (name) => ({ method: 'DescribeDatabase', body: { db_name: name } }),
    sdk: (c, name) => c.describeDatabase({ db_name: name }),
  },
  DescribeInDatabase: {
    emptyAllowed: true,
    rule: 'database',
    writes: false,
    // '' is the default database, where the collection is.
    mustFail: (n) => n !== '' && n !== 'default',
    request: (name) => ({ method: 'DescribeCollection', body: { db_name: name, collection_name: ITEMS } }),
    sdk: (c, name) => c.describeCollection({ db_name: name, collection_name: ITEMS }),
  },
  SearchInDatabase: {
    emptyAllowed: true,
    rule: 'database',
    writes: false,
    mustFail: (n) => n !== '' && n !== 'default',
    request: (name) => ({ method: 'Query', body: { db_name: name, collection_name: ITEMS, expr: 'id > 0', output_fields: ['id'] } }),
  },
};

/** The encoded schema (CreateCollectionRequest carries it as bytes) of a one-vector collection whose primary key is `pk`. */
function schemaBytes(collection: string, pk: string): Buffer {
  return encodeMessage('milvus.proto.schema.CollectionSchema', {
    name: collection,
    fields: [
      { fieldID: 100, name: pk, data_type: 'Int64', is_primary_key: true },
      { fieldID: 101, name: 'vec', data_type: 'FloatVector', type_params: [{ key: 'dim', value: '4' }] },
    ],
  });
}

function fields(pk: string) {
  return [
    { name: pk, data_type: DataType.Int64, is_primary_key: true, autoID: false },
    { name: 'vec', data_type: DataType.FloatVector, dim: 4 },
  ];
}

export interface NameCase {
  op: string;
  name: string;
  /** Sent through the SDK (when it passes the name through) or raw. */
  viaSdk: boolean;
}

/** A case that would write with a name that is valid or known, made a read of the same name. */
function readInstead(c: NameCase): NameCase {
  const op = OPS[c.op]!;
  if (!op.writes) return c;
  if (clearlyInvalidName(c.name, op.rule) && !KNOWN_NAMES.has(c.name)) return c;
  const read =
    op.rule === 'partition'
      ? 'HasPartition'
      : op.rule === 'database'
        ? 'DescribeDatabase'
        : op.rule === 'index'
          ? 'DescribeIndex'
          : 'HasCollection';
  return { ...c, op: read };
}

/** Mapped so that a name that is known is never sent to an op that assumes it is not. */
function unknownOnly(c: NameCase): NameCase {
  if (
    KNOWN_NAMES.has(c.name) &&
    ['RenameFrom', 'CreateAliasFor', 'AlterAlias', 'DescribeAlias', 'LoadPartitions', 'QueryPartition', 'CreateIndexField'].includes(c.op)
  ) {
    return { ...c, op: 'HasCollection' };
  }
  if (c.op === 'CreateIndexField' && DOCS_FIELDS.includes(c.name.trim())) return { ...c, op: 'HasCollection' };
  return c;
}

export const namesDomain: FuzzDomain<NameCase> = {
  name: 'names',
  cases: fc.record({ op: fc.constantFrom(...Object.keys(OPS)), name: anyName, viaSdk: fc.boolean() }).map((c) => readInstead(unknownOnly(c))),
  async send(target: FuzzTarget, c: NameCase): Promise<{ outcome: Outcome; expect: Expectation }> {
    const op = OPS[c.op]!;
    const { method, body } = op.request(c.name);
    const outcome = c.viaSdk && op.sdk ? await target.sdk((client) => op.sdk!(client, c.name), method, body) : await target.raw(method, body);
    const badName = !op.noNameRules && clearlyInvalidName(c.name, op.rule) && !(op.emptyAllowed && c.name === '');
    return { outcome, expect: { invalid: badName || op.mustFail(c.name) } };
  },
  describe: (c) => `${c.op}(${JSON.stringify(c.name)}) via ${c.viaSdk && OPS[c.op]!.sdk ? 'sdk' : 'raw'}`,
};
