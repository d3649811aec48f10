// Abuse against a real `elanus serve`: an insert stating num_rows 2^31 for one-row columns, a
// gzip bomb (about 1 MiB holding 1 GiB of zeros), a frame just over the 64 MiB receive limit, and
// many concurrent requests each just under a (smaller) limit. The server answers each with the
// right status, stays up, serves a normal call afterwards, and its peak RSS (the child's VmHWM)
// grows by less than the configured limits plus a fixed margin: the numbers are printed as
// diagnostics and recorded in docs/operations.md ("Limits").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import { after, before, test } from 'node:test';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { DataType, type MilvusClient } from '@zilliz/milvus2-sdk-node';
import { removeDataDir, startServer, type RunningServer } from '../harness/server.js';
import { raw } from './alias-helpers.js';

const MiB = 1024 * 1024;
const RECEIVE_LIMIT = 64 * MiB; // Milvus's proxy.grpc.serverMaxRecvSize, the default
const MARGIN = 64 * MiB;
const INSERT = '/milvus.proto.milvus.MilvusService/Insert';
const RESOURCE_EXHAUSTED = '8';

/** The child's peak resident set (VmHWM) in bytes. */
function peakRss(server: RunningServer): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'));
  assert.ok(m, 'VmHWM in /proc/PID/status');
  return Number(m[1]) * 1024;
}

/** A gzip stream of `total` zero bytes, made a block at a time (the test holds only the output). */
async function gzipOfZeros(total: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (c: Buffer) => parts.push(c));
  const ended = once(gzip, 'end');
  const block = Buffer.alloc(MiB);
  for (let written = 0; written < total; written += block.length) if (!gzip.write(block)) await once(gzip, 'drain');
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

const prefix = (compressed: boolean, length: number) => {
  const p = Buffer.alloc(5);
  p[0] = compressed ? 1 : 0;
  p.writeUInt32BE(length, 1);
  return p;
};

interface Answer {
  status?: string;
  message?: string;
}

/** One raw Insert call: `chunks` written in order, the request ended when `end`; resolves when the server answers or resets. */
function rawCall(session: http2.ClientHttp2Session, chunks: Buffer[], opts: { end?: boolean; encoding?: string } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: http2.OutgoingHttpHeaders = { ':method': 'POST', ':path': INSERT, 'content-type': 'application/grpc', te: 'trailers' };
    if (opts.encoding) headers['grpc-encoding'] = opts.encoding;
    const stream = session.request(headers);
    const answer: Answer = {};
    const read = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] === undefined) return;
      answer.status = String(h['grpc-status']);
      answer.message = decodeURIComponent(String(h['grpc-message'] ?? ''));
    };
    stream.on('response', read);
    stream.on('trailers', read);
    stream.on('error', () => undefined); // the server resets a refused stream
    stream.resume();
    stream.on('close', () => resolve(answer));
    for (const c of chunks) stream.write(c);
    if (opts.end ?? true) stream.end();
  });
}

/** An Insert of `size` zero bytes through grpc-js with its own limits lifted; resolves with the call's error. */
function oversizeCall(address: string, size: number): Promise<grpc.ServiceError> {
  const c = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
  return new Promise<grpc.ServiceError>((resolve, reject) =>
    c.makeUnaryRequest(
      INSERT,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(size),
      (err) => (err ? resolve(err) : reject(new Error('the oversize call succeeded'))),
    ),
  ).finally(() => c.close());
}

async function servesNormally(client: MilvusClient, collection: string): Promise<void> {
  const has = await client.hasCollection({ collection_name: collection });
  assert.equal(has.status.error_code, 'Success');
  assert.equal(has.value, true);
}

let server: RunningServer;
let client: MilvusClient;

before(async () => {
  server = await startServer();
  client = server.client();
  const created = await client.createCollection({
    collection_name: 'lim_dyn',
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true },
      { name: 'vec', data_type: DataType.FloatVector, dim: 2 },
      { name: 'n', data_type: DataType.Int64 },
    ] as never,
    enable_dynamic_field: true,
  });
  assert.equal(created.error_code, 'Success', created.reason);
});

after(async () => {
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

test('an insert and an upsert stating num_rows 2^31 for one-row columns get the num_rows text, and the server stays up', async () => {
  const fields_data = [
    { type: 'Int64', field_name: 'id', scalars: { long_data: { data: ['1'] } } },
    { type: 'FloatVector', field_name: 'vec', vectors: { dim: 2, float_vector: { data: [0.5, 0.25] } } },
    { type: 'Int64', field_name: 'n', scalars: { long_data: { data: ['7'] } } },
  ];
  for (const method of ['Insert', 'Upsert']) {
    const reply = await raw(client, method, { collection_name: 'lim_dyn', num_rows: 2 ** 31, fields_data });
    assert.equal(reply.status.code, 1100, `${method}: ${reply.status.reason}`);
    assert.equal(
      reply.status.reason,
      `the num_rows (1) of field (id) is not equal to passed num_rows (${2 ** 31}): invalid parameter[expected=${2 ** 31}][actual=1]`,
    );
  }
  await servesNormally(client, 'lim_dyn');
});

test('a gzip bomb and a frame just over the limit are refused with RESOURCE_EXHAUSTED within bounded memory', async (t) => {
  const bomb = await gzipOfZeros(1024 * MiB);
  assert.ok(bomb.length < 2 * MiB, `the bomb is ${bomb.length} bytes`);
  await servesNormally(client, 'lim_dyn');
  const before = peakRss(server);
  const session = http2.connect(`http://${server.address}`);
  try {
    const inflated = await rawCall(session, [prefix(true, bomb.length), bomb], { encoding: 'gzip' });
    assert.equal(inflated.status, RESOURCE_EXHAUSTED, inflated.message);
    assert.equal(inflated.message, `grpc: received message after decompression larger than max ${RECEIVE_LIMIT}`);

    // grpc-js (the official SDK's transport) sends the frame just over the limit whole
    const over = RECEIVE_LIMIT + 1;
    const e = await oversizeCall(server.address, over);
    assert.equal(e.code, grpc.status.RESOURCE_EXHAUSTED, e.details);
    assert.equal(e.details, `grpc: received message larger than max (${over} vs. ${RECEIVE_LIMIT})`);
  } finally {
    session.close();
  }
  await servesNormally(client, 'lim_dyn');
  const growth = peakRss(server) - before;
  t.diagnostic(`peak RSS ${(before / MiB).toFixed(0)} MiB before, grew by ${(growth / MiB).toFixed(0)} MiB`);
  assert.ok(growth < RECEIVE_LIMIT + MARGIN, `peak RSS grew by ${(growth / MiB).toFixed(0)} MiB`);
});

test('concurrent requests each just under the limit: the request memory budget admits a few and refuses the rest', async (t) => {
  const limit = 8 * MiB;
  const budget = 4 * limit;
  const small = await startServer({ extraArgs: ['--grpc-max-recv-size', String(limit)] });
  t.after(async () => {
    await small.stop();
    removeDataDir(small.dataDir);
  });
  const smallClient = small.client();
  assert.equal((await smallClient.listCollections()).status.error_code, 'Success');
  const before = peakRss(small);
  const session = http2.connect(`http://${small.address}`);
  try {
    // Twelve calls of a just-under-limit message each, the prefix sent first: four fit the
    // budget (4 x 8 MiB, less a little for the SDK client's own calls) and then send their
    // message, the other eight are refused as their prefix arrives.
    const length = limit - 1024;
    const body = Buffer.alloc(length);
    const calls = Array.from({ length: 12 }, () => {
      const headers = { ':method': 'POST', ':path': INSERT, 'content-type': 'application/grpc', te: 'trailers' };
      const stream = session.request(headers);
      const answer: Answer = {};
      stream.on('response', (h) => {
        if (h['grpc-status'] !== undefined) answer.status = String(h['grpc-status']);
      });
      stream.on('trailers', (h) => (answer.status = String(h['grpc-status'])));
      stream.on('error', () => undefined);
      stream.resume();
      const closed = once(stream, 'close').then(() => answer);
      stream.write(prefix(false, length));
      return { stream, answer, closed };
    });
    const refusedNow = () => calls.filter((c) => c.answer.status === RESOURCE_EXHAUSTED);
    while (refusedNow().length < 8) await new Promise((r) => setTimeout(r, 20));
    const refused = refusedNow();
    // the admitted four send their message and are answered (whatever zeros mean as an InsertRequest)
    for (const c of calls) if (!refused.includes(c)) c.stream.end(body);
    const answers = await Promise.all(calls.map((c) => c.closed));
    assert.equal(answers.filter((a) => a.status === RESOURCE_EXHAUSTED).length, 8);
    assert.equal(answers.filter((a) => a.status !== undefined && a.status !== RESOURCE_EXHAUSTED).length, 4, 'the admitted four are answered');
  } finally {
    session.close();
  }
  assert.equal((await smallClient.listCollections()).status.error_code, 'Success');
  const growth = peakRss(small) - before;
  t.diagnostic(`peak RSS ${(before / MiB).toFixed(0)} MiB before, grew by ${(growth / MiB).toFixed(0)} MiB (budget ${budget / MiB} MiB)`);
  assert.ok(growth < budget + MARGIN, `peak RSS grew by ${(growth / MiB).toFixed(0)} MiB`);
});
