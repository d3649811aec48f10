// The transport: what no gRPC client sends, over node:http2 directly (and a raw TCP socket for
// bytes that are not HTTP/2 at all). Paths that are no method, other HTTP methods and content
// types, odd headers; gRPC frames with a bad compressed flag, an unknown or missing encoding,
// gzip that is not gzip or inflates past the message limit, a length prefix longer or shorter
// than the body, a length over the limit, no frame or half a header; random bytes as the
// protobuf of any method; protobuf nested deeper than any parser recurses; bodies cut by a stream
// reset or never ended; many streams at once.
//
// The answers Milvus gives are grpc-go's (rpc_util.go recvMsg, checkRecvPayload,
// recvAndDecompress; server.go processUnaryRPC; transport/http2_server.go operateHeaders):
// UNIMPLEMENTED for an unknown method or encoding, INTERNAL for an unreadable frame or message
// (UNKNOWN where grpc-go passes a bare EOF through), RESOURCE_EXHAUSTED for a message over the
// limit before or after decompression, HTTP 415 / 405 for another content type or method. A frame
// whose flag is neither 0 nor 1 is refused, so it is never answered Success.
import http2 from 'node:http2';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { GrpcStatus, protoRoot } from '../../../src/protocol/index.js';
import { DEFAULT_MAX_RECEIVE_BYTES } from '../../../src/server/index.js';
import { ITEMS } from '../known-data.js';
import type { Expectation } from '../oracle.js';
import { elide, type FuzzDomain } from '../runner.js';
import { CALL_TIMEOUT_MS, type FuzzTarget, type Outcome } from '../target.js';
import { decodeMessage, encodeMessage, methodTypes, milvusMethods, replyHasStatus } from '../wire.js';

const SERVICE = 'milvus.proto.milvus.MilvusService';
/** The server's receive limit (server/grpc/server.ts): Milvus's default proxy.grpc.serverMaxRecvSize, 64 MiB. */
const MAX_MESSAGE_BYTES = DEFAULT_MAX_RECEIVE_BYTES;
const { INTERNAL, UNKNOWN, UNIMPLEMENTED, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED } = GrpcStatus;

const METHODS = milvusMethods();
/** The client connection preface every HTTP/2 connection starts with (RFC 9113, 3.4). */
const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/** Well-formed requests of read-only methods over the known data. */
const VALID_REQUESTS: readonly { method: string; body: Record<string, unknown> }[] = [
  { method: 'DescribeCollection', body: { collection_name: ITEMS } },
  { method: 'HasCollection', body: { collection_name: ITEMS } },
  { method: 'ShowCollections', body: {} },
  { method: 'ListDatabases', body: {} },
  { method: 'GetVersion', body: {} },
  { method: 'DescribeIndex', body: { collection_name: ITEMS, index_name: '' } },
  { method: 'Query', body: { collection_name: ITEMS, expr: 'id > 0', output_fields: ['id'], query_params: [{ key: 'limit', value: '2' }] } },
];

// ---- bodies ------------------------------------------------------------------------------------------

/** A frame: the compressed flag, a big-endian length, the message. */
function frame(flag: number, message: Uint8Array, declared = message.length): Buffer {
  const header = Buffer.alloc(5);
  header[0] = flag;
  header.writeUInt32BE(declared >>> 0, 1);
  return Buffer.concat([header, message]);
}

let bomb: Buffer | undefined;
/**
 * gzip that inflates to 600 MiB: one member of 1 MiB of zeros, repeated (a gzip stream may hold
 * many members, and gunzip reads them all), so it is cheap to make and about 600 KiB to send.
 */
function gzipBomb(): Buffer {
  bomb ??= Buffer.concat(Array.from({ length: 600 }, () => gzipSync(Buffer.alloc(1 << 20))));
  return bomb;
}

/** `depth` messages nested in each other: a Query whose template value is an array of arrays of arrays... */
function deepTemplateQuery(depth: number): Buffer {
  const field = (type: string, name: string) => protoRoot.lookupType(type).fields[name]!.id;
  const arrayData = field('milvus.proto.schema.TemplateArrayValue', 'array_data');
  const data = field('milvus.proto.schema.TemplateArrayValueArray', 'data');
  const innermost = encodeMessage('milvus.proto.schema.TemplateArrayValue', { long_data: { data: ['1'] } });
  // Lengths from the inside out, then the headers from the outside in: one buffer, no copies per level.
  const tags = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? data : arrayData));
  let length = innermost.length;
  const headers: Buffer[] = [];
  for (let i = 0; i < depth; i++) {
    const header = Buffer.concat([varint((tags[i]! << 3) | 2), varint(length)]);
    headers.push(header);
    length += header.length;
  }
  // TemplateValue.array_val wraps the outermost TemplateArrayValue (depth is even: it ends on one).
  const outerArray = Buffer.concat([...headers.reverse(), innermost]);
  const templateValue = Buffer.concat([
    varint((field('milvus.proto.schema.TemplateValue', 'array_val') << 3) | 2),
    varint(outerArray.length),
    outerArray,
  ]);
  const entry = Buffer.concat([Buffer.from([0x0a, 0x01, 0x78]), varint((2 << 3) | 2), varint(templateValue.length), templateValue]); // key "x", value
  const query = encodeMessage('milvus.proto.milvus.QueryRequest', { collection_name: ITEMS, expr: 'id in {x}', output_fields: ['id'] });
  const mapField = protoRoot.lookupType('milvus.proto.milvus.QueryRequest').fields.expr_template_values!.id;
  return Buffer.concat([query, varint((mapField << 3) | 2), varint(entry.length), entry]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

// ---- cases ---------------------------------------------------------------------------------------------

type Framing =
  | 'proper'
  | 'badFlag'
  | 'compressedNoEncoding'
  | 'unknownEncoding'
  | 'gzip'
  | 'gzipGarbage'
  | 'gzipBomb'
  | 'truncated'
  | 'trailing'
  | 'twoMessages'
  | 'oversizeLength'
  | 'halfHeader'
  | 'noBody';

type Delivery = 'whole' | 'chunked' | 'resetMidway' | 'neverEnded';

/** A request to a MilvusService method: what message, framed how, sent how. */
interface CallCase {
  kind: 'call';
  method: string;
  /** A well-formed request (index into VALID_REQUESTS), random bytes, or protobuf nested `depth` deep. */
  message: { valid: number } | { random: Uint8Array } | { depth: number };
  framing: Framing;
  /** The compressed flag of a badFlag frame; also a small number some framings use. */
  flag: number;
  encoding: string;
  delivery: Delivery;
  headers: Record<string, string>;
}

/** Any path, HTTP method and content type, with an empty message. */
interface PathCase {
  kind: 'path';
  path: string;
  httpMethod: string;
  contentType: string;
}

/** Many streams at once on one connection, some reset midway. */
interface StreamsCase {
  kind: 'streams';
  count: number;
  resetEvery: number;
}

/** Bytes on a bare TCP connection. */
interface TcpCase {
  kind: 'tcp';
  preface: boolean;
  bytes: Uint8Array;
}

export type FrameCase = CallCase | PathCase | StreamsCase | TcpCase;

const headerValue = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.constantFrom('', 'default', 'fz_db', 'nope', '1n', '99999999H', 'x'),
);
const extraHeaders = fc.dictionary(
  fc.constantFrom('dbname', 'authorization', 'grpc-timeout', 'user-agent', 'x-random', 'grpc-accept-encoding', 'te'),
  headerValue,
  {
    maxKeys: 2,
  },
);

const callCase: fc.Arbitrary<CallCase> = fc.record({
  kind: fc.constant('call' as const),
  method: fc.constantFrom(...METHODS),
  message: fc.oneof(
    { weight: 3, arbitrary: fc.nat({ max: VALID_REQUESTS.length - 1 }).map((valid) => ({ valid })) },
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }).map((random) => ({ random })) },
    { weight: 1, arbitrary: fc.constantFrom(100, 2000, 20_000, 200_000).map((depth) => ({ depth })) },
  ),
  framing: fc.constantFrom<Framing>(
    'proper',
    'proper',
    'proper',
    'badFlag',
    'compressedNoEncoding',
    'unknownEncoding',
    'gzip',
    'gzipGarbage',
    'truncated',
    'trailing',
    'twoMessages',
    'oversizeLength',
    'halfHeader',
    'noBody',
  ),
  flag: fc.integer({ min: 2, max: 255 }),
  encoding: fc.constantFrom('', 'identity', 'snappy', 'br', 'zstd', 'GZIP', 'gzip, deflate'),
  delivery: fc.constantFrom<Delivery>('whole', 'whole', 'whole', 'chunked', 'resetMidway', 'neverEnded'),
  headers: extraHeaders,
});

const pathCase: fc.Arbitrary<PathCase> = fc.record({
  kind: fc.constant('path' as const),
  path: fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).map((s) => `/${s}`),
    fc.constantFrom(
      '/',
      '/milvus.proto.milvus.MilvusService/',
      '/milvus.proto.milvus.MilvusService/Nope',
      '/milvus.proto.milvus.MilvusService/describeCollection',
    ),
    fc.constantFrom(...METHODS).map((m) => `/${SERVICE}/${m}`),
    fc.constantFrom(...METHODS).map((m) => `/${SERVICE}/${m}/extra`),
  ),
  httpMethod: fc.constantFrom('POST', 'POST', 'GET', 'PUT', 'DELETE'),
  contentType: fc.constantFrom('application/grpc', 'application/grpc+proto', 'application/json', 'text/plain', '', 'application/grpc+json'),
});

export const frameCases: fc.Arbitrary<FrameCase> = fc.oneof(
  { weight: 240, arbitrary: callCase },
  { weight: 60, arbitrary: pathCase },
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant('streams' as const),
      count: fc.integer({ min: 2, max: 200 }),
      resetEvery: fc.integer({ min: 0, max: 5 }),
    }),
  },
  {
    weight: 20,
    arbitrary: fc.record({ kind: fc.constant('tcp' as const), preface: fc.boolean(), bytes: fc.uint8Array({ minLength: 1, maxLength: 256 }) }),
  },
  // The gzip bomb makes the server inflate up to its receive limit before refusing it: rare.
  { weight: 1, arbitrary: callCase.map((c) => ({ ...c, framing: 'gzipBomb' as const })) },
);

// ---- sending ----------------------------------------------------------------------------------------------

interface Body {
  chunks: Buffer[];
  headers: Record<string, string>;
  expect: Expectation;
}

/** The message bytes of a call case. */
function messageOf(c: CallCase): { method: string; bytes: Buffer; wellFormed: boolean } {
  const m = c.message;
  if ('valid' in m) {
    const r = VALID_REQUESTS[m.valid]!;
    return { method: r.method, bytes: encodeMessage(methodTypes(r.method).request, r.body), wellFormed: true };
  }
  if ('depth' in m) return { method: 'Query', bytes: deepTemplateQuery(m.depth), wellFormed: false };
  return { method: c.method, bytes: Buffer.from(m.random), wellFormed: false };
}

/** The body and headers of a call case, and what grpc-go answers it. */
function bodyOf(c: CallCase, message: Buffer, wellFormed: boolean): Body {
  // A readable message: any Status (a refusal of random fields included); else INTERNAL.
  const read: Expectation = wellFormed ? { invalid: false } : { invalid: false, grpc: [INTERNAL] };
  const plain = (expect: Expectation, chunks: Buffer[], headers: Record<string, string> = {}): Body => ({ chunks, headers, expect });
  switch (c.framing) {
    case 'proper':
      return plain(read, [frame(0, message)]);
    case 'badFlag':
      return plain({ invalid: true, grpc: [INTERNAL] }, [frame(c.flag, message)]);
    case 'compressedNoEncoding':
      return plain(
        { invalid: true, grpc: [INTERNAL, UNIMPLEMENTED] },
        [frame(1, message)],
        c.encoding === 'identity' ? { 'grpc-encoding': 'identity' } : {},
      );
    case 'unknownEncoding': {
      const encoding = ['', 'identity'].includes(c.encoding) ? 'snappy' : c.encoding;
      return plain({ invalid: true, grpc: [UNIMPLEMENTED] }, [frame(1, message)], { 'grpc-encoding': encoding });
    }
    case 'gzip':
      return plain(read, [frame(1, gzipSync(message))], { 'grpc-encoding': 'gzip' });
    case 'gzipGarbage':
      return plain({ invalid: true, grpc: [INTERNAL] }, [frame(1, Buffer.concat([Buffer.from([0x1f, 0x8b]), message]))], {
        'grpc-encoding': 'gzip',
      });
    case 'gzipBomb':
      return plain({ invalid: true, grpc: [RESOURCE_EXHAUSTED] }, [frame(1, gzipBomb())], { 'grpc-encoding': 'gzip' });
    case 'truncated':
      return plain({ invalid: true, grpc: [INTERNAL, UNKNOWN] }, [frame(0, message, message.length + 1 + (c.flag % 64))]);
    case 'trailing':
      return plain({ ...read, grpc: [INTERNAL, ...(read.grpc ?? [])] }, [frame(0, message), Buffer.from([c.flag])]);
    case 'twoMessages':
      return plain({ ...read, grpc: [INTERNAL, ...(read.grpc ?? [])] }, [frame(0, message), frame(0, message)]);
    case 'oversizeLength':
      return plain({ invalid: true, grpc: [RESOURCE_EXHAUSTED] }, [frame(0, message, MAX_MESSAGE_BYTES + 1 + c.flag * 1_000_000)]);
    case 'halfHeader':
      return plain({ invalid: true, grpc: [INTERNAL, UNKNOWN] }, [frame(0, message).subarray(0, 1 + (c.flag % 4))]);
    case 'noBody':
      return plain({ invalid: true, grpc: [INTERNAL, UNKNOWN] }, []);
  }
}

interface Exchange {
  status: number;
  grpcStatus?: number;
  grpcMessage?: string;
  body: Buffer;
  reset?: string;
  error?: string;
}

/** One HTTP/2 request; resolves when the stream closes (or after the call timeout). */
function exchange(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, chunks: Buffer[], delivery: Delivery): Promise<Exchange> {
  return new Promise((resolve) => {
    let stream: http2.ClientHttp2Stream;
    try {
      stream = session.request(headers, { endStream: false });
    } catch (e) {
      resolve({ status: 0, body: Buffer.alloc(0), error: `the client refused to send it: ${(e as Error).message}` });
      return;
    }
    const out: Exchange = { status: 0, body: Buffer.alloc(0) };
    const data: Buffer[] = [];
    const timer = setTimeout(() => {
      out.error = `no answer within ${CALL_TIMEOUT_MS} ms`;
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }, CALL_TIMEOUT_MS);
    const take = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) out.grpcStatus = Number(h['grpc-status']);
      if (h['grpc-message'] !== undefined) out.grpcMessage = decodeURIComponent(String(h['grpc-message']));
    };
    stream.on('response', (h) => {
      out.status = Number(h[':status']);
      take(h);
    });
    stream.on('trailers', take);
    stream.on('data', (chunk: Buffer) => data.push(chunk));
    stream.on('error', (e: Error) => (out.error ??= e.message));
    stream.on('close', () => {
      clearTimeout(timer);
      out.body = Buffer.concat(data);
      if (stream.rstCode !== undefined && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) out.reset = `code ${stream.rstCode}`;
      resolve(out);
    });
    const all = Buffer.concat(chunks);
    switch (delivery) {
      case 'whole':
        stream.end(all);
        break;
      case 'chunked': {
        // byte by byte at first, then the rest: a frame header split across DATA frames
        for (let i = 0; i < Math.min(all.length, 7); i++) stream.write(all.subarray(i, i + 1));
        stream.end(all.subarray(Math.min(all.length, 7)));
        break;
      }
      case 'resetMidway':
        stream.write(all.subarray(0, Math.floor(all.length / 2)));
        setImmediate(() => stream.close(http2.constants.NGHTTP2_CANCEL));
        break;
      case 'neverEnded':
        stream.write(all);
        setTimeout(() => stream.close(http2.constants.NGHTTP2_CANCEL), 20);
        break;
    }
  });
}

/** A stream that failed because its whole session went (not because of what it sent). */
const SESSION_GONE = /Session closed|GOAWAY|ERR_HTTP2_INVALID_SESSION|ERR_HTTP2_GOAWAY_SESSION/;

/**
 * One exchange on the target's session; when the session itself was going away (the server closes
 * one after a burst of resets from earlier cases), once more on a new session.
 */
async function exchangeOnce(target: FuzzTarget, headers: http2.OutgoingHttpHeaders, chunks: Buffer[], delivery: Delivery): Promise<Exchange> {
  const x = await exchange(target.h2(), headers, chunks, delivery);
  if (x.grpcStatus !== undefined || !SESSION_GONE.test(x.error ?? '')) return x;
  target.dropH2();
  return exchange(target.h2(), headers, chunks, delivery);
}

/** An exchange as an Outcome: a reply decoded when the call ended OK, else its statuses. */
function outcomeOf(x: Exchange, responseType: string | undefined): Outcome {
  if (x.status === 0 && x.error) return { kind: 'none', error: x.error };
  if (x.grpcStatus === GrpcStatus.OK && responseType) {
    if (x.body.length < 5) return { kind: 'none', error: `OK with no reply message (${x.body.length} bytes)` };
    try {
      return { kind: 'reply', via: 'raw', reply: decodeMessage(responseType, x.body.subarray(5, 5 + x.body.readUInt32BE(1))) };
    } catch (e) {
      return { kind: 'none', error: `OK with a reply that does not decode: ${(e as Error).message}` };
    }
  }
  return { kind: 'http', status: x.status, grpcStatus: x.grpcStatus, grpcMessage: x.grpcMessage, body: x.body, reset: x.reset ?? x.error };
}

async function sendCall(target: FuzzTarget, c: CallCase): Promise<{ outcome: Outcome; expect: Expectation }> {
  const { method, bytes, wellFormed } = messageOf(c);
  const body = bodyOf(c, bytes, wellFormed);
  const headers: http2.OutgoingHttpHeaders = {
    ':method': 'POST',
    ':path': `/${SERVICE}/${method}`,
    'content-type': 'application/grpc',
    te: 'trailers',
    ...c.headers,
    ...body.headers,
  };
  const x = await exchangeOnce(target, headers, body.chunks, c.delivery);
  const expect: Expectation = { ...body.expect };
  // A method whose reply has no Status cannot refuse with one: Elanus, which does not serve those,
  // answers UNIMPLEMENTED (server/grpc/server.ts).
  if (!replyHasStatus(method)) expect.grpc = [...(expect.grpc ?? []), UNIMPLEMENTED];
  // grpc-go refuses a malformed grpc-timeout before the call (HTTP 400); a tiny one may expire first.
  if ('grpc-timeout' in c.headers) expect.grpc = [...(expect.grpc ?? []), DEADLINE_EXCEEDED, INTERNAL];
  if ('grpc-timeout' in c.headers || 'te' in c.headers) expect.http = [400];
  // A stream the client reset (or never ended, then reset) may go unanswered; a reply must still be proper.
  if (c.delivery === 'resetMidway' || c.delivery === 'neverEnded') expect.mayGoUnanswered = true;
  if (x.error?.startsWith('the client refused'))
    return { outcome: { kind: 'none', error: x.error }, expect: { invalid: false, mayGoUnanswered: true } };
  return { outcome: outcomeOf(x, methodTypes(method).response), expect };
}

async function sendPath(target: FuzzTarget, c: PathCase): Promise<{ outcome: Outcome; expect: Expectation }> {
  const method = c.path.startsWith(`/${SERVICE}/`) ? c.path.slice(SERVICE.length + 2) : undefined;
  const known = method !== undefined && METHODS.includes(method);
  const headers: http2.OutgoingHttpHeaders = {
    ':method': c.httpMethod,
    ':path': c.path,
    te: 'trailers',
    ...(c.contentType ? { 'content-type': c.contentType } : {}),
  };
  const x = await exchangeOnce(target, headers, known ? [frame(0, Buffer.alloc(0))] : [], 'whole');
  if (x.error?.startsWith('the client refused'))
    return { outcome: { kind: 'none', error: x.error }, expect: { invalid: false, mayGoUnanswered: true } };
  const grpcLike = c.httpMethod === 'POST' && c.contentType.startsWith('application/grpc');
  // Not POST or not gRPC: refused at the HTTP level (grpc-go: 415 for the content type, 405 for the
  // method). A path that names no method: UNIMPLEMENTED. A known method with an empty message: any
  // Status (grpc-go has no codec for +json: UNIMPLEMENTED or INTERNAL there).
  // (Elanus reads a +json body as protobuf, where grpc-go has no codec for it: not asserted here.)
  const json = c.contentType === 'application/grpc+json';
  const expect: Expectation = grpcLike
    ? { invalid: false, grpc: known && !json && replyHasStatus(method) ? [] : [UNIMPLEMENTED, INTERNAL] }
    : { invalid: true, http: [405, 415], grpc: [UNIMPLEMENTED, INTERNAL] };
  // A path with a character HTTP/2 does not allow in it (a space, a control character) may be
  // refused by nghttp2 itself with a stream reset.
  if (/[^\x21-\x7e]/.test(c.path)) expect.mayGoUnanswered = true;
  return { outcome: outcomeOf(x, known && grpcLike ? methodTypes(method).response : undefined), expect };
}

/** Many streams at once on one connection, every `resetEvery`-th one reset midway. */
async function sendStreams(target: FuzzTarget, c: StreamsCase): Promise<{ outcome: Outcome; expect: Expectation }> {
  const session = target.h2();
  const request = VALID_REQUESTS[0]!;
  const body = frame(0, encodeMessage(methodTypes(request.method).request, request.body));
  const headers = { ':method': 'POST', ':path': `/${SERVICE}/${request.method}`, 'content-type': 'application/grpc', te: 'trailers' };
  const results = await Promise.all(
    Array.from({ length: c.count }, (_, i) =>
      exchange(session, headers, [body], c.resetEvery > 0 && i % c.resetEvery === 0 ? 'resetMidway' : 'whole'),
    ),
  );
  const responseType = methodTypes(request.method).response;
  // Node's HTTP/2 layer closes a session whose client resets many streams in a burst (its defence
  // against "rapid reset", CVE-2023-44487): then the streams in flight lose their answer, and the
  // next case opens a new session. Without resets, every stream must be answered with the collection.
  const expect: Expectation = { invalid: false, mayGoUnanswered: c.resetEvery > 0 };
  const answers = results.filter((_, i) => !(c.resetEvery > 0 && i % c.resetEvery === 0)).map((x) => outcomeOf(x, responseType));
  const wrong = answers.find((o) => (o.kind === 'http' && o.grpcStatus !== undefined) || (o.kind !== 'reply' && c.resetEvery === 0));
  const outcome = wrong ?? answers.find((o) => o.kind === 'reply') ?? answers[0] ?? { kind: 'none', error: 'every stream was reset' };
  // The session may be on its way out: the next case starts on a new one.
  if (c.resetEvery > 0) target.dropH2();
  return {
    outcome: outcome.kind === 'http' && outcome.grpcStatus === undefined ? { kind: 'none', error: 'the session was closed' } : outcome,
    expect,
  };
}

/** Bytes that are not HTTP/2 (or are, after the preface, but not frames): the server just closes the connection. */
function sendTcp(target: FuzzTarget, c: TcpCase): Promise<{ outcome: Outcome; expect: Expectation }> {
  const [host, port] = [target.address.split(':')[0]!, Number(target.address.split(':')[1])];
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (error: string) => {
      socket.destroy();
      resolve({ outcome: { kind: 'none', error }, expect: { invalid: false, mayGoUnanswered: true } });
    };
    const timer = setTimeout(() => done('still open after 50 ms'), 50);
    socket.on('error', (e) => (clearTimeout(timer), done(e.message)));
    socket.on('close', () => (clearTimeout(timer), done('closed by the server')));
    socket.on('connect', () => {
      if (c.preface) socket.write(HTTP2_PREFACE);
      socket.write(c.bytes);
    });
  });
}

/** A whole, header-less call case with `message` framed as `framing` (flag 2 where a flag is used). */
function regression(message: CallCase['message'], framing: Framing): CallCase {
  return { kind: 'call', method: 'DescribeCollection', message, framing, flag: 2, encoding: '', delivery: 'whole', headers: {} };
}

function describeFrame(c: FrameCase): string {
  switch (c.kind) {
    case 'call': {
      const m = c.message;
      const what =
        'valid' in m
          ? `valid ${VALID_REQUESTS[m.valid]!.method}`
          : 'depth' in m
            ? `Query nested ${m.depth} deep`
            : `${c.method} with ${m.random.length} random bytes ${Buffer.from(m.random).toString('hex')}`;
      return `${what}, framing ${c.framing} (flag ${c.flag}, encoding ${JSON.stringify(c.encoding)}), ${c.delivery}, headers ${JSON.stringify(c.headers)}`;
    }
    case 'path':
      return `${c.httpMethod} ${JSON.stringify(c.path)} content-type ${JSON.stringify(c.contentType)}`;
    case 'streams':
      return `${c.count} streams at once, every ${c.resetEvery || 'none'}th reset`;
    case 'tcp':
      return `TCP ${c.preface ? 'preface + ' : ''}${elide(Buffer.from(c.bytes).toString('hex'), 80)}`;
  }
}

export const framesDomain: FuzzDomain<FrameCase> = {
  name: 'frames',
  cases: frameCases,
  send(target, c) {
    switch (c.kind) {
      case 'call':
        return sendCall(target, c);
      case 'path':
        return sendPath(target, c);
      case 'streams':
        return sendStreams(target, c);
      case 'tcp':
        return sendTcp(target, c);
    }
  },
  describe: describeFrame,
  regressions: [
    // a gzip bomb inflated in full (src/protocol/grpc-frame.ts)
    regression({ valid: 2 }, 'gzipBomb'),
    // a length over the limit is refused at the frame header by grpc-go
    regression({ valid: 0 }, 'oversizeLength'),
    // a compressed flag of 2 was read as "not compressed"
    regression({ valid: 0 }, 'badFlag'),
    // protobuf nested 200,000 deep
    regression({ depth: 200_000 }, 'proper'),
  ],
};
