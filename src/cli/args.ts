// The command line of every `elanus` command, read by one parser so that each refuses the same
// mistakes the same way (a UsageError naming the option or argument: exit 2, nothing done) and
// answers -h / --help alike. Options are node:util parseArgs declarations.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './failures.js';

export type OptionDeclarations = NonNullable<ParseArgsConfig['options']>;

type Strict<O extends OptionDeclarations> = { args: string[]; options: O; allowPositionals: true; strict: true };
type Values<O extends OptionDeclarations> = ReturnType<typeof parseArgs<Strict<O>>>['values'];

export type ParsedCommand<O extends OptionDeclarations> =
  /** -h or --help was given: print the help, whatever else is there. */
  | { help: true; positionals: string[] }
  | {
      help: false;
      command: string;
      values: Values<O>;
      positionals: string[];
      /** The options given on the command line (the others come from the environment or a default). */
      given: ReadonlySet<string>;
    };

/**
 * Reads `args`, the arguments of `command` (as typed after `elanus`: `serve`, `alias`), against
 * its `options`, accepting at most `maxPositionals` arguments that are not options.
 */
export function parseCommand<O extends OptionDeclarations>(command: string, args: string[], options: O, maxPositionals: number): ParsedCommand<O> {
  // A first, lenient pass sees every token, so that --help wins over any mistake and each mistake
  // gets a message of ours.
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  const positionals = tokens.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  if (tokens.some((t) => t.kind === 'option' && (t.rawName === '--help' || t.rawName === '-h'))) return { help: true, positionals };
  const given = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const declared = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (declared === undefined || (token.rawName.length === 2 && declared.short !== token.rawName[1])) {
      throw new UsageError(`unknown option ${token.rawName}`, command);
    }
    if (declared.type === 'boolean' && token.value !== undefined) throw new UsageError(`option ${token.rawName} takes no value`, command);
    // parseArgs takes the next argument as the value even when it looks like an option.
    if (
      declared.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value.length > 1))
    ) {
      const hint = token.value === undefined ? '' : `; write ${token.rawName}=${token.value} if "${token.value}" is the value`;
      throw new UsageError(`option ${token.rawName} needs a value${hint}`, command);
    }
    given.add(token.name);
  }
  if (positionals.length > maxPositionals) throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`, command);
  try {
    const { values } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { help: false, command, values: values as Values<O>, positionals, given };
  } catch (e) {
    // Whatever the first pass missed is still the command line's fault, not a crash.
    if (String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_')) throw new UsageError((e as Error).message, command);
    throw e;
  }
}

/**
 * The value of integer option `name`, between `min` and `max`; `env`, the environment variable it
 * defaults to, is named when the bad value came from there.
 */
export function integerOption(
  parsed: { command: string; values: Record<string, unknown>; given: ReadonlySet<string> },
  name: string,
  min: number,
  max: number,
  env?: string,
): number {
  const text = String(parsed.values[name]);
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const from = parsed.given.has(name) || env === undefined ? '' : ` (from ${env})`;
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  throw new UsageError(`--${name}${from} must be an integer ${range}, got "${text}"`, parsed.command);
}
