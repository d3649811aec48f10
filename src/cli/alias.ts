// `elanus alias ...`: aliases of a running server (or an embedded data dir), as readable tables
// or as JSON (--json). Errors print the server's code and text and exit 1.
import { parseArgs } from 'node:util';
import { MilvusClient } from '../client/index.js';

export const ALIAS_USAGE = `Usage: elanus alias <command> [--uri URI] [--db NAME] [--json]

  list [--collection C]                 aliases of the database (or of one collection)
  describe <alias>                      the collection an alias points at
  create <alias> <collection>
  alter <alias> <collection>
  drop <alias>
  switch <action>...                    all or nothing; each action is create:ALIAS=COLL,
                                        alter:ALIAS=COLL or drop:ALIAS
  history <alias>                       every recorded change, oldest first
  rollback <alias> [--to VERSION]       one step back, or to where it was after VERSION

  --uri   http://host:port of a server (default http://127.0.0.1:19530; env ELANUS_URI),
          or a data directory to open in this process
`;

export class AliasUsageError extends Error {}

type Table = Record<string, unknown>[];

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

function parseAction(spec: string): { action: 'create' | 'alter' | 'drop'; alias: string; collection_name?: string } {
  const m = /^(create|alter|drop):([^=]+)(?:=(.+))?$/.exec(spec);
  if (!m || (m[1] !== 'drop' && !m[3]))
    throw new AliasUsageError(`bad switch action "${spec}": use create:ALIAS=COLL, alter:ALIAS=COLL or drop:ALIAS`);
  return { action: m[1] as 'create' | 'alter' | 'drop', alias: m[2]!, collection_name: m[3] };
}

export async function aliasCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      uri: { type: 'string', default: process.env.ELANUS_URI ?? 'http://127.0.0.1:19530' },
      db: { type: 'string', default: 'default' },
      json: { type: 'boolean', default: false },
      collection: { type: 'string', default: '' },
      to: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (command === undefined || command === 'help') {
    process.stdout.write(ALIAS_USAGE);
    return;
  }
  const need = (n: number) => {
    if (rest.length !== n) throw new AliasUsageError(`alias ${command} takes ${n} argument(s)\n\n${ALIAS_USAGE}`);
  };
  const client = new MilvusClient({ uri: values.uri!, db_name: values.db });
  const out = (json: unknown, table: Table | string) => {
    if (values.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else if (typeof table === 'string') process.stdout.write(`${table}\n`);
    else printTable(table);
  };
  try {
    switch (command) {
      case 'list': {
        need(0);
        const r = await client.listAliases({ collection_name: values.collection });
        const rows = await Promise.all(
          r.aliases.map(async (alias) => ({ alias, collection: (await client.describeAlias({ alias })).collection })),
        );
        out({ db_name: r.db_name, aliases: rows }, rows);
        return;
      }
      case 'describe': {
        need(1);
        const d = await client.describeAlias({ alias: rest[0]! });
        out({ db_name: d.db_name, alias: d.alias, collection: d.collection }, [{ alias: d.alias, collection: d.collection, database: d.db_name }]);
        return;
      }
      case 'create':
      case 'alter': {
        need(2);
        const req = { alias: rest[0]!, collection_name: rest[1]! };
        if (command === 'create') await client.createAlias(req);
        else await client.alterAlias(req);
        out({ ok: true, ...req }, `${command === 'create' ? 'created' : 'altered'} ${rest[0]} -> ${rest[1]}`);
        return;
      }
      case 'drop': {
        need(1);
        await client.dropAlias({ alias: rest[0]! });
        out({ ok: true, alias: rest[0] }, `dropped ${rest[0]}`);
        return;
      }
      case 'switch': {
        if (rest.length === 0) throw new AliasUsageError(`alias switch needs at least one action\n\n${ALIAS_USAGE}`);
        const actions = rest.map(parseAction);
        const { version } = await client.switchAliases(actions);
        out({ ok: true, version, actions }, `switched ${actions.length} alias action(s) at version ${version}`);
        return;
      }
      case 'history': {
        need(1);
        const entries = await client.aliasHistory({ alias: rest[0]! });
        out(
          entries,
          entries.map((e) => ({ version: e.version, action: e.action, from: e.old_collection, to: e.new_collection, user: e.user })),
        );
        return;
      }
      case 'rollback': {
        need(1);
        const to = values.to === undefined ? undefined : Number(values.to);
        if (to !== undefined && !(Number.isInteger(to) && to > 0)) throw new AliasUsageError(`--to must be a history version, got ${values.to}`);
        await client.rollbackAlias({ alias: rest[0]!, to_version: to });
        const now = await client.describeAlias({ alias: rest[0]! }).then(
          (d) => d.collection,
          () => '',
        );
        out({ ok: true, alias: rest[0], collection: now }, now ? `rolled back ${rest[0]} -> ${now}` : `rolled back ${rest[0]} (dropped)`);
        return;
      }
      default:
        throw new AliasUsageError(`unknown alias command: ${command ?? ''}\n\n${ALIAS_USAGE}`);
    }
  } finally {
    await client.close();
  }
}
