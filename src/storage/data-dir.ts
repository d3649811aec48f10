// The directory a store lives in. It is created only when the caller allows it (a server starting
// on a new directory does; a tool that reads an existing store does not), and every way it can be
// unusable (missing, a file, not writable, no store in it) is refused with one sentence an
// operator can act on, before anything is written there.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

/** The LMDB file of a store, inside its data directory: a directory holds a store iff it is there. */
export const STORE_FILE = 'elanus.lmdb';

export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of its path is a file, not a directory',
  ELOOP: 'too many symbolic links in its path',
  ENAMETOOLONG: 'the path is too long',
  // mkdir over a dangling symbolic link
  EEXIST: 'it exists and is not a directory',
};

/** The errno name of a failure: node:fs gives it as a string, LMDB as the number. */
function errnoName(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'number') return Object.entries(constants.errno).find(([, n]) => n === code)?.[0];
  return undefined;
}

/**
 * `e` as a DataDirError saying what could not be done to `dir` and why, when it is a failure of
 * the file system (errno); any other error (a lock held, a bug) is returned unchanged.
 */
export function dataDirFailure(e: unknown, dir: string, what: string): unknown {
  const name = errnoName(e);
  if (name === undefined) return e;
  const reason = REASONS[name] ?? (e as Error).message;
  return new DataDirError(dir, `${what} ${dir}: ${reason}`);
}

/**
 * Makes sure `dir` can hold a store: with `createIfMissing` it is created (with any missing
 * parents) if it does not exist; without, a store must already be there.
 */
export function prepareDataDir(dir: string, createIfMissing: boolean): void {
  let stats;
  try {
    // Follows a symbolic link: a data directory may be one.
    stats = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw dataDirFailure(e, dir, 'cannot use the data directory');
  }
  if (stats && !stats.isDirectory()) {
    throw new DataDirError(dir, `the data directory ${dir} is ${stats.isFile() ? 'a file, not a directory' : 'not a directory'}`);
  }
  if (!createIfMissing) {
    if (!stats) throw new DataDirError(dir, `no Elanus store in ${dir}: the directory does not exist`);
    if (!existsSync(join(dir, STORE_FILE))) throw new DataDirError(dir, `no Elanus store in ${dir}: it has no ${STORE_FILE}`);
    return;
  }
  if (stats) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw dataDirFailure(e, dir, 'cannot create the data directory');
  }
}
