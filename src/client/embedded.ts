// The embedded transport: the engine runs in this process, and each call goes through the same
// dispatch the network server uses, with the request and reply passed through grpc-js's own
// serializers, so an embedded client sees byte for byte what a remote one would. Clients on the
// same data directory in one process share one engine; another process gets a clear error.
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Engine } from '../engine/index.js';
import {
  ELANUS_ALIAS_SERVICE,
  ELANUS_ALIAS_SERVICE_NAME,
  MILVUS_SERVICE,
  MILVUS_SERVICE_NAME,
  aliasExtraHandlers,
  methodDispatch,
  milvusHandlers,
  type CallContext,
  type MethodDispatch,
  type RequestMetadata,
} from '../protocol/index.js';
import { MilvusException, UNAVAILABLE_CODE } from './exception.js';
import { withTimeout } from './timeout.js';
import type { CallOptions, Transport } from './transport.js';

interface SharedEngine {
  engine: Promise<Engine>;
  users: number;
}

const engines = new Map<string, SharedEngine>();
const dispatches = new Map<string, MethodDispatch>();
let lastIdentifier = Date.now();

function dispatchOf(method: string, elanus: boolean): MethodDispatch {
  const key = `${elanus ? 'elanus' : 'milvus'}/${method}`;
  let d = dispatches.get(key);
  if (!d) {
    const log = (line: string) => process.stderr.write(`${line}\n`);
    d = elanus
      ? methodDispatch(ELANUS_ALIAS_SERVICE_NAME, method, aliasExtraHandlers, log)
      : methodDispatch(MILVUS_SERVICE_NAME, method, milvusHandlers, log);
    dispatches.set(key, d);
  }
  return d;
}

/**
 * The real path of `path`, also before it exists (its nearest existing parent resolved), so
 * that two spellings of one directory share one engine.
 */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOf(parent), basename(path));
  }
}

export class EmbeddedTransport implements Transport {
  readonly kind = 'embedded';
  private closed = false;

  private constructor(
    private readonly dataDir: string,
    private readonly engine: Engine,
    private readonly metadata: RequestMetadata,
  ) {}

  /**
   * Opens (or shares) the engine on `dataDir`; `dbName` is sent as the `dbname` metadata.
   * `createIfMissing` false refuses a directory that holds no store instead of creating one.
   */
  static async open(dataDir: string, dbName: string, createIfMissing = true): Promise<EmbeddedTransport> {
    const dir = realPathOf(resolve(dataDir));
    let shared = engines.get(dir);
    if (!shared) {
      shared = { engine: Engine.open({ dataDir: dir, createIfMissing }), users: 0 };
      engines.set(dir, shared);
      shared.engine.catch(() => engines.delete(dir));
    }
    shared.users++;
    let engine: Engine;
    try {
      engine = await shared.engine;
    } catch (e) {
      shared.users--;
      // A locked, unusable or unreadable data directory: the same exception type as every other
      // failure, with the storage error as its cause.
      throw new MilvusException(UNAVAILABLE_CODE, 'UnexpectedError', (e as Error).message, { cause: e });
    }
    const values = new Map<string, string[]>([['dbname', [dbName]]]);
    return new EmbeddedTransport(dir, engine, { get: (key) => values.get(key) ?? [] });
  }

  async call(method: string, request: object, options: CallOptions = {}): Promise<Record<string, unknown>> {
    if (this.closed) throw new MilvusException(UNAVAILABLE_CODE, 'UnexpectedError', `${method}: the client is closed`);
    const elanus = options.service === 'elanus-alias';
    const def = (elanus ? ELANUS_ALIAS_SERVICE : MILVUS_SERVICE)[method];
    if (!def) throw new Error(`the service has no method ${method}`);
    const wireRequest = def.requestDeserialize(def.requestSerialize(request));
    const ctx: CallContext = { engine: this.engine, metadata: this.metadata, nextIdentifier: () => String(++lastIdentifier) };
    const reply = await withTimeout(dispatchOf(method, elanus).invoke(wireRequest, ctx), options.timeout, method);
    return def.responseDeserialize(def.responseSerialize(reply)) as Record<string, unknown>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const shared = engines.get(this.dataDir);
    if (!shared || --shared.users > 0) return;
    engines.delete(this.dataDir);
    await this.engine.close();
  }
}
