// The pymilvus ORM's `connections`: named connections (aliases of connections, not of
// collections), each one a MilvusClient, embedded (`uri: './data'`) or remote
// (`uri: 'http://host:port'`). Every ORM call names its connection with `using` (default
// `'default'`) and delegates to that connection's MilvusClient.
import { MilvusClient, type ClientConfig } from '../milvus-client.js';
import { MilvusException, UNAVAILABLE_CODE } from '../exception.js';

/** pymilvus's ExceptionsMessage texts used by the ORM. */
export const OrmMessages = {
  ConnectFirst: 'should create connection first.',
  ConnDiffConf: (alias: string) => `Alias of ${pyRepr(alias)} already creating connections, but the configure is not the same as passed in.`,
  CollectionNotExistNoSchema: (name: string) => `Collection ${pyRepr(name)} not exist, or you can pass in schema to create one.`,
  SchemaInconsistent: 'The collection already exist, but the schema is not the same as the schema passed in.',
  AliasType: (alias: unknown) => `Alias should be string, but ${pyRepr(String(alias))} is given.`,
} as const;

/** Python's repr of a str, as pymilvus formats `%r` into its messages. */
export function pyRepr(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}

/** pymilvus's default code for exceptions raised by the client itself (ErrorCode.UNEXPECTED_ERROR). */
export const ORM_ERROR_CODE = 1;

/** `using` names no connection (pymilvus ConnectionNotExistException). */
export class ConnectionNotExistException extends MilvusException {
  constructor(reason: string) {
    super(ORM_ERROR_CODE, 'UnexpectedError', reason);
    this.name = 'ConnectionNotExistException';
  }
}

/** A connection's configuration is wrong or conflicts with the existing one (pymilvus ConnectionConfigException). */
export class ConnectionConfigException extends MilvusException {
  constructor(reason: string) {
    super(ORM_ERROR_CODE, 'UnexpectedError', reason);
    this.name = 'ConnectionConfigException';
  }
}

export interface ConnectOptions {
  /** The connection's name (default `'default'`); `using` refers to it. */
  alias?: string;
  /** A data directory (`./data`, `file:./data`) for embedded mode, or `http(s)://host:port`. */
  uri?: string;
  /** pymilvus's older form: `host` + `port` stand for `uri: 'http://host:port'`. */
  host?: string;
  port?: number | string;
  /** `user:password` or an API key (remote only). */
  token?: string;
  /** pymilvus's older form of `token`. */
  user?: string;
  password?: string;
  /** The database of this connection (default `default`). */
  db_name?: string;
  /** Default timeout of every call made through this connection, in milliseconds. */
  timeout?: number;
}

/** The stored configuration of a connection (what `getConnectionAddr` returns). */
export interface ConnectionConfig {
  uri: string;
  token?: string;
  db_name: string;
  timeout?: number;
}

/** pymilvus's default server when connect() gets no address. */
export const DEFAULT_URI = 'http://localhost:19530';

interface Entry {
  config: ConnectionConfig;
  client?: MilvusClient;
  connecting?: Promise<MilvusClient>;
}

function configOf(options: ConnectOptions): ConnectionConfig | undefined {
  let uri = options.uri;
  if (!uri && options.host !== undefined) uri = `http://${options.host}:${options.port ?? 19530}`;
  if (!uri) return undefined;
  let token = options.token;
  if (!token && options.user) token = `${options.user}:${options.password ?? ''}`;
  const config: ConnectionConfig = { uri, db_name: options.db_name || 'default' };
  if (token) config.token = token;
  if (options.timeout !== undefined) config.timeout = options.timeout;
  return config;
}

function sameConfig(a: ConnectionConfig, b: ConnectionConfig): boolean {
  return a.uri === b.uri && (a.token ?? '') === (b.token ?? '') && a.db_name === b.db_name && a.timeout === b.timeout;
}

function checkAlias(alias: unknown): string {
  if (typeof alias !== 'string') throw new ConnectionConfigException(OrmMessages.AliasType(alias));
  return alias;
}

export class Connections {
  private readonly entries = new Map<string, Entry>();

  /**
   * Connects `alias` (default `'default'`) and resolves when the connection is up (embedded: the
   * engine is open and holds the data dir's lock; remote: the server answered Connect).
   * Connecting a connected alias again with the same configuration, or with none, is a no-op; with
   * a different one it throws ConnectionConfigException. A disconnected alias given no
   * configuration reconnects with its previous one; a new alias given none uses
   * `http://localhost:19530`, as pymilvus does.
   */
  async connect(options: ConnectOptions = {}): Promise<void> {
    const alias = checkAlias(options.alias ?? 'default');
    const given = configOf(options);
    const existing = this.entries.get(alias);
    if (existing && (existing.client || existing.connecting)) {
      if (given && !sameConfig(given, existing.config)) throw new ConnectionConfigException(OrmMessages.ConnDiffConf(alias));
      await (existing.connecting ?? Promise.resolve(existing.client));
      return;
    }
    const config = given ?? existing?.config ?? { uri: DEFAULT_URI, db_name: 'default' };
    const clientConfig: ClientConfig = { uri: config.uri, db_name: config.db_name };
    if (config.token) clientConfig.token = config.token;
    if (config.timeout !== undefined) clientConfig.timeout = config.timeout;
    const client = new MilvusClient(clientConfig);
    const entry: Entry = { config };
    entry.connecting = client.connect().then(() => client);
    this.entries.set(alias, entry);
    try {
      await entry.connecting;
      entry.client = client;
    } catch (e) {
      await client.close().catch(() => undefined);
      // A failed connect leaves the alias as it was: unknown, or known and disconnected.
      if (existing) this.entries.set(alias, existing);
      else this.entries.delete(alias);
      if (e instanceof MilvusException) throw e;
      throw new MilvusException(
        UNAVAILABLE_CODE,
        'UnexpectedError',
        `Fail connecting to server on ${config.uri}: ${(e as Error).message ?? String(e)}`,
      );
    } finally {
      entry.connecting = undefined;
    }
  }

  /**
   * pymilvus `add_connection`: stores configurations without connecting; `connect({ alias })`
   * then uses them. Changing the configuration of a connected alias throws.
   */
  addConnection(configs: Record<string, Omit<ConnectOptions, 'alias'>>): void {
    for (const [alias, options] of Object.entries(configs)) {
      const config = configOf(options);
      if (!config) throw new ConnectionConfigException(`connection configuration of ${pyRepr(alias)} must contain 'uri' (or 'host' and 'port').`);
      const existing = this.entries.get(alias);
      if (existing && (existing.client || existing.connecting)) {
        if (!sameConfig(config, existing.config)) throw new ConnectionConfigException(OrmMessages.ConnDiffConf(alias));
        continue;
      }
      this.entries.set(alias, { config });
    }
  }

  /** Closes the connection (embedded: releases the data dir when no other client uses it); keeps its configuration. */
  async disconnect(alias: string = 'default'): Promise<void> {
    const entry = this.entries.get(checkAlias(alias));
    if (!entry) return;
    const client = entry.client ?? (await entry.connecting?.catch(() => undefined));
    entry.client = undefined;
    await client?.close();
  }

  /** Disconnects and forgets the configuration. */
  async removeConnection(alias: string): Promise<void> {
    await this.disconnect(alias);
    this.entries.delete(alias);
  }

  /** `[alias, connected]` for every known connection (pymilvus gives `(alias, handler or None)`). */
  listConnections(): [string, boolean][] {
    return [...this.entries].map(([alias, e]) => [alias, e.client !== undefined]);
  }

  /** True when `alias` is connected. */
  hasConnection(alias: string): boolean {
    return this.entries.get(alias)?.client !== undefined;
  }

  /** The stored configuration of `alias` (`{}` when unknown), as pymilvus `get_connection_addr`. */
  getConnectionAddr(alias: string): ConnectionConfig | Record<string, never> {
    const entry = this.entries.get(alias);
    return entry ? { ...entry.config } : {};
  }

  /**
   * The MilvusClient behind connection `using`: the ORM calls it, and so may the application.
   * Throws ConnectionNotExistException when `using` is not connected.
   */
  client(using: string = 'default'): MilvusClient {
    const client = this.entries.get(using)?.client;
    if (!client) {
      throw new ConnectionNotExistException(
        `${OrmMessages.ConnectFirst} No connection named ${pyRepr(String(using))}: call connections.connect({ alias: ${JSON.stringify(String(using))}, uri }) first.`,
      );
    }
    return client;
  }

  /** Closes every connection (for process shutdown and tests). */
  async disconnectAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((alias) => this.disconnect(alias)));
  }
}

/** The process-wide connection registry, as pymilvus's `connections`. */
export const connections = new Connections();
