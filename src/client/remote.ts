// The remote transport: Milvus gRPC to any Milvus-protocol server (Elanus, Milvus, Zilliz
// Cloud), with the same descriptors and loader options the server and the official SDKs use.
import * as grpc from '@grpc/grpc-js';
import { ELANUS_ALIAS_SERVICE, MILVUS_SERVICE } from '../protocol/descriptors.js';
import { MilvusException, TIMEOUT_CODE, UNAVAILABLE_CODE } from './exception.js';
import type { CallOptions, Transport } from './transport.js';

const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

export interface RemoteOptions {
  address: string;
  tls: boolean;
  /** `user:password` or an API key; sent base64-encoded as `authorization`. */
  token?: string;
  dbName: string;
}

export class RemoteTransport implements Transport {
  readonly kind = 'remote';
  private readonly client: grpc.Client;
  private readonly metadata = new grpc.Metadata();

  private constructor(options: RemoteOptions) {
    const credentials = options.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    this.client = new grpc.Client(options.address, credentials, {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
    });
    if (options.token) this.metadata.set('authorization', Buffer.from(options.token).toString('base64'));
    this.metadata.set('dbname', options.dbName);
  }

  /** Connects and shakes hands (Connect), as every Milvus SDK does first. */
  static async open(options: RemoteOptions, timeout?: number): Promise<RemoteTransport> {
    const transport = new RemoteTransport(options);
    try {
      const reply = await transport.call('Connect', { client_info: { sdk_type: 'elanus-node', sdk_version: '0.1.0' } }, { timeout });
      const status = reply.status as { code?: number; error_code?: string; reason?: string } | undefined;
      if (status && (Number(status.code ?? 0) !== 0 || (status.error_code && status.error_code !== 'Success'))) {
        throw new MilvusException(Number(status.code ?? 65535), String(status.error_code), status.reason ?? '');
      }
      if (reply.identifier) transport.metadata.set('identifier', String(reply.identifier));
      return transport;
    } catch (e) {
      await transport.close();
      throw e;
    }
  }

  call(method: string, request: object, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const def = (options.service === 'elanus-alias' ? ELANUS_ALIAS_SERVICE : MILVUS_SERVICE)[method];
    if (!def) return Promise.reject(new Error(`the service has no method ${method}`));
    const callOptions: grpc.CallOptions = options.timeout && options.timeout > 0 ? { deadline: Date.now() + options.timeout } : {};
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        def.path,
        def.requestSerialize,
        def.responseDeserialize,
        request,
        this.metadata,
        callOptions,
        (err, reply) => {
          if (!err) {
            resolve(reply as Record<string, unknown>);
            return;
          }
          if (err.code === grpc.status.DEADLINE_EXCEEDED) {
            reject(new MilvusException(TIMEOUT_CODE, 'UnexpectedError', `${method} timed out after ${options.timeout} ms: context deadline exceeded`));
          } else {
            reject(new MilvusException(UNAVAILABLE_CODE, 'UnexpectedError', `${method} failed: ${err.details || err.message}`));
          }
        },
      );
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
