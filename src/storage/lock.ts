// One writer per data directory. A LOCK file holds the owner's pid; it is created with link(2),
// which fails if the file exists, so two processes cannot both create it. A lock left by a
// process that died (SIGKILL, power loss) is recognised by its pid no longer running and taken
// over. Within one process, a directory already opened by another engine is refused too.
import { linkSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const heldInThisProcess = new Set<string>();

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      ownerPid === process.pid
        ? `data directory ${dataDir} is already open in this process; close the other client or server first`
        : `data directory ${dataDir} is in use by another Elanus process (pid ${ownerPid}); stop it or choose another data directory`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

function pidIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else; still a live owner.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  // The real path: the same directory reached through a symlink is the same directory.
  const dir = realpathSync(resolve(dataDir));
  if (heldInThisProcess.has(dir)) throw new DataDirLockedError(dir, process.pid);
  const lockPath = join(dir, 'LOCK');
  const tmpPath = join(dir, `LOCK.${process.pid}.tmp`);
  writeFileSync(tmpPath, `${process.pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmpPath, lockPath);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = readOwner(lockPath);
        // Our own pid on a directory we do not hold: another engine of this process has it.
        if (owner === process.pid) throw new DataDirLockedError(dir, owner);
        if (owner !== undefined && pidIsRunning(owner)) throw new DataDirLockedError(dir, owner);
        if (attempt >= 3) throw new DataDirLockedError(dir, owner ?? 0);
        // Stale: its owner is gone. Remove it and try to link ours again.
        try {
          unlinkSync(lockPath);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    }
  } finally {
    unlinkSync(tmpPath);
  }
  heldInThisProcess.add(dir);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldInThisProcess.delete(dir);
      if (readOwner(lockPath) === process.pid) unlinkSync(lockPath);
    },
  };
}
