// MilvusClient: the official Node SDK's method names and request shapes, over either transport.
// `uri` a path runs the engine in this process; `http://host:port` talks gRPC to any Milvus-
// protocol server. Unlike the official SDK, a failed call throws a MilvusException.
import { CONVERSION, protoRoot } from '../protocol/descriptors.js';
import { EmbeddedTransport } from './embedded.js';
import { throwIfError, type WireStatus } from './exception.js';
import { RemoteTransport } from './remote.js';
import { parseUri, type Transport } from './transport.js';
import { buildSchema, type FieldSpec, type QuickSetup } from './schema-builder.js';
import { rowsToFieldData, fieldDataToRows, type Row } from './rows.js';

export interface ClientConfig {
  /** A data directory (`./data`, `file:./data`) for embedded mode, or `http(s)://host:port`. */
  uri: string;
  /** `user:password` or an API key (remote only). */
  token?: string;
  /** The database to use (default `default`). */
  db_name?: string;
  /** Default timeout of every call, in milliseconds. */
  timeout?: number;
}

/** Every request may carry its own timeout (milliseconds) and database. */
export interface CallBase {
  timeout?: number;
  db_name?: string;
}

type Reply = Record<string, unknown> & { status?: WireStatus };

const CollectionSchemaType = protoRoot.lookupType('milvus.proto.schema.CollectionSchema');
const PlaceholderGroupType = protoRoot.lookupType('milvus.proto.common.PlaceholderGroup');

interface CachedCollection {
  fields: { name: string; dataType: string; isPrimaryKey: boolean; autoID: boolean; isDynamic: boolean; dim: number }[];
  dynamic: boolean;
  updateTs: string;
}

export class MilvusClient {
  readonly config: ClientConfig;
  private readonly transport: Promise<Transport>;
  private readonly schemas = new Map<string, CachedCollection>();

  constructor(config: ClientConfig) {
    this.config = config;
    const endpoint = parseUri(config.uri);
    const db = config.db_name || 'default';
    this.transport =
      endpoint.kind === 'embedded'
        ? EmbeddedTransport.open(endpoint.dataDir, db)
        : RemoteTransport.open({ address: endpoint.address, tls: endpoint.tls, token: config.token, dbName: db }, config.timeout);
    // Callers see a failed connection on their first call; keep Node from reporting it as unhandled.
    this.transport.catch(() => undefined);
  }

  /** Resolves when connected (embedded: the engine is open); rejects with why not. */
  async connect(): Promise<void> {
    await this.transport;
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

  async close(): Promise<void> {
    const transport = await this.transport.catch(() => undefined);
    await transport?.close();
  }

  /** The official SDK's name for close(). */
  closeConnection(): Promise<void> {
    return this.close();
  }

  // ---- aliases ----

  async createAlias(req: CallBase & { collection_name: string; alias: string }): Promise<Reply> {
    return this.call('CreateAlias', req, '');
  }

  async alterAlias(req: CallBase & { collection_name: string; alias: string }): Promise<Reply> {
    return this.call('AlterAlias', req, '');
  }

  async dropAlias(req: CallBase & { alias: string }): Promise<Reply> {
    return this.call('DropAlias', req, '');
  }

  async describeAlias(req: CallBase & { alias: string }): Promise<Reply & { db_name: string; alias: string; collection: string }> {
    return this.call('DescribeAlias', req) as Promise<Reply & { db_name: string; alias: string; collection: string }>;
  }

  async listAliases(req: CallBase & { collection_name?: string } = {}): Promise<Reply & { aliases: string[]; collection_name: string; db_name: string }> {
    return this.call('ListAliases', { collection_name: '', ...req }) as Promise<Reply & { aliases: string[]; collection_name: string; db_name: string }>;
  }

  // ---- databases ----

  async createDatabase(req: CallBase & { db_name: string }): Promise<Reply> {
    return this.call('CreateDatabase', req, '');
  }

  async dropDatabase(req: CallBase & { db_name: string }): Promise<Reply> {
    return this.call('DropDatabase', req, '');
  }

  async listDatabases(req: CallBase = {}): Promise<Reply & { db_names: string[] }> {
    return this.call('ListDatabases', req) as Promise<Reply & { db_names: string[] }>;
  }

  // ---- collections ----

  /**
   * `{collection_name, dimension}` is the quick setup (id + vector + dynamic field, an AUTOINDEX
   * index and a load, as the official SDK does); `{collection_name, fields}` creates the schema given.
   */
  async createCollection(req: CallBase & (QuickSetup | { collection_name: string; fields: FieldSpec[]; enable_dynamic_field?: boolean; description?: string; num_partitions?: number; consistency_level?: string; properties?: Record<string, unknown> })): Promise<Reply> {
    const { schema, index } = buildSchema(req);
    const bytes = CollectionSchemaType.encode(CollectionSchemaType.fromObject(schema)).finish();
    const properties = 'properties' in req && req.properties
      ? Object.entries(req.properties).map(([key, value]) => ({ key, value: String(value) }))
      : [];
    const status = await this.call(
      'CreateCollection',
      {
        timeout: req.timeout,
        db_name: req.db_name,
        collection_name: req.collection_name,
        schema: bytes,
        shards_num: 1,
        consistency_level: ('consistency_level' in req && req.consistency_level) || 'Bounded',
        properties,
        num_partitions: 'num_partitions' in req && req.num_partitions ? String(req.num_partitions) : '0',
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
    this.schemas.delete(req.collection_name);
    return this.call('DropCollection', req, '');
  }

  async renameCollection(req: CallBase & { collection_name: string; new_collection_name: string; new_db_name?: string }): Promise<Reply> {
    this.schemas.delete(req.collection_name);
    return this.call(
      'RenameCollection',
      { timeout: req.timeout, db_name: req.db_name, oldName: req.collection_name, newName: req.new_collection_name, newDBName: req.new_db_name ?? '' },
      '',
    );
  }

  async loadCollection(req: CallBase & { collection_name: string }): Promise<Reply> {
    return this.call('LoadCollection', req, '');
  }

  /** The official SDK's synchronous variant: loading completes inside the call here anyway. */
  loadCollectionSync(req: CallBase & { collection_name: string }): Promise<Reply> {
    return this.loadCollection(req);
  }

  async releaseCollection(req: CallBase & { collection_name: string }): Promise<Reply> {
    return this.call('ReleaseCollection', req, '');
  }

  async getLoadState(req: CallBase & { collection_name: string; partition_names?: string[] }): Promise<Reply & { state: string }> {
    return this.call('GetLoadState', req) as Promise<Reply & { state: string }>;
  }

  async getLoadingProgress(req: CallBase & { collection_name: string }): Promise<Reply & { progress: string }> {
    return this.call('GetLoadingProgress', req) as Promise<Reply & { progress: string }>;
  }

  async getCollectionStatistics(req: CallBase & { collection_name: string }): Promise<Reply & { data: { row_count: string } }> {
    const reply = await this.call('GetCollectionStatistics', req);
    const stats = (reply.stats as { key: string; value: string }[]) ?? [];
    return { ...reply, data: Object.fromEntries(stats.map((s) => [s.key, s.value])) as { row_count: string } };
  }

  async flush(req: CallBase & { collection_names: string[] }): Promise<Reply> {
    return this.call('Flush', req);
  }

  // ---- indexes ----

  async createIndex(
    req: CallBase & { collection_name: string; field_name: string; index_name?: string; index_type?: string; metric_type?: string; params?: Record<string, unknown> },
  ): Promise<Reply> {
    const extra: { key: string; value: string }[] = [];
    if (req.index_type) extra.push({ key: 'index_type', value: req.index_type });
    if (req.metric_type) extra.push({ key: 'metric_type', value: req.metric_type });
    if (req.params) extra.push({ key: 'params', value: JSON.stringify(req.params) });
    return this.call(
      'CreateIndex',
      { timeout: req.timeout, db_name: req.db_name, collection_name: req.collection_name, field_name: req.field_name, index_name: req.index_name ?? '', extra_params: extra },
      '',
    );
  }

  async describeIndex(req: CallBase & { collection_name: string; index_name?: string; field_name?: string }): Promise<Reply> {
    return this.call('DescribeIndex', { index_name: '', field_name: '', ...req });
  }

  async dropIndex(req: CallBase & { collection_name: string; index_name?: string; field_name?: string }): Promise<Reply> {
    return this.call('DropIndex', { index_name: '', field_name: '', ...req }, '');
  }

  // ---- data ----

  /** The cached schema of a collection (refreshed when the server answers SchemaMismatch). */
  private async schemaOf(collection: string, base: CallBase): Promise<CachedCollection> {
    const cached = this.schemas.get(collection);
    if (cached) return cached;
    const reply = await this.describeCollection({ ...base, collection_name: collection });
    const schema = reply.schema as { fields: { name: string; data_type: string; is_primary_key: boolean; autoID: boolean; is_dynamic: boolean; type_params: { key: string; value: string }[] }[]; enable_dynamic_field: boolean };
    const entry: CachedCollection = {
      fields: schema.fields.map((f) => ({
        name: f.name,
        dataType: f.data_type,
        isPrimaryKey: f.is_primary_key,
        autoID: f.autoID,
        isDynamic: f.is_dynamic,
        dim: Number(f.type_params.find((p) => p.key === 'dim')?.value ?? 0),
      })),
      dynamic: schema.enable_dynamic_field,
      updateTs: String(reply.update_timestamp ?? '0'),
    };
    this.schemas.set(collection, entry);
    return entry;
  }

  private async write(method: 'Insert' | 'Upsert', req: CallBase & { collection_name: string; data: Row[]; partition_name?: string }): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      const schema = await this.schemaOf(req.collection_name, req);
      try {
        return await this.call(method, {
          timeout: req.timeout,
          db_name: req.db_name,
          collection_name: req.collection_name,
          partition_name: req.partition_name ?? '',
          fields_data: rowsToFieldData(schema, req.data, method === 'Upsert'),
          num_rows: req.data.length,
          schema_timestamp: schema.updateTs,
        });
      } catch (e) {
        // The collection changed since its schema was cached: refresh once and retry.
        if (attempt === 0 && (e as { code?: number }).code === 109) {
          this.schemas.delete(req.collection_name);
          continue;
        }
        throw e;
      }
    }
  }

  insert(req: CallBase & { collection_name: string; data: Row[]; partition_name?: string }): Promise<Reply> {
    return this.write('Insert', req);
  }

  upsert(req: CallBase & { collection_name: string; data: Row[]; partition_name?: string }): Promise<Reply> {
    return this.write('Upsert', req);
  }

  async delete(req: CallBase & { collection_name: string; filter?: string; ids?: (number | string)[]; partition_name?: string }): Promise<Reply> {
    let expr = req.filter ?? '';
    if (!expr && req.ids) {
      const schema = await this.schemaOf(req.collection_name, req);
      const pk = schema.fields.find((f) => f.isPrimaryKey)!;
      expr = pk.dataType === 'VarChar' ? `${pk.name} in [${req.ids.map((i) => JSON.stringify(String(i))).join(',')}]` : `${pk.name} in [${req.ids.join(',')}]`;
    }
    return this.call('Delete', { timeout: req.timeout, db_name: req.db_name, collection_name: req.collection_name, expr, partition_name: req.partition_name ?? '' });
  }

  async query(
    req: CallBase & { collection_name: string; filter?: string; expr?: string; output_fields?: string[]; limit?: number; offset?: number; partition_names?: string[] },
  ): Promise<Reply & { data: Row[] }> {
    const params: { key: string; value: string }[] = [];
    if (req.limit !== undefined) params.push({ key: 'limit', value: String(req.limit) });
    if (req.offset !== undefined) params.push({ key: 'offset', value: String(req.offset) });
    const reply = await this.call('Query', {
      timeout: req.timeout,
      db_name: req.db_name,
      collection_name: req.collection_name,
      expr: req.filter ?? req.expr ?? '',
      output_fields: req.output_fields ?? ['*'],
      partition_names: req.partition_names ?? [],
      query_params: params,
    });
    return { ...reply, data: fieldDataToRows(reply.fields_data as never[]) };
  }

  async get(req: CallBase & { collection_name: string; ids: (number | string)[]; output_fields?: string[] }): Promise<Reply & { data: Row[] }> {
    const schema = await this.schemaOf(req.collection_name, req);
    const pk = schema.fields.find((f) => f.isPrimaryKey)!;
    const list = pk.dataType === 'VarChar' ? req.ids.map((i) => JSON.stringify(String(i))).join(',') : req.ids.join(',');
    return this.query({ ...req, filter: `${pk.name} in [${list}]` });
  }

  /**
   * `data` is one vector or a list of them. For one vector `results` is a list of hits; for
   * several, a list per query, as in the official SDK.
   */
  async search(
    req: CallBase & {
      collection_name: string;
      data: number[] | number[][];
      anns_field?: string;
      limit?: number;
      topk?: number;
      offset?: number;
      filter?: string;
      output_fields?: string[];
      metric_type?: string;
      params?: Record<string, unknown>;
      partition_names?: string[];
    },
  ): Promise<Reply & { results: Row[] | Row[][] }> {
    const single = req.data.length > 0 && typeof req.data[0] === 'number';
    const vectors = (single ? [req.data] : req.data) as number[][];
    const values = vectors.map((v) => Buffer.from(new Float32Array(v).buffer));
    const group = PlaceholderGroupType.encode(
      PlaceholderGroupType.fromObject({ placeholders: [{ tag: '$0', type: 'FloatVector', values }] }),
    ).finish();
    const searchParams: { key: string; value: string }[] = [
      { key: 'topk', value: String(req.limit ?? req.topk ?? 10) },
      { key: 'offset', value: String(req.offset ?? 0) },
      { key: 'params', value: JSON.stringify(req.params ?? {}) },
    ];
    if (req.metric_type) searchParams.push({ key: 'metric_type', value: req.metric_type });
    if (req.anns_field) searchParams.push({ key: 'anns_field', value: req.anns_field });
    const reply = await this.call('Search', {
      timeout: req.timeout,
      db_name: req.db_name,
      collection_name: req.collection_name,
      dsl: req.filter ?? '',
      dsl_type: 'BoolExprV1',
      placeholder_group: group,
      output_fields: req.output_fields ?? [],
      search_params: searchParams,
      partition_names: req.partition_names ?? [],
      nq: String(vectors.length),
    });
    const results = reply.results as { topks: string[]; scores: number[]; ids: { int_id?: { data: string[] }; str_id?: { data: string[] } }; fields_data: never[] };
    const rows = fieldDataToRows(results.fields_data ?? []);
    const ids = results.ids?.int_id?.data ?? results.ids?.str_id?.data ?? [];
    const perQuery: Row[][] = [];
    let at = 0;
    for (const k of results.topks ?? []) {
      const hits: Row[] = [];
      for (let i = 0; i < Number(k); i++, at++) hits.push({ ...rows[at], id: ids[at], score: results.scores[at] });
      perQuery.push(hits);
    }
    return { ...reply, results: single ? (perQuery[0] ?? []) : perQuery };
  }
}

export { CONVERSION };
