// The error catalogue is the single source of Milvus error codes and texts: no file under src/
// but src/errors.ts constructs a MilvusError itself (the catalogue's generic builders, such as
// invalidParameter, are not exported, so the compiler holds the rest of the rule).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Code, collectionNotLoaded, isMilvusError } from '../../src/errors.js';

/** dist/test/unit -> the project root, where the TypeScript sources are. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SRC = join(ROOT, 'src');
const CATALOGUE = join(SRC, 'errors.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Lines of `text` that construct a MilvusError directly (`new MilvusError(`, spaces allowed). */
function directConstructions(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (/\bnew\s+MilvusError\s*\(/.test(line)) lines.push(i + 1);
  });
  return lines;
}

test('the scanner finds a direct construction and ignores the catalogue constructors', () => {
  assert.deepEqual(directConstructions("const a = 1;\nthrow new MilvusError(Code.Unexpected, 'x');\n"), [2]);
  assert.deepEqual(directConstructions('throw new  MilvusError (1, "y")'), [1]);
  assert.deepEqual(directConstructions('throw searchErrors.topkInvalid(0, 16384);'), []);
});

test('no file under src/ but errors.ts constructs a MilvusError', () => {
  const files = sourceFiles(SRC).filter((f) => f !== CATALOGUE);
  assert.ok(files.length > 50, `expected the whole source tree under ${SRC}, found ${files.length} files`);
  const offenders = files.flatMap((f) => directConstructions(readFileSync(f, 'utf8')).map((line) => `${relative(ROOT, f)}:${line}`));
  assert.deepEqual(offenders, [], 'construct errors through src/errors.ts');
});

test("'collection not loaded' is Milvus's 101 wherever it is raised", () => {
  const e = collectionNotLoaded('c');
  assert.ok(isMilvusError(e));
  assert.equal(e.code, Code.CollectionNotLoaded);
  assert.equal(e.code, 101);
  assert.equal(e.message, 'collection not loaded[collection=c]');
});
