// Name rules for collections, aliases, fields and databases (docs/aliases.md, "Name rules").
// Milvus checks the UTF-8 bytes, not JavaScript's UTF-16 `length`, and checks in a fixed order:
// empty, too long, first byte, later bytes. The first failing rule decides the text. Collection
// names, aliases and database names are checked as sent; field names (like partition and index
// names) after Go's strings.TrimSpace, never String#trim, which also strips U+FEFF.
import { collectionNameErrors, databaseNameErrors, fieldNameErrors } from '../errors.js';
import { goTrimSpace } from './go-values.js';

export const MAX_NAME_BYTES = 255;

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

const UNDERSCORE = 0x5f;

export type NameRuleViolation = 'empty' | 'tooLong' | 'firstChar' | 'laterChar';

/** The first rule `name` breaks, or undefined when it is a valid name. */
export function nameRuleViolation(name: string, maxBytes = MAX_NAME_BYTES): NameRuleViolation | undefined {
  if (name.length === 0) return 'empty';
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > maxBytes) return 'tooLong';
  if (bytes[0] !== UNDERSCORE && !isLetter(bytes[0]!)) return 'firstChar';
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== UNDERSCORE && !isLetter(b) && !isDigit(b)) return 'laterChar';
  }
  return undefined;
}

/** "collection name" / "collection alias": Milvus's validateCollectionNameOrAlias. */
function checkCollectionNameOrAlias(value: string, entity: 'name' | 'alias'): void {
  const violation = nameRuleViolation(value);
  if (violation === undefined) return;
  // Milvus builds the prefix "Invalid collection <entity>: <value>. " and formats "%s the ...";
  // its error formatting trims the prefix's trailing space, so one space follows the period.
  const prefix = `Invalid collection ${entity}: ${value}.`;
  switch (violation) {
    case 'empty':
      throw collectionNameErrors.empty(entity);
    case 'tooLong':
      throw collectionNameErrors.tooLong(prefix, entity, MAX_NAME_BYTES);
    case 'firstChar':
      throw collectionNameErrors.firstChar(prefix, entity);
    case 'laterChar':
      throw collectionNameErrors.laterChar(prefix, entity);
  }
}

export function checkCollectionName(name: string): void {
  checkCollectionNameOrAlias(name, 'name');
}

export function checkAliasName(alias: string): void {
  checkCollectionNameOrAlias(alias, 'alias');
}

/** Words the expression language reserves; a field may not be called one of them (case-sensitive). */
const FIELD_NAME_KEYWORDS = new Set(
  (
    '$meta like exists EXISTS and or not in json_contains JSON_CONTAINS json_contains_all JSON_CONTAINS_ALL ' +
    'json_contains_any JSON_CONTAINS_ANY array_contains ARRAY_CONTAINS array_contains_all ARRAY_CONTAINS_ALL ' +
    'array_contains_any ARRAY_CONTAINS_ANY array_length ARRAY_LENGTH true True TRUE false False FALSE ' +
    'text_match TEXT_MATCH phrase_match PHRASE_MATCH random_sample RANDOM_SAMPLE'
  ).split(' '),
);

/**
 * Milvus's validateFieldName: code 1701, on the name trimmed as Go's strings.TrimSpace trims (a
 * leading byte-order mark stays, and is not a letter).
 */
export function checkFieldName(raw: string): void {
  const name = goTrimSpace(raw);
  const violation = nameRuleViolation(name);
  const prefix = `Invalid field name: ${name}. `;
  switch (violation) {
    case 'empty':
      throw fieldNameErrors.empty(name);
    case 'tooLong':
      throw fieldNameErrors.tooLong(name, prefix, MAX_NAME_BYTES);
    case 'firstChar':
      throw fieldNameErrors.firstChar(name, prefix);
    case 'laterChar':
      throw fieldNameErrors.laterChar(name, prefix);
    case undefined:
      if (FIELD_NAME_KEYWORDS.has(name)) throw fieldNameErrors.keyword(name, prefix);
  }
}

/** Milvus's ValidateDatabaseName: code 802 (used by create and drop database). */
export function checkDatabaseName(name: string): void {
  switch (nameRuleViolation(name)) {
    case 'empty':
      throw databaseNameErrors.empty(name);
    case 'tooLong':
      throw databaseNameErrors.tooLong(name, MAX_NAME_BYTES);
    case 'firstChar':
      throw databaseNameErrors.firstChar(name);
    case 'laterChar':
      throw databaseNameErrors.laterChar(name);
  }
}
