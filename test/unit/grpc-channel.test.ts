// GrpcChannel, the remote client's gRPC over node:http2, against HTTP/2 servers made here to
// answer the ways a gRPC server can: OK with the message, a trailers-only error with a
// percent-encoded message, a gzip-compressed reply, an HTTP error without a gRPC status, no
// answer at all (the deadline), a session closed under the client (it reconnects). The real
// server and SDK calls are in test/compat.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GrpcChannel } from '../../src/client/grpc-channel.js';
import { GrpcStatus, GrpcStatusError } from '../../src/protocol/grpc-status.js';

type Handler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: Buffer) => void;

/** An h2c server on a free port whose streams `handler` answers once the request body is in. */
async function serve(t: TestContext, handler: Handler): Promise<{ address: string; server: http2.Http2Server }> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => handler(stream, headers, Buffer.concat(chunks)));
    stream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    for (const s of sessions) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function frame(message: Buffer, compressed = false): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed ? 1 : 0;
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** Answers OK with `message` in the body and the status in trailers, as gRPC servers do. */
function replyOk(stream: http2.ServerHttp2Stream, message: Buffer, extra: http2.OutgoingHttpHeaders = {}, compressed = false): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc+proto', ...extra }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frame(message, compressed));
}

function channel(t: TestContext, address: string): GrpcChannel {
  const c = new GrpcChannel({ address, tls: false, maxMessageBytes: 1 << 20, keepaliveMs: 0, userAgent: 'elanus-test' });
  t.after(() => c.close());
  return c;
}

async function rejectsWith(p: Promise<unknown>, code: number, details?: RegExp): Promise<GrpcStatusError> {
  const e = await p.then(
    () => assert.fail('the call should have failed'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof GrpcStatusError, `a GrpcStatusError, got ${String(e)}`);
  assert.equal(e.code, code, `status ${e.code} (${e.details})`);
  if (details) assert.match(e.details, details);
  return e;
}

test('a unary call sends the framed request with the gRPC headers and metadata, and resolves with the reply message', async (t) => {
  let seen: http2.IncomingHttpHeaders = {};
  let body: Buffer = Buffer.alloc(0);
  const { address } = await serve(t, (stream, headers, b) => {
    seen = headers;
    body = b;
    replyOk(stream, Buffer.from('pong'));
  });
  const reply = await channel(t, address).unary('/pkg.Svc/Ping', Buffer.from('ping'), { dbname: 'db1', authorization: 'dTpw' }, 5000);
  assert.equal(reply.toString(), 'pong');
  assert.deepEqual(body, frame(Buffer.from('ping')));
  assert.equal(seen[':method'], 'POST');
  assert.equal(seen[':path'], '/pkg.Svc/Ping');
  assert.equal(seen['content-type'], 'application/grpc+proto');
  assert.equal(seen.te, 'trailers');
  assert.equal(seen['grpc-timeout'], '5000m');
  assert.equal(seen.dbname, 'db1');
  assert.equal(seen.authorization, 'dTpw');
});

test('a trailers-only error gives its status and its percent-decoded message', async (t) => {
  const { address } = await serve(t, (stream) => {
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'no%20such%20method%3A%20%C3%A9' },
      { endStream: true },
    );
  });
  await rejectsWith(channel(t, address).unary('/pkg.Svc/Nope', Buffer.alloc(0), {}), GrpcStatus.UNIMPLEMENTED, /^no such method: é$/);
});

test('an error status in the trailers after headers is reported', async (t) => {
  const { address } = await serve(t, (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '8', 'grpc-message': 'too big' }));
    stream.end();
  });
  await rejectsWith(channel(t, address).unary('/pkg.Svc/M', Buffer.alloc(0), {}), GrpcStatus.RESOURCE_EXHAUSTED, /^too big$/);
});

test('a gzip-compressed reply is decompressed', async (t) => {
  const { address } = await serve(t, (stream) => replyOk(stream, gzipSync(Buffer.from('squeezed')), { 'grpc-encoding': 'gzip' }, true));
  assert.equal((await channel(t, address).unary('/pkg.Svc/M', Buffer.alloc(0), {})).toString(), 'squeezed');
});

test('an HTTP error without a gRPC status maps as the gRPC spec says (503 -> UNAVAILABLE, 404 -> UNIMPLEMENTED)', async (t) => {
  const { address } = await serve(t, (stream, headers) => {
    stream.respond({ ':status': headers[':path'] === '/a/B' ? 503 : 404 }, { endStream: true });
  });
  const c = channel(t, address);
  await rejectsWith(c.unary('/a/B', Buffer.alloc(0), {}), GrpcStatus.UNAVAILABLE, /503/);
  await rejectsWith(c.unary('/a/C', Buffer.alloc(0), {}), GrpcStatus.UNIMPLEMENTED, /404/);
});

test('a call past its deadline fails with DEADLINE_EXCEEDED and is cancelled on the server; the channel goes on', async (t) => {
  let cancelled = false;
  const { address } = await serve(t, (stream, headers) => {
    if (headers[':path'] === '/pkg.Svc/Slow') {
      stream.on('close', () => (cancelled = true));
      return; // never answers
    }
    replyOk(stream, Buffer.from('fast'));
  });
  const c = channel(t, address);
  const started = performance.now();
  await rejectsWith(c.unary('/pkg.Svc/Slow', Buffer.alloc(0), {}, 100), GrpcStatus.DEADLINE_EXCEEDED);
  assert.ok(performance.now() - started < 2000, 'the deadline ended the call');
  assert.equal((await c.unary('/pkg.Svc/Fast', Buffer.alloc(0), {})).toString(), 'fast');
  for (let i = 0; i < 50 && !cancelled; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(cancelled, 'the server saw the call cancelled');
});

test('a session the server closes is replaced: the next call connects again', async (t) => {
  let calls = 0;
  const { address } = await serve(t, (stream) => {
    calls++;
    replyOk(stream, Buffer.from(String(calls)));
    // Close the connection after answering, as a server shutting down does (GOAWAY).
    stream.on('close', () => stream.session?.close());
  });
  const c = channel(t, address);
  assert.equal((await c.unary('/pkg.Svc/M', Buffer.alloc(0), {})).toString(), '1');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await c.unary('/pkg.Svc/M', Buffer.alloc(0), {})).toString(), '2');
});

test('a reply larger than the limit and a request larger than the limit fail with RESOURCE_EXHAUSTED', async (t) => {
  const { address } = await serve(t, (stream) => replyOk(stream, Buffer.alloc(2 << 20, 7)));
  const c = channel(t, address);
  await rejectsWith(c.unary('/pkg.Svc/M', Buffer.alloc(0), {}), GrpcStatus.RESOURCE_EXHAUSTED);
  await rejectsWith(c.unary('/pkg.Svc/M', Buffer.alloc((1 << 20) + 1), {}), GrpcStatus.RESOURCE_EXHAUSTED);
});

test('nothing listening: the call fails at once with UNAVAILABLE', async (t) => {
  const { address, server } = await serve(t, (stream) => replyOk(stream, Buffer.alloc(0)));
  await new Promise((resolve) => server.close(resolve));
  const started = performance.now();
  await rejectsWith(channel(t, address).unary('/pkg.Svc/M', Buffer.alloc(0), {}, 10_000), GrpcStatus.UNAVAILABLE, /ECONNREFUSED/);
  assert.ok(performance.now() - started < 5000);
});

test('an idle channel does not keep the process alive', async (t) => {
  const { address } = await serve(t, (stream) => replyOk(stream, Buffer.from('ok')));
  const module = fileURLToPath(new URL('../../src/client/grpc-channel.js', import.meta.url));
  const script = `
    const { GrpcChannel } = await import(${JSON.stringify(module)});
    const c = new GrpcChannel({ address: ${JSON.stringify(address)}, tls: false, maxMessageBytes: 1024, keepaliveMs: 10000, userAgent: 't' });
    console.log((await c.unary('/pkg.Svc/M', Buffer.alloc(0), {})).toString());
  `;
  // Never closed: the child must still exit by itself once its call is done.
  // (Asynchronously: this process serves the child's call.)
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 }, (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    );
  });
  assert.equal(stdout.trim(), 'ok');
});
