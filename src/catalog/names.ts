// Name rules for collections, aliases, fields and databases (docs/aliases.md, "Name rules").
// Milvus checks the UTF-8 bytes, not JavaScript's UTF-16 `length`, and checks in a fixed order:
// empty, too long, first byte, later bytes. The first failing rule decides the text.
import { databaseNameInvalid, fieldNameInvalid, invalidParameter } from '../errors.js';

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
  // Milvus builds this prefix and then formats "%s the ...", hence two spaces after the period.
  const prefix = `Invalid collection ${entity}: ${value}. `;
  switch (violation) {
    case 'empty':
      throw invalidParameter(`collection ${entity} should not be empty`);
    case 'tooLong':
      throw invalidParameter(`${prefix} the length of a collection ${entity} must be less than ${MAX_NAME_BYTES} characters`);
    case 'firstChar':
      throw invalidParameter(`${prefix} the first character of a collection ${entity} must be an underscore or letter`);
    case 'laterChar':
      throw invalidParameter(`${prefix} collection ${entity} can only contain numbers, letters and underscores`);
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

/** Milvus's validateFieldName: code 1701, on the name with surrounding spaces trimmed. */
export function checkFieldName(raw: string): void {
  const name = raw.trim();
  const violation = nameRuleViolation(name);
  const prefix = `Invalid field name: ${name}. `;
  switch (violation) {
    case 'empty':
      throw fieldNameInvalid(name, 'field name should not be empty');
    case 'tooLong':
      throw fieldNameInvalid(name, `${prefix}The length of a field name must be less than ${MAX_NAME_BYTES} characters.`);
    case 'firstChar':
      throw fieldNameInvalid(name, `${prefix}The first character of a field name must be an underscore or letter.`);
    case 'laterChar':
      throw fieldNameInvalid(name, `${prefix}Field name can only contain numbers, letters, and underscores.`);
    case undefined:
      if (FIELD_NAME_KEYWORDS.has(name)) throw fieldNameInvalid(name, `${prefix}${name} is keyword in milvus.`);
  }
}

/** Milvus's ValidateDatabaseName: code 802 (used by create and drop database). */
export function checkDatabaseName(name: string): void {
  switch (nameRuleViolation(name)) {
    case 'empty':
      throw databaseNameInvalid(name, "database name couldn't be empty");
    case 'tooLong':
      throw databaseNameInvalid(name, `the length of a database name must be less than ${MAX_NAME_BYTES} characters`);
    case 'firstChar':
      throw databaseNameInvalid(name, 'the first character of a database name must be an underscore or letter');
    case 'laterChar':
      throw databaseNameInvalid(name, 'database name can only contain numbers, letters and underscores');
  }
}
