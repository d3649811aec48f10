// Elanus through its own public client, MilvusClient: embedded (`uri` a temporary data directory,
// the engine in the worker process) or remote (`uri` http://127.0.0.1:PORT of an `elanus serve`
// child on a temporary data directory). Same steps in both: a collection (Int64 primary key `id`,
// FloatVector `vec`), rows inserted in batches of 5,000, then createIndex (HNSW with M and
// efConstruction, or FLAT), flush, load, and describeIndex polled until indexed_rows equals the
// row count; searches with limit k and params {ef}. Nothing here assumes how Elanus searches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ELANUS_VERSION, MilvusClient } from '../../../src/index.js';
import type { Metric } from '../datasets.js';
import { startBenchServer, type BenchServer } from '../../server.js';
import type { AnnSubject, BuildParams, BuildResult, VectorSet } from '../subject.js';

const COLLECTION = 'ann';
export const INSERT_BATCH = 5_000;
const POLL_MS = 200;

export interface ElanusOptions {
  mode: 'embedded' | 'grpc';
  index: 'HNSW' | 'FLAT';
  /** How long to wait for describeIndex to report every row indexed. */
  indexTimeoutS: number;
  log(line: string): void;
}

export class ElanusSubject implements AnnSubject {
  readonly name: string;
  kind: string;
  private dir: string | undefined;
  private server: BenchServer | undefined;
  private client: MilvusClient | undefined;
  private metric: Metric = 'L2';
  private serverCpuMs: number | undefined;

  constructor(private readonly o: ElanusOptions) {
    this.name = `elanus-${o.mode}${o.index === 'FLAT' ? '-flat' : ''}`;
    this.kind = `${o.index} requested (Elanus ${ELANUS_VERSION})`;
  }

  async open(): Promise<void> {
    let uri: string;
    if (this.o.mode === 'embedded') {
      this.dir = mkdtempSync(join(tmpdir(), 'elanus-ann-embedded-'));
      uri = this.dir;
    } else {
      this.server = await startBenchServer('elanus-ann-grpc-');
      uri = `http://${this.server.address}`;
    }
    this.client = new MilvusClient({ uri, timeout: 30 * 60_000 });
    await this.client.connect();
  }

  memoryPid(): number | undefined {
    return this.o.mode === 'grpc' ? this.server?.child.pid : process.pid;
  }

  async build(v: VectorSet, metric: Metric, p: BuildParams): Promise<BuildResult> {
    const client = this.client!;
    this.metric = metric;
    const notes: string[] = [];
    await client.createCollection({
      collection_name: COLLECTION,
      fields: [
        { name: 'id', data_type: 'Int64', is_primary_key: true, autoID: false },
        { name: 'vec', data_type: 'FloatVector', dim: v.dim },
      ],
    });
    const t0 = performance.now();
    for (let first = 0; first < v.n; first += INSERT_BATCH) {
      const rows = [];
      for (let i = first; i < Math.min(v.n, first + INSERT_BATCH); i++) rows.push({ id: i, vec: v.data.subarray(i * v.dim, (i + 1) * v.dim) });
      const reply = await client.insert({ collection_name: COLLECTION, data: rows });
      if (Number(reply.insert_cnt) !== rows.length) throw new Error(`insert: insert_cnt ${reply.insert_cnt} for ${rows.length} rows`);
    }
    const insertS = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    await client.createIndex({
      collection_name: COLLECTION,
      field_name: 'vec',
      index_type: this.o.index,
      metric_type: metric,
      params: this.o.index === 'HNSW' ? { M: p.M, efConstruction: p.efConstruction } : {},
    });
    await client.flush({ collection_names: [COLLECTION] });
    await client.loadCollection({ collection_name: COLLECTION });
    const deadline = t1 + this.o.indexTimeoutS * 1000;
    let desc: Record<string, unknown>;
    let lastLog = t1;
    for (;;) {
      const d = await client.describeIndex({ collection_name: COLLECTION, field_name: 'vec' });
      desc = d.index_descriptions[0] ?? {};
      const indexed = Number(desc.indexed_rows ?? -1);
      const total = Number(desc.total_rows ?? -1);
      if (total === v.n && indexed >= total) break;
      const now = performance.now();
      if (now > deadline) {
        notes.push(`describeIndex reported ${indexed} of ${total} rows indexed after ${this.o.indexTimeoutS} s; measured as it stood`);
        break;
      }
      if (now - lastLog > 30_000) {
        this.o.log(`ann: ${this.name}: ${indexed} of ${total} rows indexed after ${((now - t1) / 1000).toFixed(0)} s`);
        lastLog = now;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const buildS = (performance.now() - t1) / 1000;
    // What the server says it built, as its describeIndex reports it.
    const params = (desc.params as { key: string; value: string }[] | undefined) ?? [];
    const indexType = params.find((kv) => kv.key === 'index_type')?.value;
    if (indexType) this.kind = `${indexType}, state ${String(desc.state ?? '?')} (Elanus ${ELANUS_VERSION})`;
    const count = await client.query({ collection_name: COLLECTION, output_fields: ['count(*)'], consistency_level: 'Strong' });
    const rows = Number(count.data[0]?.['count(*)']);
    if (rows !== v.n) throw new Error(`the collection holds ${rows} rows after inserting ${v.n}`);
    return { insertS, buildS, notes };
  }

  async search(query: Float32Array, k: number, ef: number): Promise<number[]> {
    const reply = await this.client!.search({
      collection_name: COLLECTION,
      data: query,
      anns_field: 'vec',
      limit: k,
      metric_type: this.metric,
      params: this.o.index === 'HNSW' ? { ef } : {},
      output_fields: [],
    });
    return (reply.results as { id: unknown }[]).map((h) => Number(h.id));
  }

  helperCpuMs(): number | undefined {
    return this.serverCpuMs;
  }

  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    if (this.server) {
      await this.server.stop().catch((e: unknown) => this.o.log(`ann: ${this.name}: ${String(e)}`));
      this.serverCpuMs = this.server.cpuMsAtStop();
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
