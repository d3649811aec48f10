// The server half of the transport benchmark (bench/transport-floor.ts): a child process that
// echoes a few bytes back over one protocol (plain TCP, raw HTTP/2 or a grpc-js unary method),
// doing no other work, so the round trip the benchmark times is the protocol stack and nothing
// else. It runs in its own process, like `elanus serve`, so that client and server do not share an
// event loop: sharing one would hide the scheduling and wake-up costs a real deployment pays.
//
//   node dist/bench/transport-floor-server.js tcp|http2|grpc
//
// It listens on 127.0.0.1 on a free port, sends { port } to its parent over the fork() IPC channel,
// answers 'cpu' with its process.cpuUsage(), and exits when that channel closes (the parent stopped
// it, or died), so it never outlives the run.
import * as grpc from '@grpc/grpc-js';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ECHO_PROTOCOLS = ['tcp', 'http2', 'grpc'] as const;
export type EchoProtocol = (typeof ECHO_PROTOCOLS)[number];

/** What the child sends its parent once it listens. */
export interface EchoReady {
  port: number;
}

/** The one gRPC method the echo server has. Requests and replies are raw bytes (no protobuf), so
 * the figure is grpc-js's own cost, without any message encoding. */
export const GRPC_ECHO_PATH = '/elanus.bench.Echo/Echo';
const passBytes = (b: Buffer): Buffer => b;
export const GRPC_ECHO_SERVICE: grpc.ServiceDefinition = {
  Echo: {
    path: GRPC_ECHO_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: passBytes,
    requestDeserialize: passBytes,
    responseSerialize: passBytes,
    responseDeserialize: passBytes,
  },
};

const HOST = '127.0.0.1';

function serveTcp(): Promise<number> {
  const server = createTcpServer((socket) => {
    // Without this, Nagle's algorithm may hold back a small reply waiting for the client's ACK.
    socket.setNoDelay(true);
    socket.on('data', (bytes) => socket.write(bytes));
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve((server.address() as { port: number }).port));
  });
}

function serveHttp2(): Promise<number> {
  const server = createHttp2Server();
  server.on('stream', (stream) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      stream.respond({ ':status': 200 });
      stream.end(Buffer.concat(chunks));
    });
    stream.on('error', () => stream.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve((server.address() as { port: number }).port));
  });
}

function serveGrpc(): Promise<number> {
  const server = new grpc.Server();
  server.addService(GRPC_ECHO_SERVICE, {
    Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, call.request),
  });
  return new Promise((resolve, reject) => {
    server.bindAsync(`${HOST}:0`, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

async function main(protocol: string | undefined): Promise<void> {
  if (!process.send) throw new Error('start this with child_process.fork: it reports its port over the IPC channel');
  let port: number;
  switch (protocol) {
    case 'tcp':
      port = await serveTcp();
      break;
    case 'http2':
      port = await serveHttp2();
      break;
    case 'grpc':
      port = await serveGrpc();
      break;
    default:
      throw new Error(`unknown protocol ${String(protocol)}; one of ${ECHO_PROTOCOLS.join(', ')}`);
  }
  process.on('disconnect', () => process.exit(0));
  // The parent reads this process's CPU time before and after its timed calls: asking here gives
  // microseconds, where /proc's counters tick every 10 ms (too coarse for a ~100 ms total).
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.(process.cpuUsage());
  });
  const ready: EchoReady = { port };
  process.send(ready);
}

// Only when run as the child: the benchmark imports this module for the names above.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch((e: unknown) => {
    process.stderr.write(`transport-floor-server: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  });
}
