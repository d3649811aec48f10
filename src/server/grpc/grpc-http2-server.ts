// gRPC over HTTP/2, served directly on node:http2: the request framing, statuses and trailers of
// the gRPC protocol (PROTOCOL-HTTP2 in the gRPC project), and nothing about Milvus.
//
// Why not grpc-js's server: per call it spends about 100 µs more server CPU than HTTP/2 itself
// (docs/benchmarks.md, "transport"), as much as an indexed search of 100k rows takes. Every
// method Milvus clients call is unary, or streaming methods Elanus answers with one message, so
// the part of gRPC a server needs is small:
// - a POST to /package.Service/Method with content-type application/grpc[+proto];
// - the body is 5-byte-prefixed messages (a compressed flag, a big-endian length);
// - the reply: HTTP 200 with content-type application/grpc+proto, the message, then trailers with
//   grpc-status and a percent-encoded grpc-message; an error before any message is a
//   "trailers-only" reply, the status in the headers;
// - grpc-timeout bounds the call: past it the client is answered DEADLINE_EXCEEDED.
import http2 from 'node:http2';
import type net from 'node:net';
import {
  FrameReader,
  GrpcStatus,
  GrpcStatusError,
  encodeGrpcMessage,
  endWithFrame,
  inflateMessage,
  receivedTooLarge,
  checkPayloadFormat,
  sendTooLarge,
  type RequestMetadata,
} from '../../protocol/index.js';
import { RequestBudget } from './request-budget.js';

export interface GrpcMethod {
  requestDeserialize(bytes: Buffer): unknown;
  responseSerialize(reply: unknown): Buffer;
  /** The reply to one request message; a GrpcStatusError (or any error: INTERNAL) becomes the status. */
  invoke(request: unknown, metadata: RequestMetadata): Promise<unknown>;
  /**
   * Answers at once, without reading the request: the one message that `immediate` returns, then
   * the end of the stream, or the GrpcStatusError it throws. For streaming methods (whose client
   * may hold its request stream open) and refusals that do not depend on the request.
   */
  immediate?: () => unknown;
}

export interface GrpcHttp2ServerOptions {
  /** Largest request message accepted, in bytes, after decompression too (grpc-go's MaxRecvMsgSize). */
  maxReceiveBytes: number;
  /** Largest reply message sent, in bytes (grpc-go's MaxSendMsgSize). */
  maxSendBytes: number;
  /** Request bytes all running calls together may hold (request-budget.ts); at least maxReceiveBytes. */
  maxRequestMemoryBytes: number;
  log: (line: string) => void;
}

/** Receive windows: large inserts stream in without waiting for a window update each 64 KiB. */
const STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
const SESSION_WINDOW_BYTES = 16 * 1024 * 1024;
/**
 * nghttp2's memory cap per session (node:http2 `maxSessionMemory`) does not bound what a request
 * sends: node hands DATA to the stream as it arrives (the request budget bounds that), and
 * counts only what waits to be written (replies), header tables and streams; past the cap, new
 * streams on the session are refused with ENHANCE_YOUR_CALM. So the cap is one maximal reply
 * queued for a slow reader plus the windows and a margin: a client that sends its next call while
 * a large reply is still going out is served, and a session cannot queue much more than that.
 */
const SESSION_MEMORY_MARGIN_BYTES = 16 * 1024 * 1024;

/** node:http2's maxSessionMemory (in units of 10^6 bytes) for replies of up to `maxSendBytes`. */
export function sessionMemoryMegabytes(maxSendBytes: number): number {
  return Math.ceil((maxSendBytes + SESSION_WINDOW_BYTES + SESSION_MEMORY_MARGIN_BYTES) / 1e6);
}
const REPLY_HEADERS = { ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-accept-encoding': 'identity,deflate,gzip' };

export class GrpcHttp2Server {
  private readonly server: http2.Http2Server;
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly budget: RequestBudget;

  constructor(
    private readonly methods: ReadonlyMap<string, GrpcMethod>,
    private readonly options: GrpcHttp2ServerOptions,
  ) {
    if (options.maxRequestMemoryBytes < options.maxReceiveBytes) {
      throw new RangeError(
        `the request memory (${options.maxRequestMemoryBytes}) must be at least the largest message (${options.maxReceiveBytes})`,
      );
    }
    this.budget = new RequestBudget(options.maxRequestMemoryBytes);
    this.server = http2.createServer({
      settings: { initialWindowSize: STREAM_WINDOW_BYTES },
      maxSessionMemory: sessionMemoryMegabytes(options.maxSendBytes),
    });
    this.server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      // A client that vanishes mid-call: its streams end, nothing else to do.
      session.on('error', () => undefined);
      try {
        session.setLocalWindowSize(SESSION_WINDOW_BYTES);
      } catch {
        // the connection is already gone
      }
    });
    this.server.on('stream', (stream, headers) => {
      try {
        this.serve(stream, headers);
      } catch (e) {
        // A bug here must cost one call, not the connection: answered INTERNAL and logged.
        this.options.log(`elanus: ${String(headers[':path'])} failed: ${(e as Error)?.stack ?? String(e)}`);
        refuse(stream, e);
      }
    });
  }

  /**
   * Listens on host:port (0: a free port), or takes over the socket of `listening`, a server
   * already bound there; resolves with the port bound.
   */
  listen(host: string, port: number, listening?: net.Server): Promise<number> {
    return new Promise((resolve, reject) => {
      const failed = (e: Error) => reject(e);
      this.server.once('error', failed);
      const listened = () => {
        this.server.off('error', failed);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      };
      if (listening) this.server.listen(listening, listened);
      else this.server.listen(port, host, listened);
    });
  }

  /** Request bytes running calls hold now (the request budget's use). */
  get heldRequestBytes(): number {
    return this.budget.heldBytes;
  }

  /**
   * Stops accepting connections and tells each client to go (GOAWAY); calls running go on.
   * Connections still open after `graceMs` are cut.
   */
  close(graceMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        for (const session of this.sessions) session.destroy();
      }, graceMs);
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const session of this.sessions) session.close();
    });
  }

  private serve(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    // A client that cancels or resets its call: the stream just ends.
    stream.on('error', () => undefined);
    if (headers[':method'] !== 'POST') {
      stream.respond({ ':status': 405 }, { endStream: true });
      return;
    }
    if (!String(headers['content-type'] ?? '').startsWith('application/grpc')) {
      stream.respond({ ':status': 415 }, { endStream: true });
      return;
    }
    const path = String(headers[':path'] ?? '');
    const method = this.methods.get(path);
    if (!method) {
      finish(stream, GrpcStatus.UNIMPLEMENTED, `The server does not implement the method ${path}`);
      return;
    }
    if (method.immediate) {
      let reply: unknown;
      try {
        reply = method.immediate();
      } catch (e) {
        refuse(stream, e);
        return;
      }
      this.reply(stream, method, reply);
      return;
    }
    const timeoutMs = parseTimeout(headers['grpc-timeout']);
    const timer =
      timeoutMs === undefined ? undefined : setTimeout(() => finish(stream, GrpcStatus.DEADLINE_EXCEEDED, 'Deadline exceeded'), timeoutMs);
    // However the call ends (answered, refused, cancelled by the client), its deadline goes with it.
    if (timer) stream.once('close', () => clearTimeout(timer));
    // The request's bytes count against the server's budget from the moment its frame declares
    // them until the call ends, however it ends.
    let held = 0;
    let ended = false;
    const take = (bytes: number): void => {
      // A call that ended while its request was inflated stops there: nothing would give it back.
      if (ended) throw new GrpcStatusError(GrpcStatus.CANCELLED, 'the call ended');
      this.budget.take(bytes);
      held += bytes;
    };
    stream.once('close', () => {
      ended = true;
      this.budget.release(held);
      held = 0;
    });
    const reader = new FrameReader();
    let refused = false;
    stream.on('data', (chunk: Buffer) => {
      if (refused) return;
      try {
        if (!reader.push(chunk)) return;
        checkPayloadFormat(reader.payloadFormat, String(headers['grpc-encoding'] ?? 'identity'));
        const length = reader.declaredLength!;
        if (length > this.options.maxReceiveBytes) throw receivedTooLarge(length, this.options.maxReceiveBytes);
        take(length);
      } catch (e) {
        // Refused as the prefix arrives: answered, and the stream reset so the client stops sending.
        refused = true;
        refuse(stream, e);
        if (!stream.closed) stream.close(http2.constants.NGHTTP2_NO_ERROR);
      }
    });
    stream.on('end', () => {
      if (refused) return;
      this.readRequest(reader, String(headers['grpc-encoding'] ?? 'identity'), method, take).then(
        (request) => this.invoke(stream, path, method, request, headers),
        (e: unknown) => refuse(stream, e),
      );
    });
  }

  /** The request message, inflated when compressed (its output counted by `take`), and deserialized. */
  private async readRequest(reader: FrameReader, encoding: string, method: GrpcMethod, take: (bytes: number) => void): Promise<unknown> {
    let message = unframe(reader);
    if (reader.compressed) message = await inflate(message, encoding, this.options.maxReceiveBytes, take);
    try {
      return method.requestDeserialize(message);
    } catch (e) {
      throw new Error(`Error deserializing request: ${(e as Error).message}`, { cause: e });
    }
  }

  private invoke(stream: http2.ServerHttp2Stream, path: string, method: GrpcMethod, request: unknown, headers: http2.IncomingHttpHeaders): void {
    method.invoke(request, headerMetadata(headers)).then(
      (reply) => this.reply(stream, method, reply),
      (e: unknown) => {
        if (!(e instanceof GrpcStatusError)) this.options.log(`elanus: ${path} failed: ${(e as Error)?.stack ?? String(e)}`);
        refuse(stream, e);
      },
    );
  }

  /** Sends one reply message and an OK status, unless the call already ended (cancelled, timed out). */
  private reply(stream: http2.ServerHttp2Stream, method: GrpcMethod, reply: unknown): void {
    if (stream.headersSent || stream.destroyed || stream.closed) return;
    let body: Buffer;
    try {
      body = method.responseSerialize(reply);
    } catch (e) {
      finish(stream, GrpcStatus.INTERNAL, `Error serializing response: ${(e as Error).message}`);
      return;
    }
    if (body.length > this.options.maxSendBytes) {
      refuse(stream, sendTooLarge(body.length, this.options.maxSendBytes));
      return;
    }
    stream.respond(REPLY_HEADERS, { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': '' }));
    endWithFrame(stream, body);
  }
}

/** A failure's reply: a GrpcStatusError's own status, INTERNAL for anything else. */
function refuse(stream: http2.ServerHttp2Stream, e: unknown): void {
  finish(stream, e instanceof GrpcStatusError ? e.code : GrpcStatus.INTERNAL, (e as Error)?.message ?? String(e));
}

/** A trailers-only reply: the status in the headers, no message. Nothing if the call already ended. */
function finish(stream: http2.ServerHttp2Stream, code: number, message: string): void {
  if (stream.headersSent || stream.destroyed || stream.closed) return;
  stream.respond({ ...REPLY_HEADERS, 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) }, { endStream: true });
}

/** The one message of a unary request body, as received. */
function unframe(reader: FrameReader): Buffer {
  try {
    return reader.message();
  } catch (e) {
    throw new GrpcStatusError(GrpcStatus.INTERNAL, `the request could not be read: ${(e as Error).message}`);
  }
}

/** A compressed request message inflated, at most `maxBytes` of it. */
async function inflate(message: Buffer, encoding: string, maxBytes: number, take: (bytes: number) => void): Promise<Buffer> {
  try {
    return await inflateMessage(message, encoding, maxBytes, take);
  } catch (e) {
    if (e instanceof GrpcStatusError) throw e;
    throw new GrpcStatusError(GrpcStatus.INTERNAL, `the request could not be read: ${(e as Error).message}`);
  }
}

/** grpc-timeout: an integer of at most 8 digits and a unit (H, M, S, m, u, n). */
function parseTimeout(value: string | string[] | undefined): number | undefined {
  const m = /^(\d{1,8})([HMSmun])$/.exec(String(value ?? ''));
  if (!m) return undefined;
  const n = Number(m[1]);
  const ms = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 }[m[2] as 'H'] * n;
  return Math.max(0, Math.ceil(ms));
}

/** Custom metadata from the request headers: `-bin` keys base64-decoded, as gRPC defines them. */
function headerMetadata(headers: http2.IncomingHttpHeaders): RequestMetadata {
  return {
    get(key: string): (string | Buffer)[] {
      const value = headers[key.toLowerCase()];
      if (value === undefined) return [];
      const values = Array.isArray(value) ? value : [value];
      return key.toLowerCase().endsWith('-bin') ? values.map((v) => Buffer.from(v, 'base64')) : values;
    },
  };
}
