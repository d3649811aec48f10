// The remote transport: Milvus gRPC to any Milvus-protocol server (Elanus, Milvus, Zilliz
// Cloud), with the same descriptors and loader options the server and the official SDKs use.
// Calls go through GrpcChannel (grpc-channel.ts), gRPC written directly on node:http2.
import { ELANUS_ALIAS_SERVICE, GrpcStatus, GrpcStatusError, MILVUS_SERVICE } from '../protocol/index.js';
import { ELANUS_VERSION } from '../version.js';
import { MilvusException, TIMEOUT_CODE, UNAVAILABLE_CODE } from './exception.js';
import { GrpcChannel } from './grpc-channel.js';
import type { CallOptions, Transport } from './transport.js';

const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
/** As the official SDKs: a ping every 10 s finds a dead connection before a call would. */
const KEEPALIVE_MS = 10_000;

export interface RemoteOptions {
  address: string;
  tls: boolean;
  /** `user:password` or an API key; sent base64-encoded as `authorization`. */
  token?: string;
  dbName: string;
}

export class RemoteTransport implements Transport {
  readonly kind = 'remote';
  private readonly channel: GrpcChannel;
  /** Sent with every call: the database, the credentials, and the identifier Connect gave. */
  private readonly metadata: Record<string, string> = {};

  private constructor(options: RemoteOptions) {
    this.channel = new GrpcChannel({
      address: options.address,
      tls: options.tls,
      maxMessageBytes: MAX_MESSAGE_BYTES,
      keepaliveMs: KEEPALIVE_MS,
      userAgent: `elanus-node/${ELANUS_VERSION}`,
    });
    if (options.token) this.metadata.authorization = Buffer.from(options.token).toString('base64');
    this.metadata.dbname = options.dbName;
  }

  /** Connects and shakes hands (Connect), as every Milvus SDK does first. */
  static async open(options: RemoteOptions, timeout?: number): Promise<RemoteTransport> {
    const transport = new RemoteTransport(options);
    try {
      const reply = await transport.call('Connect', { client_info: { sdk_type: 'elanus-node', sdk_version: ELANUS_VERSION } }, { timeout });
      const status = reply.status as { code?: number; error_code?: string; reason?: string } | undefined;
      if (status && (Number(status.code ?? 0) !== 0 || (status.error_code && status.error_code !== 'Success'))) {
        throw new MilvusException(Number(status.code ?? 65535), String(status.error_code), status.reason ?? '');
      }
      if (reply.identifier) transport.metadata.identifier = String(reply.identifier);
      return transport;
    } catch (e) {
      await transport.close();
      throw e;
    }
  }

  async call(method: string, request: object, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const def = (options.service === 'elanus-alias' ? ELANUS_ALIAS_SERVICE : MILVUS_SERVICE)[method];
    if (!def) throw new Error(`the service has no method ${method}`);
    let body: Buffer;
    try {
      body = def.requestSerialize(request);
    } catch (e) {
      // A request the protocol cannot carry (a wrong type in a field): the caller's mistake, typed.
      throw new MilvusException(
        UNAVAILABLE_CODE,
        'UnexpectedError',
        `${method} failed: Request message serialization failure: ${(e as Error).message}`,
      );
    }
    let reply: Buffer;
    try {
      reply = await this.channel.unary(def.path, body, this.metadata, options.timeout);
    } catch (e) {
      if (!(e instanceof GrpcStatusError)) throw e;
      if (e.code === GrpcStatus.DEADLINE_EXCEEDED) {
        throw new MilvusException(TIMEOUT_CODE, 'UnexpectedError', `${method} timed out after ${options.timeout} ms: context deadline exceeded`);
      }
      throw new MilvusException(UNAVAILABLE_CODE, 'UnexpectedError', `${method} failed: ${e.details}`);
    }
    try {
      return def.responseDeserialize(reply) as Record<string, unknown>;
    } catch (e) {
      throw new MilvusException(UNAVAILABLE_CODE, 'UnexpectedError', `${method} failed: Response message parsing error: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.channel.close();
  }
}
