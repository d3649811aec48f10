// Every method of MilvusService answers with a Status (never gRPC UNIMPLEMENTED, which the Node
// SDK turns into a silent success), including when called with an empty request; methods not
// built yet name themselves in the error; and no such call takes the server down.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { startServer, removeDataDir, type RunningServer } from '../harness/server.js';

const require = createRequire(import.meta.url);
const descriptor = require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js').default;
const definition = protoLoader.fromJSON(descriptor, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const loaded = grpc.loadPackageDefinition(definition) as unknown as {
  milvus: { proto: { milvus: { MilvusService: grpc.ServiceClientConstructor } } };
};
const MilvusService = loaded.milvus.proto.milvus.MilvusService;

/** Methods whose reply type has no common.Status field at all. */
const NO_STATUS_FIELD = new Set(['Dummy', 'GetReplicateInfo', 'CreateReplicateStream']);

interface Status {
  code: number;
  error_code: string;
  reason: string;
}

let server: RunningServer;
let client: grpc.Client & Record<string, (req: object, cb: (err: grpc.ServiceError | null, reply: unknown) => void) => void>;

before(async () => {
  server = await startServer();
  client = new MilvusService(server.address, grpc.credentials.createInsecure()) as typeof client;
});

after(async () => {
  client.close();
  await server.stop();
  removeDataDir(server.dataDir);
});

function call(method: string, request: object): Promise<unknown> {
  const def = MilvusService.service[method]!;
  if (def.responseStream) return firstStreamMessage(method, def.requestStream, request);
  return new Promise((resolve, reject) => {
    client[method]!(request, (err, reply) => (err ? reject(err) : resolve(reply)));
  });
}

/** The first message of a streaming method's reply (the request, if it streams, is one message). */
function firstStreamMessage(method: string, requestStream: boolean, request: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = client[method] as unknown as (req?: object) => grpc.ClientReadableStream<unknown> & grpc.ClientWritableStream<unknown>;
    const stream = requestStream ? open.call(client) : open.call(client, request);
    if (requestStream) stream.write(request);
    stream.once('data', (message) => {
      resolve(message);
      stream.cancel();
    });
    stream.once('error', reject);
  });
}

function statusOf(reply: unknown): Status {
  const r = reply as { status?: Status; alter_status?: Status } & Partial<Status>;
  return (r.status ?? r.alter_status ?? r) as Status;
}

test('every MilvusService method answers an empty request with a Status, never a gRPC error', async () => {
  const methods = Object.keys(MilvusService.service);
  assert.ok(methods.length > 100, `expected the whole service, got ${methods.length} methods`);
  const failures: string[] = [];
  for (const method of methods) {
    try {
      const status = statusOf(await call(method, {}));
      if (typeof status.code !== 'number' || typeof status.error_code !== 'string') {
        failures.push(`${method}: reply without a status`);
      } else if (status.code !== 0 && status.error_code === 'Success') {
        failures.push(`${method}: error code ${status.code} with legacy error_code Success`);
      }
    } catch (e) {
      // Only replies with no Status field may answer a gRPC error, and it must name the method.
      const err = e as grpc.ServiceError;
      const allowed = NO_STATUS_FIELD.has(method) && err.code === grpc.status.UNIMPLEMENTED && err.details.includes(method);
      if (!allowed) failures.push(`${method}: gRPC error ${err.code} ${err.message}`);
    }
  }
  assert.deepEqual(failures, []);
  // Still serving after all of that.
  const health = (await call('CheckHealth', {})) as { isHealthy: boolean; status: Status };
  assert.equal(health.status.code, 0);
  assert.equal(health.isHealthy, true);
});

test('a method Elanus does not serve yet names itself, with code 10 and a non-success legacy code', async () => {
  const status = statusOf(await call('CreateResourceGroup', { resource_group: 'rg1' }));
  assert.equal(status.code, 10);
  assert.equal(status.error_code, 'UnexpectedError');
  assert.match(status.reason, /CreateResourceGroup is not implemented by Elanus/);
});

test('the official SDK sees an unserved method as an error, not a silent success', async () => {
  const sdk = server.client();
  const res = await sdk.createResourceGroup({ resource_group: 'rg2' });
  assert.notEqual(res.error_code, 'Success');
  assert.match(res.reason, /CreateResourceGroup/);
});

test('a CreateCollection whose schema bytes are not a schema is refused, and nothing is created', async () => {
  const status = statusOf(await call('CreateCollection', { collection_name: 'garbage', schema: Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]) }));
  assert.notEqual(status.code, 0);
  assert.notEqual(status.error_code, 'Success');
  const has = (await call('HasCollection', { collection_name: 'garbage' })) as { value: boolean };
  assert.equal(has.value, false);
});

test('Connect answers an identifier, a 2.6 build tag and STANDALONE', async () => {
  const reply = (await call('Connect', { client_info: { sdk_type: 'test' } })) as {
    status: Status;
    identifier: string;
    server_info: { build_tags: string; deploy_mode: string };
  };
  assert.equal(reply.status.code, 0);
  assert.notEqual(reply.identifier, '0');
  assert.match(reply.server_info.build_tags, /^v2\.6\./);
  assert.equal(reply.server_info.deploy_mode, 'STANDALONE');
  const second = (await call('Connect', {})) as { identifier: string };
  assert.notEqual(second.identifier, reply.identifier);
});
