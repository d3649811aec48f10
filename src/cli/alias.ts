// `elanus alias ...`: aliases of a running server (or of the store in a data directory), as
// readable tables or as JSON (--json). A request the server refuses prints its code and text and
// exits 1. A data directory is opened only if it already holds a store: these commands never
// create one (every one of them needs collections, which a new store does not have).
import type { MilvusClient } from '../client/index.js';
import { integerOption, parseCommand, type OptionDeclarations } from './args.js';
import { UsageError } from './failures.js';

const ALIAS_OPTIONS = {
  uri: { type: 'string', default: process.env.ELANUS_URI ?? 'http://127.0.0.1:19530' },
  db: { type: 'string', default: 'default' },
  json: { type: 'boolean', default: false },
  // Options of one subcommand each (Subcommand.options).
  collection: { type: 'string' },
  to: { type: 'string' },
} satisfies OptionDeclarations;

/** The options every subcommand takes: how each is written, and what it does. */
const COMMON_OPTIONS: [string, string][] = [
  ['--uri URI', 'http://host:port of a server (default http://127.0.0.1:19530; env ELANUS_URI),'],
  ['', 'or a data directory holding a store, opened in this process (never created)'],
  ['--db NAME', 'database (default "default")'],
  ['--json', 'JSON instead of a table'],
  ['-h, --help', 'this text'],
];

function optionLines(options: [string, string][]): string {
  const width = Math.max(...options.map(([flag]) => flag.length)) + 2;
  return options.map(([flag, text]) => `  ${flag.padEnd(width)}${text}\n`).join('');
}

type Table = Record<string, unknown>[];
type Output = (json: unknown, table: Table | string) => void;

interface Subcommand {
  /** Its arguments, as its usage line shows them. */
  args: string[];
  /** At most this many arguments (at least args.length). */
  maxArgs: number;
  summary: string;
  /** More about it, for its --help. */
  details?: string;
  /** The options only it takes: how each is written, and what it does. */
  options?: Partial<Record<'collection' | 'to', [string, string]>>;
  run(client: MilvusClient, args: string[], options: { collection?: string; to?: number }, out: Output): Promise<void>;
}

function parseAction(spec: string): { action: 'create' | 'alter' | 'drop'; alias: string; collection_name?: string } {
  const m = /^(create|alter|drop):([^=]+)(?:=(.+))?$/.exec(spec);
  if (!m || (m[1] !== 'drop' && !m[3])) {
    throw new UsageError(`bad switch action "${spec}": use create:ALIAS=COLL, alter:ALIAS=COLL or drop:ALIAS`, 'alias switch');
  }
  return { action: m[1] as 'create' | 'alter' | 'drop', alias: m[2]!, collection_name: m[3] };
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: {
    args: [],
    maxArgs: 0,
    summary: 'aliases of the database (or of one collection)',
    options: { collection: ['--collection C', 'only the aliases of collection C'] },
    async run(client, _args, { collection }, out) {
      const r = await client.listAliases({ collection_name: collection ?? '' });
      const rows = await Promise.all(r.aliases.map(async (alias) => ({ alias, collection: (await client.describeAlias({ alias })).collection })));
      out({ db_name: r.db_name, aliases: rows }, rows);
    },
  },
  describe: {
    args: ['<alias>'],
    maxArgs: 1,
    summary: 'the collection an alias points at',
    async run(client, [alias], _options, out) {
      const d = await client.describeAlias({ alias: alias! });
      out({ db_name: d.db_name, alias: d.alias, collection: d.collection }, [{ alias: d.alias, collection: d.collection, database: d.db_name }]);
    },
  },
  create: {
    args: ['<alias>', '<collection>'],
    maxArgs: 2,
    summary: 'a new alias of a collection',
    async run(client, [alias, collection], _options, out) {
      const req = { alias: alias!, collection_name: collection! };
      await client.createAlias(req);
      out({ ok: true, ...req }, `created ${alias} -> ${collection}`);
    },
  },
  alter: {
    args: ['<alias>', '<collection>'],
    maxArgs: 2,
    summary: 'point an existing alias at another collection',
    async run(client, [alias, collection], _options, out) {
      const req = { alias: alias!, collection_name: collection! };
      await client.alterAlias(req);
      out({ ok: true, ...req }, `altered ${alias} -> ${collection}`);
    },
  },
  drop: {
    args: ['<alias>'],
    maxArgs: 1,
    summary: 'remove an alias',
    async run(client, [alias], _options, out) {
      await client.dropAlias({ alias: alias! });
      out({ ok: true, alias }, `dropped ${alias}`);
    },
  },
  switch: {
    args: ['<action>...'],
    maxArgs: Number.POSITIVE_INFINITY,
    summary: 'several changes at once, all or nothing',
    details: 'Each action is create:ALIAS=COLL, alter:ALIAS=COLL or drop:ALIAS.',
    async run(client, args, _options, out) {
      const actions = args.map(parseAction);
      const { version } = await client.switchAliases(actions);
      out({ ok: true, version, actions }, `switched ${actions.length} alias action(s) at version ${version}`);
    },
  },
  history: {
    args: ['<alias>'],
    maxArgs: 1,
    summary: 'every recorded change of an alias, oldest first',
    async run(client, [alias], _options, out) {
      const entries = await client.aliasHistory({ alias: alias! });
      out(
        entries,
        entries.map((e) => ({ version: e.version, action: e.action, from: e.old_collection, to: e.new_collection, user: e.user })),
      );
    },
  },
  rollback: {
    args: ['<alias>'],
    maxArgs: 1,
    summary: 'one step back in its history, or back to where it was after VERSION',
    options: { to: ['--to VERSION', 'the history version to go back to'] },
    async run(client, [alias], { to }, out) {
      await client.rollbackAlias({ alias: alias!, to_version: to });
      const now = await client.describeAlias({ alias: alias! }).then(
        (d) => d.collection,
        () => '',
      );
      out({ ok: true, alias, collection: now }, now ? `rolled back ${alias} -> ${now}` : `rolled back ${alias} (dropped)`);
    },
  },
};

function synopsis(name: string, sub: Subcommand): string {
  const own = Object.values(sub.options ?? {}).map(([flag]) => `[${flag}]`);
  return ['elanus alias', name, ...sub.args, ...own].join(' ');
}

const COMMAND_LINES = Object.entries(SUBCOMMANDS).map(([name, sub]) => [synopsis(name, sub).slice('elanus alias '.length), sub.summary]);
const COMMAND_WIDTH = Math.max(...COMMAND_LINES.map(([line]) => line!.length)) + 2;

export const ALIAS_USAGE = `Usage: elanus alias <command> [--uri URI] [--db NAME] [--json]

${COMMAND_LINES.map(([line, summary]) => `  ${line!.padEnd(COMMAND_WIDTH)}${summary}`).join('\n')}

${optionLines(COMMON_OPTIONS)}
'elanus alias <command> --help' (or 'elanus alias help <command>') describes one command.
`;

function subcommandUsage(name: string, sub: Subcommand): string {
  const about = `${sub.summary[0]!.toUpperCase()}${sub.summary.slice(1)}.${sub.details === undefined ? '' : ` ${sub.details}`}`;
  const options = [...Object.values(sub.options ?? {}), ...COMMON_OPTIONS];
  return `Usage: ${synopsis(name, sub)} [--uri URI] [--db NAME] [--json]\n\n${about}\n\n${optionLines(options)}`;
}

function subcommandNamed(name: string): Subcommand {
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) throw new UsageError(`unknown alias command "${name}"`, 'alias');
  return sub;
}

function printTable(rows: Table): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => text(r[c])))}\n`);
}

/** `elanus alias --help`, `elanus alias <command> --help`, `elanus alias help [command]`. */
function printHelp(words: string[]): void {
  const [first, ...rest] = words;
  const name = first === 'help' ? rest[0] : first;
  if (first === 'help' && rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`, 'alias');
  process.stdout.write(name === undefined ? ALIAS_USAGE : subcommandUsage(name, subcommandNamed(name)));
}

export async function aliasCommand(args: string[]): Promise<void> {
  const parsed = parseCommand('alias', args, ALIAS_OPTIONS, Number.POSITIVE_INFINITY);
  if (parsed.help || parsed.positionals.length === 0 || parsed.positionals[0] === 'help') {
    printHelp(parsed.positionals);
    return;
  }
  const [name, ...rest] = parsed.positionals as [string, ...string[]];
  const sub = subcommandNamed(name);
  const command = `alias ${name}`;
  for (const option of parsed.given) {
    if ((option === 'collection' || option === 'to') && sub.options?.[option] === undefined) {
      throw new UsageError(`${command} does not take --${option}`, command);
    }
  }
  if (rest.length < sub.args.length) throw new UsageError(`missing argument ${sub.args[rest.length]}`, command);
  if (rest.length > sub.maxArgs) throw new UsageError(`unexpected argument "${rest[sub.maxArgs]}"`, command);
  const to = parsed.values.to === undefined ? undefined : integerOption({ ...parsed, command }, 'to', 1, Number.MAX_SAFE_INTEGER);

  const { values } = parsed;
  const out: Output = (json, table) => {
    if (values.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else if (typeof table === 'string') process.stdout.write(`${table}\n`);
    else printTable(table);
  };
  // Loaded once the arguments are known to be good: --help and mistakes answer at once.
  const { MilvusClient } = await import('../client/index.js');
  const client = new MilvusClient({ uri: values.uri, db_name: values.db, createIfMissing: false });
  try {
    await sub.run(client, rest, { collection: values.collection, to }, out);
  } finally {
    await client.close();
  }
}
