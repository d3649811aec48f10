#!/usr/bin/env node
// The `elanus` command: `elanus serve` runs the server, `elanus alias ...` reads and changes
// aliases. A failure prints one line and exits with the code of its kind (failures.ts).
import { ELANUS_VERSION } from '../version.js';
import { failureOf, UsageError } from './failures.js';

const USAGE = `Usage: elanus <command> [options]

  serve           serve Milvus's gRPC protocol on a data directory
  alias           list and change collection aliases, on a server or in a data directory
  help [command]  this text, or a command's (same as elanus <command> --help)
  version         the version of Elanus (also --version)

Exit codes: 0 done, 1 the request failed, 2 bad command line, 3 data directory unusable,
4 data directory in use, 5 cannot listen, 70 internal error (docs/operations.md).
`;

// Each command's module is loaded when it runs: --help answers without loading the engine.
const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  serve: async (args) => (await import('./serve.js')).serveCommand(args),
  alias: async (args) => (await import('./alias.js')).aliasCommand(args),
};

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'help') {
    // `elanus help serve`, `elanus help alias list`: the command's own --help.
    if (rest.length === 0) process.stdout.write(USAGE);
    else await commandNamed(rest[0]!)([...rest.slice(1), '--help']);
    return;
  }
  if (command === 'version' || command === '--version') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    process.stdout.write(`elanus ${ELANUS_VERSION}\n`);
    return;
  }
  await commandNamed(command)(rest);
}

function commandNamed(name: string): (args: string[]) => Promise<void> {
  const run = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (run) return run;
  throw new UsageError(name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`);
}

main(process.argv.slice(2)).catch(async (e: unknown) => {
  const failure = await failureOf(e);
  process.stderr.write(`${failure.text}\n`);
  process.exit(failure.exitCode);
});
