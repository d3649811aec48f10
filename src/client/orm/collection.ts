// The pymilvus ORM's Collection, FieldSchema and CollectionSchema. A Collection is bound to a
// name (a collection or an alias of one) and a connection (`using`); every method delegates to
// that connection's MilvusClient with the name as given, so a Collection opened through an alias
// follows the alias when it is re-pointed.
import { DataType } from '../../catalog/index.js';
import type { MilvusClient } from '../milvus-client.js';
import { MilvusException } from '../exception.js';
import type { FieldSpec } from '../schema-builder.js';
import type { Row } from '../rows.js';
import { connections, OrmMessages, ORM_ERROR_CODE } from './connections.js';

/** The collection is missing and no schema was given, or its schema differs (pymilvus SchemaNotReadyException). */
export class SchemaNotReadyException extends MilvusException {
  constructor(reason: string) {
    super(ORM_ERROR_CODE, 'UnexpectedError', reason);
    this.name = 'SchemaNotReadyException';
  }
}

export interface FieldSchemaOptions {
  description?: string;
  is_primary?: boolean;
  auto_id?: boolean;
  dim?: number;
  max_length?: number;
  max_capacity?: number;
  element_type?: DataType;
  nullable?: boolean;
  default_value?: unknown;
  is_partition_key?: boolean;
  is_clustering_key?: boolean;
  /** Any other type parameter (`{ enable_analyzer: true }`...). */
  type_params?: Record<string, unknown>;
}

/** pymilvus `FieldSchema(name, dtype, description='', **kwargs)`: `new FieldSchema('id', DataType.Int64, { is_primary: true })`. */
export class FieldSchema {
  readonly name: string;
  readonly dtype: DataType;
  readonly description: string;
  readonly is_primary: boolean;
  readonly auto_id: boolean;
  readonly params: Record<string, unknown>;
  readonly element_type?: DataType;
  readonly nullable: boolean;
  readonly default_value?: unknown;
  readonly is_partition_key: boolean;
  readonly is_clustering_key: boolean;

  constructor(name: string, dtype: DataType, options: FieldSchemaOptions | string = {}) {
    const o: FieldSchemaOptions = typeof options === 'string' ? { description: options } : options;
    this.name = name;
    this.dtype = dtype;
    this.description = o.description ?? '';
    this.is_primary = o.is_primary ?? false;
    this.auto_id = o.auto_id ?? false;
    const params: Record<string, unknown> = { ...(o.type_params ?? {}) };
    if (o.dim !== undefined) params.dim = Number(o.dim);
    if (o.max_length !== undefined) params.max_length = Number(o.max_length);
    if (o.max_capacity !== undefined) params.max_capacity = Number(o.max_capacity);
    this.params = params;
    if (o.element_type !== undefined) this.element_type = o.element_type;
    this.nullable = o.nullable ?? false;
    if (o.default_value !== undefined) this.default_value = o.default_value;
    this.is_partition_key = o.is_partition_key ?? false;
    this.is_clustering_key = o.is_clustering_key ?? false;
  }

  /** The official SDK's field shape, as MilvusClient.createCollection takes it. */
  toSpec(): FieldSpec {
    const { dim, max_length, max_capacity, ...rest } = this.params;
    const spec: FieldSpec = {
      name: this.name,
      data_type: this.dtype,
      is_primary_key: this.is_primary,
      autoID: this.auto_id,
      description: this.description,
      nullable: this.nullable,
      is_partition_key: this.is_partition_key,
      is_clustering_key: this.is_clustering_key,
    };
    if (dim !== undefined) spec.dim = dim as number;
    if (max_length !== undefined) spec.max_length = max_length as number;
    if (max_capacity !== undefined) spec.max_capacity = max_capacity as number;
    if (Object.keys(rest).length > 0) spec.type_params = rest;
    if (this.element_type !== undefined) spec.element_type = this.element_type;
    if (this.default_value !== undefined) spec.default_value = this.default_value;
    return spec;
  }
}

export interface CollectionSchemaOptions {
  description?: string;
  enable_dynamic_field?: boolean;
  /** Sets auto_id on the primary field, as pymilvus's `CollectionSchema(..., auto_id=True)`. */
  auto_id?: boolean;
}

/** pymilvus `CollectionSchema(fields, description='', **kwargs)`. */
export class CollectionSchema {
  readonly fields: FieldSchema[];
  readonly description: string;
  readonly enable_dynamic_field: boolean;

  constructor(fields: FieldSchema[], options: CollectionSchemaOptions | string = {}) {
    const o: CollectionSchemaOptions = typeof options === 'string' ? { description: options } : options;
    if (fields.length === 0) throw new SchemaNotReadyException('The field of the schema cannot be empty.');
    const primaries = fields.filter((f) => f.is_primary);
    if (primaries.length !== 1) throw new SchemaNotReadyException('Schema must have exactly one primary key field.');
    if (o.auto_id !== undefined && o.auto_id !== primaries[0]!.auto_id) {
      const pk = primaries[0]!;
      fields = fields.map((f) => (f === pk ? new FieldSchema(pk.name, pk.dtype, { ...optionsOf(pk), auto_id: o.auto_id }) : f));
    }
    this.fields = fields;
    this.description = o.description ?? '';
    this.enable_dynamic_field = o.enable_dynamic_field ?? false;
  }

  get primary_field(): FieldSchema {
    return this.fields.find((f) => f.is_primary)!;
  }

  get auto_id(): boolean {
    return this.primary_field.auto_id;
  }

  /** The schema as a server describes it (what Collection compares against). */
  static fromDescribe(schema: DescribedSchema): CollectionSchema {
    const fields = schema.fields
      .filter((f) => !f.is_dynamic)
      .map((f) => {
        const params: Record<string, unknown> = {};
        for (const p of f.type_params ?? []) params[p.key] = /^\d+$/.test(p.value) ? Number(p.value) : p.value;
        const { dim, max_length, max_capacity, ...rest } = params;
        const o: FieldSchemaOptions = {
          description: f.description ?? '',
          is_primary: Boolean(f.is_primary_key),
          auto_id: Boolean(f.autoID),
          nullable: Boolean(f.nullable),
          is_partition_key: Boolean(f.is_partition_key),
          is_clustering_key: Boolean(f.is_clustering_key),
        };
        if (dim !== undefined) o.dim = Number(dim);
        if (max_length !== undefined) o.max_length = Number(max_length);
        if (max_capacity !== undefined) o.max_capacity = Number(max_capacity);
        if (Object.keys(rest).length > 0) o.type_params = rest;
        if (f.element_type && f.element_type !== 'None') o.element_type = dataTypeOf(f.element_type);
        return new FieldSchema(f.name, dataTypeOf(f.data_type), o);
      });
    return new CollectionSchema(fields, { description: schema.description ?? '', enable_dynamic_field: Boolean(schema.enable_dynamic_field) });
  }

  /** True when both schemas define the same fields (names, types, keys, type parameters) and dynamic field setting. */
  equals(other: CollectionSchema): boolean {
    return JSON.stringify(normalize(this)) === JSON.stringify(normalize(other));
  }
}

interface DescribedSchema {
  description?: string;
  enable_dynamic_field?: boolean;
  fields: {
    name: string;
    description?: string;
    data_type: string | number;
    element_type?: string | number;
    is_primary_key?: boolean;
    autoID?: boolean;
    is_dynamic?: boolean;
    nullable?: boolean;
    is_partition_key?: boolean;
    is_clustering_key?: boolean;
    type_params?: { key: string; value: string }[];
  }[];
}

function dataTypeOf(t: string | number): DataType {
  if (typeof t === 'number') return t as DataType;
  const v = (DataType as unknown as Record<string, number>)[t];
  return (v ?? Number(t)) as DataType;
}

function optionsOf(f: FieldSchema): FieldSchemaOptions {
  const o: FieldSchemaOptions = {
    description: f.description,
    is_primary: f.is_primary,
    auto_id: f.auto_id,
    nullable: f.nullable,
    is_partition_key: f.is_partition_key,
    is_clustering_key: f.is_clustering_key,
    type_params: { ...f.params },
  };
  if (f.element_type !== undefined) o.element_type = f.element_type;
  if (f.default_value !== undefined) o.default_value = f.default_value;
  return o;
}

function normalize(s: CollectionSchema): unknown {
  return {
    dynamic: s.enable_dynamic_field,
    fields: s.fields.map((f) => ({
      name: f.name,
      dtype: f.dtype,
      pk: f.is_primary,
      auto: f.auto_id,
      element: f.element_type ?? null,
      nullable: f.nullable,
      partitionKey: f.is_partition_key,
      params: Object.fromEntries(
        Object.entries(f.params)
          .map(([k, v]) => [k, String(v)])
          .sort(([a], [b]) => (a! < b! ? -1 : 1)),
      ),
    })),
  };
}

export interface CollectionOptions {
  /** The connection (default `'default'`). */
  using?: string;
  /** Used when the collection is created here. */
  consistency_level?: string;
  num_partitions?: number;
  /** Milliseconds, for the calls the constructor makes. */
  timeout?: number;
}

export interface TimeoutOption {
  timeout?: number;
}

/** pymilvus's MutationResult. */
export interface MutationResult {
  primary_keys: (number | string)[];
  insert_count: number;
  delete_count: number;
  upsert_count: number;
  timestamp: string;
}

/** One search hit: pymilvus's Hit (`id`, `distance`, `entity` with the output fields). */
export interface Hit {
  id: number | string;
  distance: number;
  entity: Row;
}

export interface SearchParams extends TimeoutOption {
  /** The query vectors (one list per query). */
  data: number[][];
  /** The vector field to search. */
  anns_field: string;
  /** `{ metric_type, params: { nprobe... }, offset? }` as pymilvus's `param`. */
  param?: { metric_type?: string; params?: Record<string, unknown>; offset?: number };
  limit: number;
  /** A boolean filter expression. */
  expr?: string;
  output_fields?: string[];
  partition_names?: string[];
  offset?: number;
}

export interface QueryOptions extends TimeoutOption {
  output_fields?: string[];
  partition_names?: string[];
  limit?: number;
  offset?: number;
}

function timeoutOf(o: TimeoutOption | undefined): { timeout?: number } {
  return o?.timeout === undefined ? {} : { timeout: o.timeout };
}

function mutation(reply: Record<string, unknown>): MutationResult {
  const ids = reply.IDs as { int_id?: { data: string[] }; str_id?: { data: string[] } } | null | undefined;
  const primary_keys: (number | string)[] = ids?.int_id ? ids.int_id.data.map(Number) : (ids?.str_id?.data ?? []);
  return {
    primary_keys,
    insert_count: Number(reply.insert_cnt ?? 0),
    delete_count: Number(reply.delete_cnt ?? 0),
    upsert_count: Number(reply.upsert_cnt ?? 0),
    timestamp: String(reply.timestamp ?? '0'),
  };
}

/**
 * pymilvus `Collection(name, schema=None, using='default')`. The name may be an alias. With a
 * schema, a missing collection is created; an existing one must have that schema. Without one, the
 * collection must exist. TypeScript constructors cannot wait, so these checks run in the
 * background: every method waits for them (and fails with their error); `await collection.ready()`
 * surfaces them at once. An unknown `using` throws ConnectionNotExistException from the constructor.
 */
export class Collection {
  readonly name: string;
  readonly using: string;
  private readonly init: Promise<void>;
  private serverSchema?: CollectionSchema;

  constructor(name: string, schema?: CollectionSchema, options: CollectionOptions = {}) {
    this.name = name;
    this.using = options.using ?? 'default';
    const client = connections.client(this.using); // throws for an unknown connection, as pymilvus
    this.init = this.open(client, schema, options);
    this.init.catch(() => undefined); // reported by ready() and every method
  }

  private async open(client: MilvusClient, schema: CollectionSchema | undefined, options: CollectionOptions): Promise<void> {
    const t = timeoutOf(options);
    const has = await client.hasCollection({ ...t, collection_name: this.name });
    if (has.value) {
      const described = await client.describeCollection({ ...t, collection_name: this.name });
      this.serverSchema = CollectionSchema.fromDescribe(described.schema as DescribedSchema);
      if (schema && !schema.equals(this.serverSchema)) throw new SchemaNotReadyException(OrmMessages.SchemaInconsistent);
      return;
    }
    if (!schema) throw new SchemaNotReadyException(OrmMessages.CollectionNotExistNoSchema(this.name));
    const req: Parameters<MilvusClient['createCollection']>[0] = {
      ...t,
      collection_name: this.name,
      fields: schema.fields.map((f) => f.toSpec()),
      enable_dynamic_field: schema.enable_dynamic_field,
      description: schema.description,
    };
    if (options.consistency_level) (req as { consistency_level?: string }).consistency_level = options.consistency_level;
    if (options.num_partitions) (req as { num_partitions?: number }).num_partitions = options.num_partitions;
    await client.createCollection(req);
    this.serverSchema = schema;
  }

  /** Resolves with this collection once it is known to exist (created if a schema was given). */
  async ready(): Promise<this> {
    await this.init;
    return this;
  }

  /** The MilvusClient of this collection's connection, once ready. */
  private async client(): Promise<MilvusClient> {
    await this.init;
    return connections.client(this.using);
  }

  /** The collection's schema as the server holds it. */
  async schema(options: TimeoutOption = {}): Promise<CollectionSchema> {
    const reply = await this.describe(options);
    return CollectionSchema.fromDescribe(reply.schema as DescribedSchema);
  }

  /** The raw DescribeCollection reply. */
  async describe(options: TimeoutOption = {}): Promise<Record<string, unknown>> {
    return (await this.client()).describeCollection({ ...timeoutOf(options), collection_name: this.name });
  }

  /** Inserts rows (`[{ field: value, ... }]`). */
  async insert(data: Row[], options: TimeoutOption & { partition_name?: string } = {}): Promise<MutationResult> {
    const req: Parameters<MilvusClient['insert']>[0] = { ...timeoutOf(options), collection_name: this.name, data };
    if (options.partition_name) req.partition_name = options.partition_name;
    return mutation(await (await this.client()).insert(req));
  }

  /** Inserts or replaces rows by primary key. */
  async upsert(data: Row[], options: TimeoutOption & { partition_name?: string } = {}): Promise<MutationResult> {
    const req: Parameters<MilvusClient['upsert']>[0] = { ...timeoutOf(options), collection_name: this.name, data };
    if (options.partition_name) req.partition_name = options.partition_name;
    return mutation(await (await this.client()).upsert(req));
  }

  /** Deletes the rows matching a boolean expression (`'id in [1, 2]'`). */
  async delete(expr: string, options: TimeoutOption & { partition_name?: string } = {}): Promise<MutationResult> {
    const req: Parameters<MilvusClient['delete']>[0] = { ...timeoutOf(options), collection_name: this.name, filter: expr };
    if (options.partition_name) req.partition_name = options.partition_name;
    return mutation(await (await this.client()).delete(req));
  }

  /** Vector search: one list of hits per query vector, as pymilvus's SearchResult. */
  async search(params: SearchParams): Promise<Hit[][]> {
    const req: Parameters<MilvusClient['search']>[0] = {
      ...timeoutOf(params),
      collection_name: this.name,
      data: params.data,
      anns_field: params.anns_field,
      limit: params.limit,
      output_fields: params.output_fields ?? [],
      params: params.param?.params ?? {},
    };
    if (params.param?.metric_type) req.metric_type = params.param.metric_type;
    const offset = params.offset ?? params.param?.offset;
    if (offset !== undefined) req.offset = offset;
    if (params.expr) req.filter = params.expr;
    if (params.partition_names) req.partition_names = params.partition_names;
    const reply = await (await this.client()).search(req);
    // One list of hits per query vector (the client flattens nq = 1).
    const results = reply.results as Row[] | Row[][];
    const perQuery = (params.data.length === 1 && !Array.isArray(results[0]) ? [results] : results) as Row[][];
    const wanted = new Set(params.output_fields ?? []);
    const pk = this.serverSchema?.primary_field;
    const pkName = pk?.name ?? 'id';
    const intIds = pk?.dtype === DataType.Int64;
    return perQuery.map((hits) =>
      hits.map((row) => {
        const entity: Row = {};
        for (const [k, v] of Object.entries(row)) {
          if (k === 'score' || ((k === pkName || k === 'id') && !wanted.has(k))) continue;
          entity[k] = v;
        }
        const raw = (row[pkName] ?? row.id) as number | string | bigint;
        const id = intIds && typeof raw === 'string' && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
        return { id: id as number | string, distance: Number(row.score), entity };
      }),
    );
  }

  /** Rows matching a boolean expression; `output_fields` default to the primary key, as in pymilvus. */
  async query(expr: string, options: QueryOptions = {}): Promise<Row[]> {
    const req: Parameters<MilvusClient['query']>[0] = {
      ...timeoutOf(options),
      collection_name: this.name,
      filter: expr,
      output_fields: options.output_fields ?? [],
    };
    if (options.partition_names) req.partition_names = options.partition_names;
    if (options.limit !== undefined) req.limit = options.limit;
    if (options.offset !== undefined) req.offset = options.offset;
    return (await (await this.client()).query(req)).data;
  }

  /** Loads the collection into memory (needed before search and query). */
  async load(options: TimeoutOption & { partition_names?: string[] } = {}): Promise<void> {
    const client = await this.client();
    if (options.partition_names?.length) {
      await client.loadPartitions({ ...timeoutOf(options), collection_name: this.name, partition_names: options.partition_names });
    } else {
      await client.loadCollection({ ...timeoutOf(options), collection_name: this.name });
    }
  }

  async release(options: TimeoutOption = {}): Promise<void> {
    await (await this.client()).releaseCollection({ ...timeoutOf(options), collection_name: this.name });
  }

  /** pymilvus `create_index(field_name, index_params, index_name=...)`. */
  async createIndex(
    field_name: string,
    index_params: { index_type?: string; metric_type?: string; params?: Record<string, unknown> } = {},
    options: TimeoutOption & { index_name?: string } = {},
  ): Promise<void> {
    const req: Parameters<MilvusClient['createIndex']>[0] = { ...timeoutOf(options), collection_name: this.name, field_name };
    if (options.index_name) req.index_name = options.index_name;
    if (index_params.index_type) req.index_type = index_params.index_type;
    if (index_params.metric_type) req.metric_type = index_params.metric_type;
    if (index_params.params) req.params = index_params.params;
    await (await this.client()).createIndex(req);
  }

  async dropIndex(options: TimeoutOption & { index_name?: string } = {}): Promise<void> {
    const req: Parameters<MilvusClient['dropIndex']>[0] = { ...timeoutOf(options), collection_name: this.name };
    if (options.index_name) req.index_name = options.index_name;
    await (await this.client()).dropIndex(req);
  }

  /** Seals the collection's growing data. */
  async flush(options: TimeoutOption = {}): Promise<void> {
    await (await this.client()).flush({ ...timeoutOf(options), collection_names: [this.name] });
  }

  /** pymilvus's `num_entities` property: the row count from the collection's statistics (async here). */
  async numEntities(options: TimeoutOption = {}): Promise<number> {
    const reply = await (await this.client()).getCollectionStatistics({ ...timeoutOf(options), collection_name: this.name });
    return Number(reply.data.row_count ?? 0);
  }

  /** pymilvus's `is_empty` property (async here). */
  async isEmpty(options: TimeoutOption = {}): Promise<boolean> {
    return (await this.numEntities(options)) === 0;
  }

  /** pymilvus's `aliases` property: every alias of the (real) collection, sorted (async here). */
  async aliases(options: TimeoutOption = {}): Promise<string[]> {
    const reply = await this.describe(options);
    return [...((reply.aliases as string[] | undefined) ?? [])].sort();
  }

  /** Creates `alias` for this collection (the name must be the real collection's, as in pymilvus). */
  async createAlias(alias: string, options: TimeoutOption = {}): Promise<void> {
    await (await this.client()).createAlias({ ...timeoutOf(options), collection_name: this.name, alias });
  }

  /** Points `alias` at this collection. */
  async alterAlias(alias: string, options: TimeoutOption = {}): Promise<void> {
    await (await this.client()).alterAlias({ ...timeoutOf(options), collection_name: this.name, alias });
  }

  async dropAlias(alias: string, options: TimeoutOption = {}): Promise<void> {
    await (await this.client()).dropAlias({ ...timeoutOf(options), alias });
  }

  /** Drops the collection (through an alias: refused by the server, code 65535). */
  async drop(options: TimeoutOption = {}): Promise<void> {
    await (await this.client()).dropCollection({ ...timeoutOf(options), collection_name: this.name });
  }
}
