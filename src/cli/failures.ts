// How a failed `elanus` command ends: one line on stderr, `elanus: ` and what went wrong, and an
// exit code that says which kind of failure it was (docs/operations.md, "Exit codes and errors"),
// so a supervisor can tell a mistake in the command line, which retrying cannot fix, from a port
// or a data directory still held by another process. Only a bug prints a stack trace.
import { ListenError } from './listen.js';

export const EXIT = {
  /** The command ran and failed: a request refused (the server's code and text are printed), a server not reached, a shutdown that failed. */
  failed: 1,
  /** The command line is wrong: unknown command or option, a missing or unexpected argument, a bad value. */
  usage: 2,
  /** The data directory cannot be used: not a directory, not writable, no store in it, or a store format this build cannot read. */
  dataDir: 3,
  /** The data directory is in use by another Elanus process (or another client of this one). */
  dataDirInUse: 4,
  /** The server cannot listen: the address is in use, not an address of this machine, or the port needs privileges. */
  cannotListen: 5,
  /** A bug in Elanus: the stack trace is printed, for a report. */
  internal: 70,
} as const;

/** A mistake in the command line; the message says what and where to find the usage. */
export class UsageError extends Error {
  /** `command`: as typed after `elanus` (`serve`, `alias list`), for the pointer to its help. */
  constructor(message: string, command?: string) {
    super(`${message} (see elanus${command === undefined ? '' : ` ${command}`} --help)`);
    this.name = 'UsageError';
  }
}

export interface Failure {
  exitCode: number;
  /** What to print on stderr, without the final newline. */
  text: string;
}

/** The exit code and the line to print for `e`, the error a command failed with. */
export async function failureOf(e: unknown): Promise<Failure> {
  const line = (exitCode: number, error: unknown) => ({ exitCode, text: `elanus: ${(error as Error).message}` });
  if (e instanceof UsageError) return line(EXIT.usage, e);
  if (e instanceof ListenError) return line(EXIT.cannotListen, e);
  // Loaded only now, so that --help and a mistyped command line do not wait for the client and
  // the store to load.
  const [{ MilvusException }, { DataDirError, DataDirLockedError, StoreFormatError }] = await Promise.all([
    import('../client/index.js'),
    import('../storage/index.js'),
  ]);
  // An embedded client reports a data directory it cannot open as a MilvusException; the
  // storage error underneath decides the exit code.
  const error = e instanceof MilvusException && e.cause !== undefined ? e.cause : e;
  if (error instanceof DataDirLockedError) return line(EXIT.dataDirInUse, error);
  if (error instanceof DataDirError || error instanceof StoreFormatError) return line(EXIT.dataDir, error);
  if (e instanceof MilvusException) return { exitCode: EXIT.failed, text: `elanus: error ${e.code} (${e.errorCode}): ${e.reason}` };
  return { exitCode: EXIT.internal, text: `elanus: internal error: ${(e as Error)?.stack ?? String(e)}` };
}
