// A gRPC channel for unary calls, written directly on node:http2, for the remote transport.
//
// Why not grpc-js: on top of HTTP/2 itself, grpc-js costs about 170 µs of client CPU per call
// here (docs/benchmarks.md, "transport"): name resolution, load balancing, retries, channelz and
// interceptors, none of which a client of one Milvus address uses. That is as much as the whole
// search it carries. The wire protocol is gRPC over HTTP/2 as the gRPC project specifies it
// (PROTOCOL-HTTP2): one POST per call with `content-type: application/grpc+proto` and
// `te: trailers`, the message in a 5-byte-prefixed frame, the status in the trailers, or in the
// headers of a trailers-only reply.
//
// One HTTP/2 session per channel, opened on the first call and again after the server closes it
// (GOAWAY, a restart): calls never wait for a connection that is gone. Keepalive pings find a
// dead connection between calls. The session keeps the process alive only while calls run.
import http2 from 'node:http2';
import {
  FrameReader,
  GrpcStatus,
  GrpcStatusError,
  decodeGrpcMessage,
  endWithFrame,
  inflateMessage,
  checkPayloadFormat,
  receivedTooLarge,
  sendTooLarge,
} from '../protocol/index.js';

export interface GrpcChannelOptions {
  /** `host:port`. */
  address: string;
  tls: boolean;
  /** Largest message sent or accepted, in bytes. */
  maxMessageBytes: number;
  /** Milliseconds between keepalive pings (0: none). */
  keepaliveMs: number;
  /** The `user-agent` header. */
  userAgent: string;
}

/** A ping that gets no answer within this many milliseconds marks the connection dead. */
const PING_TIMEOUT_MS = 20_000;
/** Receive windows: a large reply (a query of many rows) need not wait for window updates. */
const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
const SESSION_WINDOW_BYTES = 16 * 1024 * 1024;
/**
 * node:http2's maxSessionMemory counts what waits to be written (a request being sent), not what
 * arrives (a reply is bounded by maxMessageBytes as it is read); past it, new calls on the session
 * are refused. One maximal request queued plus the windows and a margin, in units of 10^6 bytes.
 */
function sessionMemoryMegabytes(maxMessageBytes: number): number {
  return Math.ceil((maxMessageBytes + SESSION_WINDOW_BYTES + 16 * 1024 * 1024) / 1e6);
}

export class GrpcChannel {
  private session: http2.ClientHttp2Session | undefined;
  private keepalive: NodeJS.Timeout | undefined;
  private active = 0;
  private closed = false;

  constructor(private readonly options: GrpcChannelOptions) {}

  /**
   * Sends one request message to `path` (`/package.Service/Method`) and resolves with the reply
   * message's bytes; rejects with a GrpcStatusError for every failure, the connection's included.
   */
  unary(path: string, message: Uint8Array, metadata: Readonly<Record<string, string>>, timeoutMs?: number): Promise<Buffer> {
    if (this.closed) return Promise.reject(new GrpcStatusError(GrpcStatus.UNAVAILABLE, 'the channel is closed'));
    if (message.length > this.options.maxMessageBytes) return Promise.reject(sendTooLarge(message.length, this.options.maxMessageBytes));
    return new Promise<Buffer>((resolve, reject) => {
      const headers: http2.OutgoingHttpHeaders = {
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc+proto',
        te: 'trailers',
        'grpc-accept-encoding': 'identity,deflate,gzip',
        'user-agent': this.options.userAgent,
        ...metadata,
      };
      if (timeoutMs !== undefined && timeoutMs > 0) headers['grpc-timeout'] = `${Math.ceil(timeoutMs)}m`;
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.connect().request(headers);
      } catch (e) {
        // The session was closing as the call started (a GOAWAY just in): the next call reconnects.
        this.forget(this.session);
        reject(new GrpcStatusError(GrpcStatus.UNAVAILABLE, (e as Error).message));
        return;
      }
      this.callStarted();
      const reader = new FrameReader();
      let httpStatus = 0;
      let encoding = 'identity';
      let status: number | undefined;
      let details = '';
      let settled = false;
      const settle = (error: GrpcStatusError | undefined, reply?: Buffer): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        this.callEnded();
        if (error) reject(error);
        else resolve(reply!);
      };
      const cancel = (error: GrpcStatusError): void => {
        settle(error);
        if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      };
      const timer =
        timeoutMs !== undefined && timeoutMs > 0
          ? setTimeout(() => cancel(new GrpcStatusError(GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded')), timeoutMs)
          : undefined;
      const readStatus = (h: http2.IncomingHttpHeaders): void => {
        const code = h['grpc-status'];
        if (code === undefined) return;
        status = Number(code);
        details = decodeGrpcMessage(h['grpc-message']);
      };
      stream.on('response', (h) => {
        httpStatus = Number(h[':status']);
        encoding = String(h['grpc-encoding'] ?? 'identity');
        readStatus(h);
      });
      stream.on('trailers', readStatus);
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        // A reply that declares more than the limit is given up as its prefix arrives.
        if (reader.push(chunk) && reader.declaredLength! > this.options.maxMessageBytes) {
          cancel(receivedTooLarge(reader.declaredLength!, this.options.maxMessageBytes));
        }
      });
      stream.on('error', (e: Error) => settle(new GrpcStatusError(GrpcStatus.UNAVAILABLE, e.message)));
      stream.on('close', () => {
        if (settled) return;
        if (status === undefined) {
          if (httpStatus !== 0 && httpStatus !== 200) {
            settle(new GrpcStatusError(statusOfHttp(httpStatus), `the server answered HTTP status ${httpStatus}`));
          } else {
            settle(new GrpcStatusError(GrpcStatus.UNAVAILABLE, `the call ended without a status (stream code ${stream.rstCode ?? 0})`));
          }
          return;
        }
        if (status !== GrpcStatus.OK) {
          settle(new GrpcStatusError(status, details));
          return;
        }
        unframe(reader, encoding, this.options.maxMessageBytes).then(
          (reply) => settle(undefined, reply),
          (e: GrpcStatusError) => settle(e),
        );
      });
      endWithFrame(stream, message);
    });
  }

  /** Ends the session; calls still running fail. */
  close(): void {
    this.closed = true;
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = undefined;
    const session = this.session;
    this.session = undefined;
    session?.destroy();
  }

  private connect(): http2.ClientHttp2Session {
    const open = this.session;
    if (open && !open.closed && !open.destroyed) return open;
    const session = http2.connect(`${this.options.tls ? 'https' : 'http'}://${this.options.address}`, {
      settings: { initialWindowSize: STREAM_WINDOW_BYTES, enablePush: false },
      maxSessionMemory: sessionMemoryMegabytes(this.options.maxMessageBytes),
    });
    // Each call reports the failure through its own stream; the session only has to be let go.
    session.on('error', () => this.forget(session));
    session.on('goaway', () => this.forget(session));
    session.on('close', () => this.forget(session));
    session.once('connect', () => {
      if (!session.destroyed) session.setLocalWindowSize(SESSION_WINDOW_BYTES);
    });
    if (this.active === 0) session.unref();
    this.session = session;
    this.startKeepalive();
    return session;
  }

  private forget(session: http2.ClientHttp2Session | undefined): void {
    if (!session || this.session !== session) return;
    this.session = undefined;
    if (!session.destroyed && !session.closed) session.close();
  }

  /** Pings the open session every keepaliveMs; one unanswered for PING_TIMEOUT_MS ends it. */
  private startKeepalive(): void {
    if (this.keepalive || this.options.keepaliveMs <= 0) return;
    this.keepalive = setInterval(() => {
      const session = this.session;
      if (!session || session.connecting || session.destroyed) return;
      const deadline = setTimeout(() => {
        this.forget(session);
        session.destroy();
      }, PING_TIMEOUT_MS);
      deadline.unref();
      try {
        session.ping((err) => {
          clearTimeout(deadline);
          if (err) {
            this.forget(session);
            session.destroy();
          }
        });
      } catch {
        clearTimeout(deadline);
        this.forget(session);
      }
    }, this.options.keepaliveMs);
    this.keepalive.unref();
  }

  private callStarted(): void {
    if (this.active++ === 0) this.session?.ref();
  }

  private callEnded(): void {
    if (--this.active === 0) this.session?.unref();
  }
}

/** The one message of a unary reply, inflated (at most maxBytes of it) if the server compressed it. */
async function unframe(reader: FrameReader, encoding: string, maxBytes: number): Promise<Buffer> {
  try {
    const message = reader.message();
    checkPayloadFormat(reader.payloadFormat, encoding);
    return reader.compressed ? await inflateMessage(message, encoding, maxBytes) : message;
  } catch (e) {
    if (e instanceof GrpcStatusError) throw e;
    throw new GrpcStatusError(GrpcStatus.INTERNAL, `the reply could not be read: ${(e as Error).message}`);
  }
}

/** The gRPC spec's mapping of an HTTP status that came without a gRPC status. */
function statusOfHttp(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}
