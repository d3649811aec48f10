// The gRPC transport's memory bounds, on an in-process GrpcHttp2Server and GrpcChannel with
// small limits: a frame declaring more than the limit is refused as its prefix arrives (grpc-go's
// status and text), a compressed message is inflated only up to the limit, the server-wide
// budget of request bytes refuses a call that would pass it and is given back when calls end,
// and the client's channel bounds a compressed reply the same way. Raw node:http2 sends the
// frames no well-behaved client would.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { test, type TestContext } from 'node:test';
import { gzipSync, deflateSync } from 'node:zlib';
import { GrpcChannel } from '../../src/client/grpc-channel.js';
import { GrpcStatus, GrpcStatusError } from '../../src/protocol/grpc-status.js';
import { GrpcHttp2Server, type GrpcMethod } from '../../src/server/grpc/grpc-http2-server.js';

const LIMIT = 1 << 20;
const TIMEOUT = { timeout: 30_000 };

const echo: GrpcMethod = {
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (v: unknown) => Buffer.from(`got ${(v as Buffer).length} bytes`),
  invoke: async (request) => request,
};

async function start(t: TestContext, memory = 4 * LIMIT): Promise<{ server: GrpcHttp2Server; session: http2.ClientHttp2Session }> {
  const server = new GrpcHttp2Server(new Map([['/t.S/Echo', echo]]), {
    maxReceiveBytes: LIMIT,
    maxSendBytes: LIMIT,
    maxRequestMemoryBytes: memory,
    log: () => undefined,
  });
  const port = await server.listen('127.0.0.1', 0);
  const session = http2.connect(`http://127.0.0.1:${port}`);
  t.after(async () => {
    session.destroy();
    await server.close(100);
  });
  return { server, session };
}

interface Answer {
  grpcStatus?: string;
  grpcMessage?: string;
  body: Buffer;
}

/** Opens a call and writes `body` (ending the request only when `end`); resolves with the status once it comes. */
function send(session: http2.ClientHttp2Session, body: Buffer, end = true, headers: http2.OutgoingHttpHeaders = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': '/t.S/Echo', 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const chunks: Buffer[] = [];
    const answer: Answer = { body: Buffer.alloc(0) };
    const read = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] === undefined) return;
      answer.grpcStatus = String(h['grpc-status']);
      answer.grpcMessage = decodeURIComponent(String(h['grpc-message'] ?? ''));
    };
    stream.on('response', read);
    stream.on('trailers', read);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (e) => (answer.grpcStatus ? undefined : reject(e)));
    stream.on('close', () => resolve({ ...answer, body: Buffer.concat(chunks) }));
    if (end) stream.end(body);
    else stream.write(body);
  });
}

const frame = (compressed: boolean, message: Buffer, declared = message.length) =>
  Buffer.concat([Buffer.from([compressed ? 1 : 0, declared >>> 24, (declared >>> 16) & 255, (declared >>> 8) & 255, declared & 255]), message]);

test('a frame declaring more than the limit is refused as its prefix arrives, before the body is sent', TIMEOUT, async (t) => {
  const { server, session } = await start(t);
  // only the prefix: the request stays open, the body never comes
  const answer = await send(session, frame(false, Buffer.alloc(0), LIMIT + 1), false);
  assert.equal(answer.grpcStatus, String(GrpcStatus.RESOURCE_EXHAUSTED));
  assert.equal(answer.grpcMessage, `grpc: received message larger than max (${LIMIT + 1} vs. ${LIMIT})`);
  assert.equal(server.heldRequestBytes, 0);
  const ok = await send(session, frame(false, Buffer.alloc(10)));
  assert.equal(ok.grpcStatus, '0');
  assert.equal(ok.body.subarray(5).toString(), 'got 10 bytes');
});

test('a gzip or deflate bomb is inflated only up to the limit: RESOURCE_EXHAUSTED, and the server goes on', TIMEOUT, async (t) => {
  const { server, session } = await start(t);
  const zeros = Buffer.alloc(64 * LIMIT);
  for (const [encoding, packed] of [
    ['gzip', gzipSync(zeros)],
    ['deflate', deflateSync(zeros)],
  ] as const) {
    assert.ok(packed.length < LIMIT, 'the compressed message is within the limit');
    const answer = await send(session, frame(true, packed), true, { 'grpc-encoding': encoding });
    assert.equal(answer.grpcStatus, String(GrpcStatus.RESOURCE_EXHAUSTED), encoding);
    assert.equal(answer.grpcMessage, `grpc: received message after decompression larger than max ${LIMIT}`);
  }
  // exactly the limit inflated is a message like any other
  const full = await send(session, frame(true, gzipSync(Buffer.alloc(LIMIT))), true, { 'grpc-encoding': 'gzip' });
  assert.equal(full.grpcStatus, '0');
  assert.equal(full.body.subarray(5).toString(), `got ${LIMIT} bytes`);
  const corrupt = await send(session, frame(true, Buffer.from('not gzip')), true, { 'grpc-encoding': 'gzip' });
  assert.equal(corrupt.grpcStatus, String(GrpcStatus.INTERNAL));
  assert.equal(server.heldRequestBytes, 0);
});

test('the server-wide request budget refuses a call that would pass it and is given back as calls end', TIMEOUT, async (t) => {
  const { server, session } = await start(t, 2 * LIMIT);
  // two calls declare a whole message each and hold their streams open
  const held = [0, 1].map(() => {
    const stream = session.request({ ':method': 'POST', ':path': '/t.S/Echo', 'content-type': 'application/grpc', te: 'trailers' });
    stream.on('error', () => undefined);
    stream.write(frame(false, Buffer.alloc(1000), LIMIT));
    return stream;
  });
  while (server.heldRequestBytes < 2 * LIMIT) await new Promise((r) => setTimeout(r, 10));
  const refused = await send(session, frame(false, Buffer.alloc(10)));
  assert.equal(refused.grpcStatus, String(GrpcStatus.RESOURCE_EXHAUSTED));
  assert.match(refused.grpcMessage!, /already holds 2097152 bytes of requests and this one needs 10 more, past its limit of 2097152/);
  for (const stream of held) stream.close(http2.constants.NGHTTP2_CANCEL);
  while (server.heldRequestBytes > 0) await new Promise((r) => setTimeout(r, 10));
  const ok = await send(session, frame(false, Buffer.alloc(10)));
  assert.equal(ok.grpcStatus, '0');
});

test("the client's channel inflates a compressed reply only up to its limit", TIMEOUT, async (t) => {
  const bomb = gzipSync(Buffer.alloc(64 * LIMIT));
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.resume();
    stream.on('end', () => {
      const message = headers[':path'] === '/t.S/Bomb' ? bomb : gzipSync(Buffer.from('fine'));
      stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto', 'grpc-encoding': 'gzip' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(true, message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const channel = new GrpcChannel({ address: `127.0.0.1:${port}`, tls: false, maxMessageBytes: LIMIT, keepaliveMs: 0, userAgent: 't' });
  t.after(() => {
    channel.close();
    server.close();
  });
  await assert.rejects(channel.unary('/t.S/Bomb', Buffer.alloc(0), {}), (e: unknown) => {
    assert.ok(e instanceof GrpcStatusError);
    assert.equal(e.code, GrpcStatus.RESOURCE_EXHAUSTED);
    assert.equal(e.message, `grpc: received message after decompression larger than max ${LIMIT}`);
    return true;
  });
  assert.equal((await channel.unary('/t.S/Fine', Buffer.alloc(0), {})).toString(), 'fine');
});
