// GrpcHttp2Server, the gRPC protocol layer of `elanus serve`, with methods made here: replies and
// their framing, statuses as trailers or trailers-only, the deadline, the message size limit,
// compressed requests, binary metadata, streaming methods answered before their request ends,
// and a graceful close. grpc-js is the client where it can be (the official SDK's transport);
// raw node:http2 where a request must be malformed. The Milvus services themselves are tested
// through the official SDK in test/compat.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { test, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { GrpcStatus, GrpcStatusError } from '../../src/protocol/grpc-status.js';
import { GrpcHttp2Server, type GrpcMethod } from '../../src/server/grpc/grpc-http2-server.js';

const text = {
  requestDeserialize: (b: Buffer) => b.toString('utf8'),
  responseSerialize: (v: unknown) => Buffer.from(String(v), 'utf8'),
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(
  t: TestContext,
  methods: Record<string, Partial<GrpcMethod>>,
  maxMessageBytes = 1 << 20,
): Promise<{ address: string; server: GrpcHttp2Server; logged: string[] }> {
  const logged: string[] = [];
  const table = new Map<string, GrpcMethod>();
  for (const [path, m] of Object.entries(methods)) table.set(path, { ...text, invoke: async () => '', ...m });
  const server = new GrpcHttp2Server(table, {
    maxReceiveBytes: maxMessageBytes,
    maxSendBytes: maxMessageBytes,
    maxRequestMemoryBytes: 4 * maxMessageBytes,
    log: (line) => logged.push(line),
  });
  const port = await server.listen('127.0.0.1', 0);
  t.after(() => server.close(100));
  return { address: `127.0.0.1:${port}`, server, logged };
}

function client(t: TestContext, address: string): grpc.Client {
  const c = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 8 << 20,
    'grpc.max_send_message_length': 8 << 20,
  });
  t.after(() => c.close());
  return c;
}

function call(c: grpc.Client, path: string, request: string, metadata = new grpc.Metadata(), options: grpc.CallOptions = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    c.makeUnaryRequest(
      path,
      (s: string) => Buffer.from(s),
      (b: Buffer) => b.toString(),
      request,
      metadata,
      options,
      (err, reply) => (err ? reject(err) : resolve(reply!)),
    ),
  );
}

async function failsWith(p: Promise<unknown>, code: number, details?: RegExp): Promise<void> {
  const e = (await p.then(
    () => assert.fail('the call should have failed'),
    (err: unknown) => err,
  )) as grpc.ServiceError;
  assert.equal(e.code, code, `status ${e.code}: ${e.details}`);
  if (details) assert.match(e.details, details);
}

test('a unary call is answered with its reply; the handler sees the request and the metadata, binary keys decoded', async (t) => {
  let seen: unknown[] = [];
  const { address } = await start(t, {
    '/t.S/Echo': {
      invoke: async (request, metadata) => {
        seen = [metadata.get('dbname')[0], (metadata.get('token-bin')[0] as Buffer).toString('hex'), metadata.get('absent').length];
        return `echo ${String(request)}`;
      },
    },
  });
  const metadata = new grpc.Metadata();
  metadata.set('dbname', 'db1');
  metadata.set('token-bin', Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  assert.equal(await call(client(t, address), '/t.S/Echo', 'héllo', metadata), 'echo héllo');
  assert.deepEqual(seen, ['db1', 'deadbeef', 0]);
});

test('a status error is a trailers-only reply with its code and its message (percent-encoded on the wire)', async (t) => {
  const { address, logged } = await start(t, {
    '/t.S/Refuse': { invoke: async () => Promise.reject(new GrpcStatusError(GrpcStatus.UNIMPLEMENTED, 'no 100% sure: é')) },
    '/t.S/Crash': { invoke: async () => Promise.reject(new Error('boom')) },
  });
  const c = client(t, address);
  await failsWith(call(c, '/t.S/Refuse', ''), grpc.status.UNIMPLEMENTED, /^no 100% sure: é$/);
  await failsWith(call(c, '/t.S/Crash', ''), grpc.status.INTERNAL, /boom/);
  assert.ok(
    logged.some((l) => l.includes('/t.S/Crash') && l.includes('boom')),
    'an unexpected failure is logged',
  );
  assert.ok(!logged.some((l) => l.includes('/t.S/Refuse')), 'a status error is an answer, not a failure to log');
});

test('an unknown method is UNIMPLEMENTED naming it', async (t) => {
  const { address } = await start(t, {});
  await failsWith(call(client(t, address), '/t.S/Missing', ''), grpc.status.UNIMPLEMENTED, /\/t\.S\/Missing/);
});

test('a call past its grpc-timeout is answered DEADLINE_EXCEEDED; the late reply is dropped and the server goes on', async (t) => {
  const { address } = await start(t, {
    '/t.S/Slow': { invoke: async () => (await sleep(400), 'late') },
    '/t.S/Fast': { invoke: async () => 'fast' },
  });
  const c = client(t, address);
  await failsWith(call(c, '/t.S/Slow', '', new grpc.Metadata(), { deadline: Date.now() + 100 }), grpc.status.DEADLINE_EXCEEDED);
  await sleep(400);
  assert.equal(await call(c, '/t.S/Fast', ''), 'fast');
});

test('a request larger than the limit is refused with RESOURCE_EXHAUSTED, and so is a reply', async (t) => {
  const { address } = await start(t, { '/t.S/Big': { invoke: async (r) => (String(r) === 'give' ? 'x'.repeat(2048) : 'ok') } }, 1024);
  const c = client(t, address);
  await failsWith(call(c, '/t.S/Big', 'y'.repeat(4096)), grpc.status.RESOURCE_EXHAUSTED);
  await failsWith(call(c, '/t.S/Big', 'give'), grpc.status.RESOURCE_EXHAUSTED);
  assert.equal(await call(c, '/t.S/Big', 'small'), 'ok');
});

test("a gzip-compressed request is read; a malformed flag or encoding gets grpc-go's status; a request that is not gRPC gets HTTP 415", async (t) => {
  const { address } = await start(t, { '/t.S/Echo': { invoke: async (r) => String(r) } });
  const session = http2.connect(`http://${address}`);
  t.after(() => session.close());
  const send = (headers: http2.OutgoingHttpHeaders, body: Buffer) =>
    new Promise<{ status: number; grpcStatus?: string; grpcMessage?: string; body: Buffer }>((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': '/t.S/Echo', te: 'trailers', ...headers });
      const chunks: Buffer[] = [];
      let status = 0;
      let grpcStatus: string | undefined;
      let grpcMessage: string | undefined;
      stream.on('response', (h) => {
        status = Number(h[':status']);
        grpcStatus ??= h['grpc-status'] as string | undefined;
        grpcMessage ??= h['grpc-message'] as string | undefined;
      });
      stream.on('trailers', (h) => (grpcStatus = h['grpc-status'] as string));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('close', () =>
        resolve({ status, grpcStatus, grpcMessage: grpcMessage && decodeURIComponent(grpcMessage), body: Buffer.concat(chunks) }),
      );
      stream.on('error', reject);
      stream.end(body);
    });
  const packed = gzipSync(Buffer.from('zipped'));
  const frame = Buffer.concat([Buffer.from([1, 0, 0, 0, packed.length]), packed]);
  const ok = await send({ 'content-type': 'application/grpc', 'grpc-encoding': 'gzip' }, frame);
  assert.equal(ok.grpcStatus, '0');
  assert.equal(ok.body.subarray(5).toString(), 'zipped');
  const unknown = await send({ 'content-type': 'application/grpc', 'grpc-encoding': 'snappy' }, frame);
  assert.equal(unknown.grpcStatus, String(GrpcStatus.UNIMPLEMENTED));
  assert.equal(unknown.grpcMessage, 'grpc: Decompressor is not installed for grpc-encoding "snappy"');
  // grpc-go's checkRecvPayload: a compressed flag needs an encoding, and the flag is 0 or 1
  const noEncoding = await send({ 'content-type': 'application/grpc' }, frame);
  assert.equal(noEncoding.grpcStatus, String(GrpcStatus.INTERNAL));
  assert.equal(noEncoding.grpcMessage, 'grpc: compressed flag set with identity or empty encoding');
  const plain = Buffer.from('plain');
  const badFlag = await send({ 'content-type': 'application/grpc' }, Buffer.concat([Buffer.from([2, 0, 0, 0, plain.length]), plain]));
  assert.equal(badFlag.grpcStatus, String(GrpcStatus.INTERNAL));
  assert.equal(badFlag.grpcMessage, 'grpc: received unexpected payload format 2');
  const json = await send({ 'content-type': 'application/json' }, Buffer.from('{}'));
  assert.equal(json.status, 415);
});

test('a streaming method is answered (a message, or a refusal) while the client still holds its request stream open', async (t) => {
  const { address } = await start(t, {
    '/t.S/Stream': { immediate: () => 'not served' },
    '/t.S/Refused': {
      immediate: () => {
        throw new GrpcStatusError(GrpcStatus.UNIMPLEMENTED, 'not here');
      },
    },
  });
  const c = client(t, address);
  const stream = c.makeBidiStreamRequest(
    '/t.S/Stream',
    (s: string) => Buffer.from(s),
    (b: Buffer) => b.toString(),
    new grpc.Metadata(),
  );
  stream.write('first');
  const message = await new Promise<string>((resolve, reject) => {
    stream.once('data', resolve);
    stream.once('error', reject);
  });
  assert.equal(message, 'not served');
  stream.cancel();
  const refused = c.makeBidiStreamRequest(
    '/t.S/Refused',
    (s: string) => Buffer.from(s),
    (b: Buffer) => b.toString(),
    new grpc.Metadata(),
  );
  refused.write('first');
  const e = await new Promise<grpc.ServiceError>((resolve) => refused.once('error', resolve));
  assert.equal(e.code, grpc.status.UNIMPLEMENTED);
  assert.match(e.details, /not here/);
});

test('close lets a running call finish, then stops the server', async (t) => {
  const { address, server } = await start(t, { '/t.S/Slow': { invoke: async () => (await sleep(200), 'done') } });
  const c = client(t, address);
  const running = call(c, '/t.S/Slow', '');
  await sleep(50);
  const closed = server.close(5000);
  assert.equal(await running, 'done');
  await closed;
  await failsWith(call(c, '/t.S/Slow', '', new grpc.Metadata(), { deadline: Date.now() + 1000 }), grpc.status.UNAVAILABLE);
});
