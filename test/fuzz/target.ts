// The server under fuzz: one real `elanus serve` (test/harness/server.ts) and the ways a case
// reaches it, with what came back as an Outcome:
// - through the official Node SDK, where the SDK passes the input through as given;
// - raw, as the SDK's own channel sends it (`promisify` over its channel pool), where the SDK
//   would check or reshape the input client-side (test/compat/alias-helpers.ts `raw`);
// - over node:http2 directly, for what no gRPC client sends (malformed frames, odd headers).
//
// It also watches what the server itself shows: whether the process is still there, and the
// lines it logs for an unexpected failure (protocol/dispatch.ts and server/grpc log
// "elanus: <method> failed: <stack>" before answering 65535 or INTERNAL). A server that died is
// started again on the same data, so that the next case (and fast-check's shrinking) meets a
// running server with the known data.
import { cpSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { MilvusClient, promisify } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';

/** A decoded reply: loosely typed on purpose, the oracle checks its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reply = any;

/** How long one request may take before it counts as blocked (the largest cases take well under a second). */
export const CALL_TIMEOUT_MS = 10_000;
/** A loaded machine can take a while to start a server; the harness's default is 15 s. */
const START_TIMEOUT_MS = 60_000;
/** How long a server that let a request time out has to answer a GetVersion before it is killed. */
const PROBE_TIMEOUT_MS = 3_000;

/** What one request got back. */
export type Outcome =
  /** A gRPC reply message (its Status inside), through the SDK or raw. */
  | { kind: 'reply'; via: 'sdk' | 'raw'; reply: Reply }
  /** A gRPC status instead of a reply (grpc-js's ServiceError). */
  | { kind: 'grpc'; code: number; details: string }
  /** A raw HTTP/2 exchange: the HTTP status, the gRPC status and message if any, the body. */
  | { kind: 'http'; status: number; grpcStatus?: number; grpcMessage?: string; body: Buffer; reset?: string }
  /** No answer at all: the connection failed, the stream broke, or the client threw. */
  | { kind: 'none'; error: string };

/** grpc-js's ServiceError: a status the call ended with. */
function isServiceError(e: unknown): e is { code: number; details: string } {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number' && 'details' in e && 'metadata' in e;
}

/** A Status the SDK threw instead of returning it (createCollection does, for one). */
function isThrownStatus(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'error_code' in e;
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what the server wrote before it went. */
  lastOutput: string;
}

export class FuzzTarget {
  private server: RunningServer;
  private sdkClient: MilvusClient;
  private session: http2.ClientHttp2Session | undefined;
  /** How much of the server's output the last look at its log had read. */
  private logCursor = 0;
  /** Times the server was found gone (or its data changed) and started again. */
  restarts = 0;
  /** A copy of the data directory as seeded, to start again from (`restorePristine`). */
  private pristineDir: string | undefined;

  private constructor(server: RunningServer) {
    this.server = server;
    this.sdkClient = FuzzTarget.connect(server);
  }

  /** A new SDK client; its background connect may fail when the server goes down, which is no error here. */
  private static connect(server: RunningServer): MilvusClient {
    const client = server.client({ timeout: CALL_TIMEOUT_MS });
    client.connectPromise.catch(() => undefined);
    return client;
  }

  static async start(): Promise<FuzzTarget> {
    return new FuzzTarget(await startServer({ startTimeoutMs: START_TIMEOUT_MS }));
  }

  get client(): MilvusClient {
    return this.sdkClient;
  }

  get address(): string {
    return this.server.address;
  }

  /** One MilvusService request sent exactly as given, through the SDK's own channel. */
  async raw(method: string, request: Record<string, unknown>, timeoutMs = CALL_TIMEOUT_MS): Promise<Outcome> {
    try {
      return { kind: 'reply', via: 'raw', reply: await promisify(this.sdkClient.channelPool, method, request, timeoutMs) };
    } catch (e) {
      if (isServiceError(e)) return { kind: 'grpc', code: e.code, details: e.details };
      return { kind: 'none', error: String((e as Error)?.message ?? e) };
    }
  }

  /**
   * A request through the SDK's own method; when the SDK refuses the input client-side (it throws
   * before sending), the same request raw, so that the server's answer is what gets judged.
   */
  async sdk(call: (client: MilvusClient) => Promise<Reply>, method: string, request: Record<string, unknown>): Promise<Outcome> {
    try {
      return { kind: 'reply', via: 'sdk', reply: await call(this.sdkClient) };
    } catch (e) {
      if (isThrownStatus(e)) return { kind: 'reply', via: 'sdk', reply: e };
      if (isServiceError(e)) return { kind: 'grpc', code: e.code, details: e.details };
      return this.raw(method, request);
    }
  }

  /** An HTTP/2 session to the server, opened anew when the last one is gone or going (GOAWAY). */
  h2(): http2.ClientHttp2Session {
    if (!this.session || this.session.closed || this.session.destroyed || this.goingAway.has(this.session)) {
      const session = http2.connect(`http://${this.server.address}`);
      // A session the server ends (GOAWAY, a protocol error it saw) is just opened again.
      session.on('error', () => undefined);
      session.on('goaway', () => this.goingAway.add(session));
      this.session = session;
    }
    return this.session;
  }

  /** Drops the HTTP/2 session: the next h2() opens a new one. */
  dropH2(): void {
    this.session?.destroy();
    this.session = undefined;
  }

  /** Sessions the server sent GOAWAY on: no new stream goes there. */
  private readonly goingAway = new WeakSet<http2.ClientHttp2Session>();

  /** The server's exit, if the process is gone. */
  exited(): ServerExit | undefined {
    const child = this.server.child;
    if (child.exitCode === null && child.signalCode === null) return undefined;
    return { code: child.exitCode, signal: child.signalCode, lastOutput: this.server.output().slice(-4000) };
  }

  /** Waits up to `ms` for the process to go: a request that killed it may be answered before it exits. */
  async exitedWithin(ms: number): Promise<ServerExit | undefined> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const gone = this.exited();
      if (gone) return gone;
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.exited();
  }

  /**
   * The unexpected failures the server logged since the last look: each "elanus: <what> failed:"
   * line with the first lines of its stack.
   */
  internalFailures(): string[] {
    const output = this.server.output();
    const fresh = output.slice(this.logCursor);
    this.logCursor = output.length;
    const failures: string[] = [];
    const lines = fresh.split('\n');
    lines.forEach((line, i) => {
      if (/^elanus: \S+ failed: /.test(line)) failures.push(lines.slice(i, i + 4).join('\n'));
    });
    return failures;
  }

  /**
   * Keeps a copy of the data as it is now (stopping the server for the copy): a batch that
   * changed the known data, or took the server down, is followed by a server on this copy, so that
   * fast-check's shrinking replays each smaller batch against the same data.
   */
  async keepPristine(): Promise<void> {
    const dataDir = this.server.dataDir;
    await this.server.stop();
    this.pristineDir = `${dataDir}-pristine`;
    cpSync(dataDir, this.pristineDir, { recursive: true });
    await this.startOn(dataDir);
  }

  /** Starts again on a fresh copy of the pristine data. */
  async restorePristine(): Promise<void> {
    if (!this.pristineDir) throw new Error('restorePristine: keepPristine was not called');
    const dataDir = this.server.dataDir;
    if (this.exited()) await this.server.stop();
    else await this.server.kill();
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(this.pristineDir, dataDir, { recursive: true });
    await this.startOn(dataDir);
    this.restarts++;
  }

  private async startOn(dataDir: string): Promise<void> {
    this.session?.destroy();
    this.session = undefined;
    this.server = await startServer({ dataDir, startTimeoutMs: START_TIMEOUT_MS });
    this.sdkClient = FuzzTarget.connect(this.server);
    this.logCursor = 0;
  }

  /** Whether the server answers a GetVersion within a few seconds. */
  async responsive(): Promise<boolean> {
    const outcome = await this.raw('GetVersion', {}, PROBE_TIMEOUT_MS);
    return outcome.kind === 'reply';
  }

  /** Kills a server that no longer answers (a request blocked it), so that the next case gets a fresh one. */
  async killBlocked(): Promise<void> {
    if (!this.exited()) await this.server.kill();
  }

  async stop(): Promise<void> {
    this.session?.destroy();
    const dataDir = this.server.dataDir;
    await this.server.stop();
    removeDataDir(dataDir);
    if (this.pristineDir) removeDataDir(this.pristineDir);
  }
}
