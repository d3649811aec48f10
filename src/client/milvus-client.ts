// MilvusClient: the official Node SDK's method names and request shapes, over either transport.
// `uri` a path runs the engine in this process; `http://host:port` talks gRPC to any Milvus-
// protocol server. Unlike the official SDK, a failed call throws a MilvusException.
import { CONVERSION, protoRoot } from '../protocol/index.js';
import { EmbeddedTransport } from './embedded.js';
import { throwIfError, type WireStatus } from './exception.js';
import { RemoteTransport } from './remote.js';
import { parseUri, type Transport } from './transport.js';
import { buildSchema, typeName, type FieldSpec, type QuickSetup } from './schema-builder.js';
import {
  columnMap,
  fieldDataToRows,
  int64Out,
  rowsToFieldData,
  vectorBytes,
  DYNAMIC_FIELD,
  type FieldView,
  type Int64Mode,
  type Row,
  type WireFieldData,
} from './rows.js';

/** One entry of an alias's history (aliasHistory). */
export interface AliasHistoryEntry {
  version: number;
  index: number;
  alias: string;
  action: 'create' | 'alter' | 'drop' | 'switch' | 'rollback';
  /** "" when the alias did not exist before the change. */
  old_collection: string;
  /** "" when the alias was dropped. */
  new_collection: string;
  /** Hybrid timestamp of the change, as a decimal string. */
  ts: string;
  user: string;
}

export interface ClientConfig {
  /** A data directory (`./data`, `file:./data`) for embedded mode, or `http(s)://host:port`. */
  uri?: string;
  /** The official SDK's name for `uri`. */
  address?: string;
  /** `user:password` or an API key (remote only). */
  token?: string;
  /** The database to use (default `default`). */
  db_name?: string;
  /** The official SDK's name for `db_name`. */
  database?: string;
  /** Default timeout of every call, in milliseconds. */
  timeout?: number;
  /** How Int64 values are read back: see rows.ts ('auto' by default). */
  int64?: Int64Mode;
  /** Embedded only: create the data directory and store when missing (default true); false refuses. */
  createIfMissing?: boolean;
}

/** Every request may carry its own timeout (milliseconds) and database. */
export interface CallBase {
  timeout?: number;
  db_name?: string;
}

export type Reply = Record<string, unknown> & { status?: WireStatus };
type KV = { key: string; value: string };
type Props = Record<string, unknown>;

const CollectionSchemaType = protoRoot.lookupType('milvus.proto.schema.CollectionSchema');
const PlaceholderGroupType = protoRoot.lookupType('milvus.proto.common.PlaceholderGroup');

interface CachedCollection {
  fields: FieldView[];
  dynamic: boolean;
  updateTs: string;
  collectionID: string;
}

/** The official SDK's rerankers for hybridSearch. */
export interface Ranker {
  strategy: 'rrf' | 'weighted';
  params: Record<string, unknown>;
}
export const RRFRanker = (k = 60): Ranker => ({ strategy: 'rrf', params: { k } });
export const WeightedRanker = (weights: number[], norm_score?: boolean): Ranker => ({
  strategy: 'weighted',
  params: norm_score === undefined ? { weights } : { weights, norm_score },
});

/** A query vector in any form rows.ts accepts (number[], bytes, sparse objects). */
/** createIndex's request (the SDK also takes an array of them). */
export type CreateIndexReq = CallBase & {
  collection_name: string;
  field_name: string;
  index_name?: string;
  index_type?: string;
  metric_type?: string;
  params?: Props;
  extra_params?: Props;
};

export type SearchVector =
  | number[]
  | Float32Array
  | Uint8Array
  | Int8Array
  | Record<string, number>
  | { indices: number[]; values: number[] }
  | { index: number; value: number }[];

export interface SearchReq extends CallBase {
  collection_name: string;
  /** One vector or several (the SDK's `data`; `vector` / `vectors` accepted too). */
  data?: SearchVector | SearchVector[];
  vector?: SearchVector;
  vectors?: SearchVector[];
  anns_field?: string;
  limit?: number;
  topk?: number;
  offset?: number;
  filter?: string;
  expr?: string;
  output_fields?: string[];
  metric_type?: string;
  /** Search parameters (ef, nprobe, radius, range_filter, ...), sent as `params` and as keys. */
  params?: Record<string, unknown>;
  partition_names?: string[];
  round_decimal?: number;
  group_by_field?: string;
  group_size?: number;
  strict_group_size?: boolean;
  ignore_growing?: boolean;
  hints?: string;
  consistency_level?: string;
}

export interface HybridSubReq {
  data: SearchVector | SearchVector[];
  anns_field: string;
  params?: Record<string, unknown>;
  filter?: string;
  expr?: string;
  limit?: number;
  metric_type?: string;
}

export interface HybridSearchReq extends CallBase {
  collection_name: string;
  data: HybridSubReq[];
  rerank?: Ranker;
  limit?: number;
  offset?: number;
  output_fields?: string[];
  partition_names?: string[];
  round_decimal?: number;
  consistency_level?: string;
}

export type CreateCollectionReq = CallBase &
  (
    | QuickSetup
    | {
        collection_name: string;
        /** The fields (`schema` is the SDK's other name for it). */
        fields?: FieldSpec[];
        schema?: FieldSpec[];
        enable_dynamic_field?: boolean;
        description?: string;
        num_partitions?: number;
        consistency_level?: string;
        properties?: Props;
        shards_num?: number;
      }
  );

function kv(obj: Props | undefined): KV[] {
  return Object.entries(obj ?? {}).map(([key, value]) => ({ key, value: typeof value === 'object' ? JSON.stringify(value) : String(value) }));
}

function isVectorLike(v: unknown): boolean {
  if (ArrayBuffer.isView(v)) return true;
  if (Array.isArray(v))
    return v.length === 0 || typeof v[0] === 'number' || v[0] === undefined || (typeof v[0] === 'object' && v[0] !== null && 'index' in v[0]);
  return typeof v === 'object' && v !== null;
}

/** The SDK's formatSearchData: one vector -> [it]; a list of vectors -> as is. */
function searchVectors(data: unknown): unknown[] {
  if (isVectorLike(data) && !(Array.isArray(data) && data.length > 0 && (Array.isArray(data[0]) || ArrayBuffer.isView(data[0])))) {
    if (!Array.isArray(data) || data.length === 0 || typeof data[0] === 'number' || data[0] === undefined || 'index' in (data[0] as object))
      return [data];
  }
  return data as unknown[];
}

function roundTo(score: number, digits: number | undefined): number {
  if (digits === undefined || digits < 0) return score;
  return Number(score.toFixed(digits));
}

export class MilvusClient {
  readonly config: ClientConfig & { uri: string };
  private readonly transport: Promise<Transport>;
  private readonly schemas = new Map<string, CachedCollection>();

  constructor(config: ClientConfig | string) {
    const c: ClientConfig = typeof config === 'string' ? { uri: config } : config;
    const uri = c.uri ?? c.address;
    if (!uri) throw new TypeError('MilvusClient needs a uri (a data directory or http://host:port)');
    this.config = { ...c, uri, db_name: c.db_name ?? c.database };
    const endpoint = parseUri(uri);
    const db = this.config.db_name || 'default';
    this.transport =
      endpoint.kind === 'embedded'
        ? EmbeddedTransport.open(endpoint.dataDir, db, c.createIfMissing ?? true)
        : RemoteTransport.open({ address: endpoint.address, tls: endpoint.tls, token: c.token, dbName: db }, c.timeout);
    // Callers see a failed connection on their first call; keep Node from reporting it as unhandled.
    this.transport.catch(() => undefined);
  }

  /** Resolves when connected (embedded: the engine is open); rejects with why not. */
  async connect(): Promise<void> {
    await this.transport;
  }

  /** The SDK's name for connect(). */
  connectPromise(): Promise<void> {
    return this.connect();
  }

  /** `embedded` or `remote`. */
  async mode(): Promise<'embedded' | 'remote'> {
    return (await this.transport).kind;
  }

  /** Sends a MilvusService request and throws the MilvusException of an error status. */
  protected async call<T extends CallBase>(method: string, request: T, statusField = 'status'): Promise<Reply> {
    const transport = await this.transport;
    const { timeout, ...body } = request;
    const reply = (await transport.call(method, body, { timeout: timeout ?? this.config.timeout })) as Reply;
    throwIfError((statusField === '' ? reply : reply[statusField]) as WireStatus | undefined);
    return reply;
  }

  /** A call to Elanus's own alias service (proto/elanus_alias.proto). */
  private async callElanus<T extends CallBase>(method: string, request: T): Promise<Reply> {
    const transport = await this.transport;
    const { timeout, ...body } = request;
    const reply = (await transport.call(method, body, { timeout: timeout ?? this.config.timeout, service: 'elanus-alias' })) as Reply;
    throwIfError(reply.status);
    return reply;
  }

  // ---- beyond Milvus: atomic alias switches, history, rollback (Elanus servers only) ----

  /**
   * Applies several alias actions in one step, all or nothing. Each action is checked with the
   * rules of the single call; if one fails nothing changes and the error names that action.
   * Returns the history version the switch was recorded under (0 when nothing changed).
   */
  async switchAliases(
    actions: { action: 'create' | 'alter' | 'drop'; alias: string; collection_name?: string }[],
    options: CallBase = {},
  ): Promise<{ version: number }> {
    for (const a of actions) this.forget(a.alias, options);
    const reply = await this.callElanus('SwitchAliases', {
      ...options,
      actions: actions.map((a) => ({ action: a.action, alias: a.alias, collection_name: a.collection_name ?? '' })),
    });
    return { version: Number(reply.version) };
  }

  /** Every recorded change of an alias, oldest first. */
  async aliasHistory(req: CallBase & { alias: string }): Promise<AliasHistoryEntry[]> {
    const reply = await this.callElanus('AliasHistory', req);
    return ((reply.entries as Record<string, unknown>[]) ?? []).map((e) => ({
      version: Number(e.version),
      index: Number(e.index),
      alias: String(e.alias),
      action: String(e.action) as AliasHistoryEntry['action'],
      old_collection: String(e.old_collection ?? ''),
      new_collection: String(e.new_collection ?? ''),
      ts: String(e.ts),
      user: String(e.user ?? ''),
    }));
  }

  /** Points the alias back: one step by default, or to where it was after `to_version`. */
  async rollbackAlias(req: CallBase & { alias: string; to_version?: number }): Promise<void> {
    this.forget(req.alias, req);
    await this.callElanus('RollbackAlias', { ...req, to_version: String(req.to_version ?? 0) });
  }

  async close(): Promise<void> {
    const transport = await this.transport.catch(() => undefined);
    await transport?.close();
  }

  /** The official SDK's name for close(). */
  closeConnection(): Promise<void> {
    return this.close();
  }

  private get int64Mode(): Int64Mode {
    return this.config.int64 ?? 'auto';
  }

  private cacheKey(collection: string, base: CallBase): string {
    return `${base.db_name || this.config.db_name || 'default'}\u0000${collection}`;
  }

  private forget(collection?: string, base: CallBase = {}): void {
    if (collection === undefined) this.schemas.clear();
    else this.schemas.delete(this.cacheKey(collection, base));
  }

  // ---- server ----

  async getVersion(req: CallBase = {}): Promise<Reply & { version: string }> {
    return this.call('GetVersion', req) as Promise<Reply & { version: string }>;
  }

  async checkHealth(req: CallBase = {}): Promise<Reply & { isHealthy: boolean }> {
    return this.call('CheckHealth', req) as Promise<Reply & { isHealthy: boolean }>;
  }

  // ---- aliases ----

  async createAlias(req: CallBase & { collection_name: string; alias: string }): Promise<Reply> {
    this.forget(req.alias, req);
    return this.call('CreateAlias', req, '');
  }

  async alterAlias(req: CallBase & { collection_name: string; alias: string }): Promise<Reply> {
    this.forget(req.alias, req);
    return this.call('AlterAlias', req, '');
  }

  async dropAlias(req: CallBase & { alias: string }): Promise<Reply> {
    this.forget(req.alias, req);
    return this.call('DropAlias', req, '');
  }

  async describeAlias(
    req: CallBase & { alias: string; collection_name?: string },
  ): Promise<Reply & { db_name: string; alias: string; collection: string }> {
    return this.call('DescribeAlias', req) as Promise<Reply & { db_name: string; alias: string; collection: string }>;
  }

  async listAliases(
    req: CallBase & { collection_name?: string } = {},
  ): Promise<Reply & { aliases: string[]; collection_name: string; db_name: string }> {
    return this.call('ListAliases', { collection_name: '', ...req }) as Promise<
      Reply & { aliases: string[]; collection_name: string; db_name: string }
    >;
  }

  // ---- databases ----

  async createDatabase(req: CallBase & { db_name: string; properties?: Props }): Promise<Reply> {
    return this.call('CreateDatabase', { ...req, properties: kv(req.properties) }, '');
  }

  async dropDatabase(req: CallBase & { db_name: string }): Promise<Reply> {
    this.forget();
    return this.call('DropDatabase', req, '');
  }

  async listDatabases(req: CallBase = {}): Promise<Reply & { db_names: string[] }> {
    return this.call('ListDatabases', req) as Promise<Reply & { db_names: string[] }>;
  }

  async describeDatabase(req: CallBase & { db_name: string }): Promise<Reply & { db_name: string; properties: KV[] }> {
    return this.call('DescribeDatabase', req) as Promise<Reply & { db_name: string; properties: KV[] }>;
  }

  async alterDatabase(req: CallBase & { db_name: string; properties: Props }): Promise<Reply> {
    return this.call('AlterDatabase', { ...req, properties: kv(req.properties), delete_keys: [] }, '');
  }

  /** The SDK's alterDatabaseProperties / dropDatabaseProperties. */
  alterDatabaseProperties(req: CallBase & { db_name: string; properties: Props }): Promise<Reply> {
    return this.alterDatabase(req);
  }

  async dropDatabaseProperties(req: CallBase & { db_name: string; properties: string[] }): Promise<Reply> {
    return this.call('AlterDatabase', { timeout: req.timeout, db_name: req.db_name, properties: [], delete_keys: req.properties }, '');
  }

  // ---- collections ----

  /**
   * `{collection_name, dimension}` is the quick setup (id + vector + dynamic field, an AUTOINDEX
   * index and a load, as the official SDK does); `{collection_name, fields}` creates the schema given
   * (every FieldSpec option: nullable, default_value, is_partition_key, element_type, max_capacity...).
   */
  async createCollection(req: CreateCollectionReq): Promise<Reply> {
    const full = 'dimension' in req ? req : { ...req, fields: req.fields ?? req.schema ?? [] };
    const { schema, index } = buildSchema(full as Parameters<typeof buildSchema>[0]);
    const bytes = CollectionSchemaType.encode(CollectionSchemaType.fromObject(schema)).finish();
    const r = req as unknown as Props;
    this.forget(req.collection_name, req);
    const status = await this.call(
      'CreateCollection',
      {
        timeout: req.timeout,
        db_name: req.db_name,
        collection_name: req.collection_name,
        schema: bytes,
        shards_num: (r.shards_num as number | undefined) ?? 1,
        consistency_level: (r.consistency_level as string | undefined) || 'Bounded',
        properties: kv(r.properties as Props | undefined),
        num_partitions: r.num_partitions ? String(r.num_partitions) : '0',
      },
      '',
    );
    if (index) {
      await this.createIndex({ timeout: req.timeout, db_name: req.db_name, collection_name: req.collection_name, ...index });
      await this.loadCollection({ timeout: req.timeout, db_name: req.db_name, collection_name: req.collection_name });
    }
    return status;
  }

  async hasCollection(req: CallBase & { collection_name: string }): Promise<Reply & { value: boolean }> {
    return this.call('HasCollection', req) as Promise<Reply & { value: boolean }>;
  }

  async describeCollection(req: CallBase & { collection_name: string }): Promise<Reply> {
    return this.call('DescribeCollection', req);
  }

  async listCollections(req: CallBase = {}): Promise<Reply & { collection_names: string[] }> {
    return this.call('ShowCollections', req) as Promise<Reply & { collection_names: string[] }>;
  }

  /** The official SDK's name for listCollections(). */
  showCollections(req: CallBase = {}): Promise<Reply & { collection_names: string[] }> {
    return this.listCollections(req);
  }

  async dropCollection(req: CallBase & { collection_name: string }): Promise<Reply> {
    this.forget(req.collection_name, req);
    return this.call('DropCollection', req, '');
  }

  async renameCollection(req: CallBase & { collection_name: string; new_collection_name: string; new_db_name?: string }): Promise<Reply> {
    this.forget();
    return this.call(
      'RenameCollection',
      {
        timeout: req.timeout,
        db_name: req.db_name,
        oldName: req.collection_name,
        newName: req.new_collection_name,
        newDBName: req.new_db_name ?? '',
      },
      '',
    );
  }

  async alterCollectionProperties(req: CallBase & { collection_name: string; properties: Props }): Promise<Reply> {
    this.forget(req.collection_name, req);
    return this.call(
      'AlterCollection',
      { timeout: req.timeout, db_name: req.db_name, collection_name: req.collection_name, properties: kv(req.properties), delete_keys: [] },
      '',
    );
  }

  /** The SDK's older name for alterCollectionProperties(). */
  alterCollection(req: CallBase & { collection_name: string; properties: Props }): Promise<Reply> {
    return this.alterCollectionProperties(req);
  }

  /** `properties` are the keys to remove (the SDK's shape). */
  async dropCollectionProperties(req: CallBase & { collection_name: string; properties: string[] }): Promise<Reply> {
    this.forget(req.collection_name, req);
    return this.call(
      'AlterCollection',
      { timeout: req.timeout, db_name: req.db_name, collection_name: req.collection_name, properties: [], delete_keys: req.properties },
      '',
    );
  }

  async loadCollection(
    req: CallBase & {
      collection_name: string;
      replica_number?: number;
      load_fields?: string[];
      skip_load_dynamic_field?: boolean;
      refresh?: boolean;
    },
  ): Promise<Reply> {
    return this.call('LoadCollection', req, '');
  }

  /** The official SDK's synchronous variant: loading completes inside the call here anyway. */
  loadCollectionSync(req: CallBase & { collection_name: string; replica_number?: number }): Promise<Reply> {
    return this.loadCollection(req);
  }

  loadCollectionAsync(req: CallBase & { collection_name: string; replica_number?: number }): Promise<Reply> {
    return this.loadCollection(req);
  }

  async releaseCollection(req: CallBase & { collection_name: string }): Promise<Reply> {
    return this.call('ReleaseCollection', req, '');
  }

  async getLoadState(req: CallBase & { collection_name: string; partition_names?: string[] }): Promise<Reply & { state: string }> {
    return this.call('GetLoadState', req) as Promise<Reply & { state: string }>;
  }

  async getLoadingProgress(req: CallBase & { collection_name: string; partition_names?: string[] }): Promise<Reply & { progress: string }> {
    return this.call('GetLoadingProgress', req) as Promise<Reply & { progress: string }>;
  }

  async getCollectionStatistics(req: CallBase & { collection_name: string }): Promise<Reply & { data: { row_count: string } }> {
    const reply = await this.call('GetCollectionStatistics', req);
    const stats = (reply.stats as KV[]) ?? [];
    return { ...reply, data: Object.fromEntries(stats.map((s) => [s.key, s.value])) as { row_count: string } };
  }

  // ---- partitions ----

  async createPartition(req: CallBase & { collection_name: string; partition_name: string }): Promise<Reply> {
    return this.call('CreatePartition', req, '');
  }

  async dropPartition(req: CallBase & { collection_name: string; partition_name: string }): Promise<Reply> {
    return this.call('DropPartition', req, '');
  }

  async hasPartition(req: CallBase & { collection_name: string; partition_name: string }): Promise<Reply & { value: boolean }> {
    return this.call('HasPartition', req) as Promise<Reply & { value: boolean }>;
  }

  async listPartitions(req: CallBase & { collection_name: string; partition_names?: string[] }): Promise<Reply & { partition_names: string[] }> {
    return this.call('ShowPartitions', req) as Promise<Reply & { partition_names: string[] }>;
  }

  /** The SDK's older name for listPartitions(). */
  showPartitions(req: CallBase & { collection_name: string }): Promise<Reply & { partition_names: string[] }> {
    return this.listPartitions(req);
  }

  async loadPartitions(req: CallBase & { collection_name: string; partition_names: string[]; replica_number?: number }): Promise<Reply> {
    return this.call('LoadPartitions', req, '');
  }

  loadPartitionsSync(req: CallBase & { collection_name: string; partition_names: string[] }): Promise<Reply> {
    return this.loadPartitions(req);
  }

  async releasePartitions(req: CallBase & { collection_name: string; partition_names: string[] }): Promise<Reply> {
    return this.call('ReleasePartitions', req, '');
  }

  async getPartitionStatistics(
    req: CallBase & { collection_name: string; partition_name: string },
  ): Promise<Reply & { data: { row_count: string } }> {
    const reply = await this.call('GetPartitionStatistics', req);
    const stats = (reply.stats as KV[]) ?? [];
    return { ...reply, data: Object.fromEntries(stats.map((s) => [s.key, s.value])) as { row_count: string } };
  }

  // ---- indexes ----

  /** One index, or several (the SDK's array form): all are created, the first error thrown. */
  async createIndex(req: CreateIndexReq | CreateIndexReq[]): Promise<Reply> {
    if (Array.isArray(req)) {
      let first: Reply | undefined;
      for (const r of req) {
        const reply = await this.createIndex(r);
        first ??= reply;
      }
      return first ?? {};
    }
    const extra: Props = { ...(req.extra_params ?? {}) };
    if (req.params) extra.params = JSON.stringify(req.params);
    if (req.index_type) extra.index_type = req.index_type;
    if (req.metric_type) extra.metric_type = req.metric_type;
    return this.call(
      'CreateIndex',
      {
        timeout: req.timeout,
        db_name: req.db_name,
        collection_name: req.collection_name,
        field_name: req.field_name,
        index_name: req.index_name ?? '',
        extra_params: kv(extra),
      },
      '',
    );
  }

  async describeIndex(
    req: CallBase & { collection_name: string; index_name?: string; field_name?: string },
  ): Promise<Reply & { index_descriptions: Props[] }> {
    return this.call('DescribeIndex', { index_name: '', field_name: '', ...req }) as Promise<Reply & { index_descriptions: Props[] }>;
  }

  /** The index names of a collection (the SDK's listIndexes). */
  async listIndexes(req: CallBase & { collection_name: string }): Promise<Reply & { indexes: string[] }> {
    try {
      const reply = await this.describeIndex(req);
      return { ...reply, indexes: (reply.index_descriptions ?? []).map((d) => String(d.index_name)) };
    } catch (e) {
      // No index yet is an empty list, not an error (as the SDK's listIndexes answers).
      if ((e as { code?: number }).code === 700) return { status: { code: 0, error_code: 'Success', reason: '' }, indexes: [] };
      throw e;
    }
  }

  async getIndexState(req: CallBase & { collection_name: string; index_name?: string; field_name?: string }): Promise<Reply & { state: string }> {
    return this.call('GetIndexState', { index_name: '', field_name: '', ...req }) as Promise<Reply & { state: string }>;
  }

  async getIndexBuildProgress(req: CallBase & { collection_name: string; index_name?: string; field_name?: string }): Promise<Reply> {
    return this.call('GetIndexBuildProgress', { index_name: '', field_name: '', ...req });
  }

  async getIndexStatistics(req: CallBase & { collection_name: string; index_name?: string; field_name?: string }): Promise<Reply> {
    return this.call('GetIndexStatistics', { index_name: '', field_name: '', ...req });
  }

  async dropIndex(req: CallBase & { collection_name: string; index_name?: string; field_name?: string }): Promise<Reply> {
    return this.call('DropIndex', { index_name: '', field_name: '', ...req }, '');
  }

  /** `params` are index properties to set (e.g. `{'mmap.enabled': true}`). */
  async alterIndexProperties(req: CallBase & { collection_name: string; index_name: string; params: Props }): Promise<Reply> {
    return this.alterIndexCall(req, kv(req.params), []);
  }

  /** AlterIndex sets properties or deletes keys, one of the two per call. */
  private alterIndexCall(
    req: CallBase & { collection_name: string; index_name: string },
    extraParams: KV[],
    deleteKeys: string[],
  ): Promise<Reply> {
    const { timeout, db_name, collection_name, index_name } = req;
    return this.call('AlterIndex', { timeout, db_name, collection_name, index_name, extra_params: extraParams, delete_keys: deleteKeys }, '');
  }

  /** The SDK's older name for alterIndexProperties(). */
  alterIndex(req: CallBase & { collection_name: string; index_name: string; params: Props }): Promise<Reply> {
    return this.alterIndexProperties(req);
  }

  async dropIndexProperties(req: CallBase & { collection_name: string; index_name: string; properties: string[] }): Promise<Reply> {
    return this.alterIndexCall(req, [], req.properties);
  }

  // ---- data ----

  /** The cached schema of a collection (refreshed when the server answers SchemaMismatch). */
  private async schemaOf(collection: string, base: CallBase): Promise<CachedCollection> {
    const key = this.cacheKey(collection, base);
    const cached = this.schemas.get(key);
    if (cached) return cached;
    const reply = await this.describeCollection({ timeout: base.timeout, db_name: base.db_name, collection_name: collection });
    type WireField = {
      name: string;
      data_type: string;
      element_type?: string;
      is_primary_key: boolean;
      autoID: boolean;
      is_dynamic: boolean;
      is_function_output?: boolean;
      nullable?: boolean;
      default_value?: unknown;
      type_params: KV[];
    };
    const schema = reply.schema as { fields: WireField[]; enable_dynamic_field: boolean };
    const entry: CachedCollection = {
      fields: schema.fields.map((f) => ({
        name: f.name,
        dataType: f.data_type,
        elementType: f.element_type ?? 'None',
        isPrimaryKey: f.is_primary_key,
        autoID: f.autoID,
        isDynamic: f.is_dynamic,
        isFunctionOutput: f.is_function_output ?? false,
        nullable: f.nullable ?? false,
        hasDefault: f.default_value !== null && f.default_value !== undefined && Object.keys(f.default_value as object).length > 0,
        dim: Number(f.type_params.find((p) => p.key === 'dim')?.value ?? 0),
      })),
      dynamic: schema.enable_dynamic_field,
      updateTs: String(reply.update_timestamp ?? '0'),
      collectionID: String(reply.collectionID ?? '0'),
    };
    this.schemas.set(key, entry);
    return entry;
  }

  private async pkOf(collection: string, base: CallBase): Promise<FieldView> {
    const schema = await this.schemaOf(collection, base);
    const pk = schema.fields.find((f) => f.isPrimaryKey);
    if (!pk) throw new Error(`collection ${collection} has no primary key field`);
    return pk;
  }

  /** `pk in [...]` for a list of ids of the primary key's type. */
  private async idsFilter(collection: string, base: CallBase, ids: readonly (number | string | bigint)[]): Promise<string> {
    const pk = await this.pkOf(collection, base);
    const list = pk.dataType === 'VarChar' ? ids.map((i) => JSON.stringify(String(i))).join(',') : ids.map(String).join(',');
    return `${pk.name} in [${list}]`;
  }

  private async write(
    method: 'Insert' | 'Upsert',
    req: CallBase & { collection_name: string; data?: Row[]; fields_data?: Row[]; partition_name?: string },
  ): Promise<Reply & { insert_cnt: string; upsert_cnt: string; IDs: Props; succ_index: number[] }> {
    const rows = req.data ?? req.fields_data ?? [];
    for (let attempt = 0; ; attempt++) {
      const schema = await this.schemaOf(req.collection_name, req);
      try {
        return (await this.call(method, {
          timeout: req.timeout,
          db_name: req.db_name,
          collection_name: req.collection_name,
          partition_name: req.partition_name ?? '',
          fields_data: rowsToFieldData(schema, rows, method === 'Upsert'),
          num_rows: rows.length,
          schema_timestamp: schema.updateTs,
        })) as Reply & { insert_cnt: string; upsert_cnt: string; IDs: Props; succ_index: number[] };
      } catch (e) {
        // The collection changed since its schema was cached: refresh once and retry.
        if (attempt === 0 && (e as { code?: number }).code === 109) {
          this.forget(req.collection_name, req);
          continue;
        }
        throw e;
      }
    }
  }

  /** Rows as `data` (the SDK's `fields_data` accepted too). */
  insert(req: CallBase & { collection_name: string; data?: Row[]; fields_data?: Row[]; partition_name?: string }) {
    return this.write('Insert', req);
  }

  upsert(req: CallBase & { collection_name: string; data?: Row[]; fields_data?: Row[]; partition_name?: string }) {
    return this.write('Upsert', req);
  }

  /** Deletes by `filter` (or `expr`), or by primary keys `ids`. */
  async delete(
    req: CallBase & {
      collection_name: string;
      filter?: string;
      expr?: string;
      ids?: (number | string | bigint)[];
      partition_name?: string;
      consistency_level?: string;
    },
  ): Promise<Reply & { delete_cnt: string }> {
    let expr = req.filter || req.expr || '';
    if (!expr && req.ids) expr = await this.idsFilter(req.collection_name, req, req.ids);
    return this.call('Delete', {
      timeout: req.timeout,
      db_name: req.db_name,
      collection_name: req.collection_name,
      expr,
      partition_name: req.partition_name ?? '',
      consistency_level: req.consistency_level,
    }) as Promise<Reply & { delete_cnt: string }>;
  }

  /** The SDK's name for delete by filter. */
  deleteEntities(req: CallBase & { collection_name: string; filter?: string; expr?: string; partition_name?: string }) {
    return this.delete(req);
  }

  /**
   * Rows matching `filter`; `output_fields` default `['*']`; `limit`/`offset`; `count(*)` as the
   * only output field counts. Requested dynamic keys appear at top level; `$meta` (the whole
   * dynamic object) when `*` or `$meta` is asked, as in the official SDK.
   */
  async query(
    req: CallBase & {
      collection_name: string;
      filter?: string;
      expr?: string;
      ids?: (number | string | bigint)[];
      output_fields?: string[];
      limit?: number;
      offset?: number;
      partition_names?: string[];
      consistency_level?: string;
      ignore_growing?: boolean;
    },
  ): Promise<Reply & { data: Row[] }> {
    const params: Props = {};
    if (req.limit !== undefined) params.limit = req.limit;
    if (req.offset !== undefined) params.offset = req.offset;
    if (req.ignore_growing !== undefined) params.ignore_growing = req.ignore_growing;
    let expr = req.filter || req.expr || '';
    if (!expr && req.ids && req.ids.length > 0) expr = await this.idsFilter(req.collection_name, req, req.ids);
    const outputFields = req.output_fields ?? ['*'];
    const reply = await this.call('Query', {
      timeout: req.timeout,
      db_name: req.db_name,
      collection_name: req.collection_name,
      expr,
      output_fields: outputFields,
      partition_names: req.partition_names ?? [],
      query_params: kv(params),
      consistency_level: req.consistency_level,
    });
    const keepMeta = outputFields.includes('*') || outputFields.includes(DYNAMIC_FIELD);
    const data = fieldDataToRows(reply.fields_data as WireFieldData[], (reply.output_fields as string[]) ?? [], this.int64Mode, keepMeta);
    return { ...reply, data };
  }

  /** Rows by primary key. */
  async get(
    req: CallBase & { collection_name: string; ids: (number | string | bigint)[]; output_fields?: string[]; partition_names?: string[] },
  ): Promise<Reply & { data: Row[] }> {
    const filter = await this.idsFilter(req.collection_name, req, req.ids);
    return this.query({ ...req, ids: undefined, filter });
  }

  /** The number of rows matching `filter` (all rows without one). */
  async count(
    req: CallBase & { collection_name: string; filter?: string; expr?: string; partition_names?: string[] },
  ): Promise<Reply & { data: number }> {
    const reply = await this.query({ ...req, output_fields: ['count(*)'] });
    return { ...reply, data: Number(reply.data[0]?.['count(*)'] ?? 0) };
  }

  private placeholderGroup(type: string, vectors: unknown[]): Uint8Array {
    const values = vectors.map((v) => vectorBytes(type, v));
    return PlaceholderGroupType.encode(PlaceholderGroupType.fromObject({ placeholders: [{ tag: '$0', type, values }] })).finish();
  }

  private async annsFieldOf(collection: string, base: CallBase, name?: string): Promise<FieldView> {
    const schema = await this.schemaOf(collection, base);
    const vectors = schema.fields.filter((f) => f.dataType.endsWith('Vector'));
    const field = name ? schema.fields.find((f) => f.name === name) : vectors[0];
    if (!field) {
      // Let the server answer for an unknown field: send it as a float vector search.
      return {
        name: name ?? '',
        dataType: 'FloatVector',
        elementType: 'None',
        isPrimaryKey: false,
        autoID: false,
        isDynamic: false,
        isFunctionOutput: false,
        nullable: false,
        hasDefault: false,
        dim: 0,
      };
    }
    return field;
  }

  private formatHits(reply: Reply, pk: FieldView | undefined, roundDecimal: number | undefined, nq: number): Row[] | Row[][] {
    const results = (reply.results ?? {}) as {
      topks?: string[];
      scores?: number[];
      ids?: { int_id?: { data: string[] }; str_id?: { data: string[] } };
      fields_data?: WireFieldData[];
      output_fields?: string[];
      group_by_field_values?: WireFieldData[];
      group_by_field_value?: WireFieldData | null;
    };
    const fields = results.fields_data ?? [];
    const outputFields = results.output_fields?.length ? results.output_fields : fields.map((f) => f.field_name);
    const map = columnMap(fields, this.int64Mode);
    const meta = map.get(DYNAMIC_FIELD);
    const groupColumns = results.group_by_field_values?.length
      ? columnMap(results.group_by_field_values, this.int64Mode)
      : results.group_by_field_value
        ? columnMap([results.group_by_field_value], this.int64Mode)
        : undefined;
    const intIds = results.ids?.int_id?.data;
    const ids: unknown[] = intIds?.length ? intIds.map((v) => int64Out(v, this.int64Mode)) : (results.ids?.str_id?.data ?? []);
    const perQuery: Row[][] = [];
    let at = 0;
    for (const k of results.topks ?? []) {
      const hits: Row[] = [];
      for (let i = 0; i < Number(k); i++, at++) {
        const hit: Row = { score: roundTo(results.scores![at]!, roundDecimal) };
        if (groupColumns) {
          const g: Row = {};
          groupColumns.forEach((col, name) => (g[name] = col[at]));
          hit.group_by_field_values = g;
        }
        for (const name of outputFields) {
          const col = map.get(name);
          if (col) hit[name] = col[at];
          else if (meta) hit[name] = (meta[at] as Row | null)?.[name];
        }
        if (pk && !(pk.name in hit)) hit[pk.name] = ids[at];
        hits.push(hit);
      }
      perQuery.push(hits);
    }
    return nq === 1 ? (perQuery[0] ?? []) : perQuery;
  }

  /**
   * Vector search. `data` is one vector or a list of them, of the anns field's type (see rows.ts);
   * for nq 1 `results` is a list of hits, else a list per query, as in the official SDK. A hit
   * holds `score`, the primary key and the output fields (`group_by_field_values` when grouping).
   * `data` as a list of `{data, anns_field, ...}` requests makes it a hybridSearch.
   */
  async search(req: SearchReq | HybridSearchReq): Promise<Reply & { results: Row[] | Row[][] }> {
    const data = (req as SearchReq).data ?? (req as SearchReq).vectors ?? (req as SearchReq).vector;
    if (Array.isArray(data) && data.length > 0 && typeof data[0] === 'object' && data[0] !== null && 'anns_field' in data[0]) {
      return this.hybridSearch(req as HybridSearchReq);
    }
    const r = req as SearchReq;
    const field = await this.annsFieldOf(r.collection_name, r, r.anns_field);
    const vectors = searchVectors(data ?? []);
    const roundDecimal = r.round_decimal ?? (r.params?.round_decimal as number | undefined);
    const params: Props = {
      anns_field: field.name,
      topk: r.limit ?? r.topk ?? 100,
      offset: r.offset ?? 0,
      metric_type: r.metric_type ?? '',
      params: JSON.stringify(r.params ?? {}),
      ignore_growing: r.ignore_growing ?? false,
    };
    if (roundDecimal !== undefined) params.round_decimal = roundDecimal;
    if (r.group_by_field) params.group_by_field = r.group_by_field;
    if (r.group_size) params.group_size = r.group_size;
    if (r.strict_group_size) params.strict_group_size = r.strict_group_size;
    if (r.hints) params.hints = r.hints;
    for (const [k, v] of Object.entries(r.params ?? {})) params[k] = v;
    const reply = await this.call('Search', {
      timeout: r.timeout,
      db_name: r.db_name,
      collection_name: r.collection_name,
      dsl: r.filter || r.expr || '',
      dsl_type: 'BoolExprV1',
      placeholder_group: this.placeholderGroup(field.dataType, vectors),
      output_fields: r.output_fields ?? ['*'],
      search_params: kv(params),
      partition_names: r.partition_names ?? [],
      nq: String(vectors.length),
      consistency_level: r.consistency_level,
    });
    const pk = (await this.schemaOf(r.collection_name, r)).fields.find((f) => f.isPrimaryKey);
    return { ...reply, results: this.formatHits(reply, pk, roundDecimal, vectors.length) };
  }

  /** Several vector searches fused by `rerank` (RRFRanker() by default, or WeightedRanker([...])). */
  async hybridSearch(req: HybridSearchReq): Promise<Reply & { results: Row[] | Row[][] }> {
    const limit = req.limit ?? 100;
    const requests = [];
    let nq = 1;
    for (const sub of req.data) {
      const field = await this.annsFieldOf(req.collection_name, req, sub.anns_field);
      const vectors = searchVectors(sub.data);
      nq = vectors.length;
      const params: Props = {
        anns_field: field.name,
        topk: sub.limit ?? limit,
        offset: 0,
        metric_type: sub.metric_type ?? '',
        params: JSON.stringify(sub.params ?? {}),
        ignore_growing: false,
      };
      for (const [k, v] of Object.entries(sub.params ?? {})) params[k] = v;
      requests.push({
        collection_name: req.collection_name,
        db_name: req.db_name,
        partition_names: req.partition_names ?? [],
        dsl: sub.filter || sub.expr || '',
        dsl_type: 'BoolExprV1',
        placeholder_group: this.placeholderGroup(field.dataType, vectors),
        output_fields: req.output_fields ?? ['*'],
        search_params: kv(params),
        nq: String(vectors.length),
      });
    }
    const rerank = req.rerank ?? RRFRanker();
    const rank: Props = {
      strategy: rerank.strategy,
      params: JSON.stringify(rerank.params),
      round_decimal: req.round_decimal ?? -1,
      limit,
      offset: req.offset ?? 0,
    };
    const reply = await this.call('HybridSearch', {
      timeout: req.timeout,
      db_name: req.db_name,
      collection_name: req.collection_name,
      partition_names: req.partition_names ?? [],
      requests,
      rank_params: kv(rank),
      output_fields: req.output_fields ?? ['*'],
      consistency_level: req.consistency_level,
    });
    const pk = (await this.schemaOf(req.collection_name, req)).fields.find((f) => f.isPrimaryKey);
    return { ...reply, results: this.formatHits(reply, pk, req.round_decimal, nq) };
  }

  // ---- persistence ----

  async flush(req: CallBase & { collection_names: string[] }): Promise<Reply> {
    return this.call('Flush', req);
  }

  /** Flushing completes inside the call here. */
  flushSync(req: CallBase & { collection_names: string[] }): Promise<Reply> {
    return this.flush(req);
  }

  async getFlushState(
    req: CallBase & { segmentIDs?: string[]; flush_ts?: string; collection_name?: string },
  ): Promise<Reply & { flushed: boolean }> {
    return this.call('GetFlushState', req) as Promise<Reply & { flushed: boolean }>;
  }

  async compact(req: CallBase & { collection_name: string; is_clustering?: boolean }): Promise<Reply & { compactionID: string }> {
    const schema = await this.schemaOf(req.collection_name, req);
    return this.call('ManualCompaction', {
      timeout: req.timeout,
      db_name: req.db_name,
      collection_name: req.collection_name,
      collectionID: schema.collectionID,
      majorCompaction: req.is_clustering ?? false,
    }) as Promise<Reply & { compactionID: string }>;
  }

  async getCompactionState(req: CallBase & { compactionID: string | number }): Promise<Reply & { state: string }> {
    return this.call('GetCompactionState', { ...req, compactionID: String(req.compactionID) }) as Promise<Reply & { state: string }>;
  }

  async getCompactionStateWithPlans(req: CallBase & { compactionID: string | number }): Promise<Reply> {
    return this.call('GetCompactionStateWithPlans', { ...req, compactionID: String(req.compactionID) });
  }
}

export { CONVERSION, typeName };
