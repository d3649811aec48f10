// Name rules for collections, aliases, fields and databases (spec/aliases.md, "Name rules").
// Milvus checks the UTF-8 bytes, not JavaScript's UTF-16 `length`, and checks in a fixed order:
// empty, too long, first byte, later bytes. The first failing rule decides the text.
import { invalidParameter } from '../errors.js';

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

/** Milvus's validateFieldName. */
export function checkFieldName(name: string): void {
  const violation = nameRuleViolation(name);
  if (violation === undefined) return;
  const prefix = `Invalid field name: ${name}. `;
  switch (violation) {
    case 'empty':
      throw invalidParameter('field name should not be empty');
    case 'tooLong':
      throw invalidParameter(`${prefix}The length of a field name must be less than ${MAX_NAME_BYTES} characters.`);
    case 'firstChar':
      throw invalidParameter(`${prefix}The first character of a field name must be an underscore or letter.`);
    case 'laterChar':
      throw invalidParameter(`${prefix}Field name can only contain numbers, letters, and underscores.`);
  }
}

/** Milvus's ValidateDatabaseName. */
export function checkDatabaseName(name: string): void {
  const violation = nameRuleViolation(name);
  if (violation === undefined) return;
  const prefix = `Invalid database name: ${name}. `;
  switch (violation) {
    case 'empty':
      throw invalidParameter('database name should not be empty');
    case 'tooLong':
      throw invalidParameter(`${prefix}The length of a database name must be less than ${MAX_NAME_BYTES} characters.`);
    case 'firstChar':
      throw invalidParameter(`${prefix}The first character of a database name must be an underscore or letter.`);
    case 'laterChar':
      throw invalidParameter(`${prefix}Database name can only contain numbers, letters and underscores.`);
  }
}
