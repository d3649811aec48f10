// Name checks trim as Milvus's Go code trims (strings.TrimSpace), or not at all where Milvus does
// not: U+FEFF is not a space to Go (JavaScript's String#trim strips it) and U+0085 is (String#trim
// keeps it). Sources: internal/proxy/util.go validateFieldName, validatePartitionTag (TrimSpace),
// validateCollectionNameOrAlias and ValidateDatabaseName (no trim).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAliasName, checkCollectionName, checkDatabaseName, checkFieldName } from '../../src/catalog/index.js';
import { checkPartitionName } from '../../src/catalog/partitions.js';

const refusedWith = (check: (name: string) => void, name: string, text: RegExp): void => {
  assert.throws(
    () => check(name),
    (e: Error) => text.test(e.message),
    JSON.stringify(name),
  );
};

test('field and partition names are trimmed as Go trims: a byte-order mark stays and is refused, NEL and other Unicode spaces go', () => {
  refusedWith(checkFieldName, '\uFEFFf', /^Invalid field name: \uFEFFf\. The first character of a field name must be an underscore or letter\./);
  refusedWith(checkPartitionName, '\uFEFFp', /^Invalid partition name: \uFEFFp\. The first character of a partition name/);
  for (const blank of [' ', '\t', '\u0085', '\u00a0', '\u3000', '\u2028']) {
    checkFieldName(`${blank}f${blank}`);
    checkPartitionName(`${blank}p${blank}`);
  }
});

test('collection names, aliases and database names are checked as sent: no trimming at all', () => {
  refusedWith(checkCollectionName, '\uFEFFc', /^Invalid collection name: \uFEFFc\. the first character of a collection name/);
  refusedWith(checkAliasName, '\uFEFFa', /^Invalid collection alias: \uFEFFa\. the first character of a collection alias/);
  refusedWith(checkDatabaseName, '\uFEFFd', /^the first character of a database name must be an underscore or letter/);
  refusedWith(checkCollectionName, ' c', /the first character of a collection name/);
});
