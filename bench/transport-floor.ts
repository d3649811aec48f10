// Transport floor (issue 7, the gRPC goal: measure where the protocol overhead goes): what one
// sequential round trip costs on this machine at each layer of the stack a Milvus call rides on,
// from the bottom up: a plain TCP echo, a raw HTTP/2 request, a bare grpc-js unary call, and then
// a real call (GetVersion, the smallest there is) to a real `elanus serve`, through Elanus's own
// MilvusClient and through the official SDK. The difference between two neighbouring rows is what
// the layer added; the CPU columns tell whether it was work (client or server) or waiting. Elanus's
// server and client speak gRPC on node:http2 themselves, so their row sits on the HTTP/2 row.
//
// Client and server are separate processes, as in a deployment: the echo servers are children
// running bench/transport-floor-server.ts, the Elanus server is `elanus serve` (bench/server.ts).
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect as connectHttp2, constants as http2 } from 'node:http2';
import { connect as connectTcp } from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { MilvusClient as SdkClient } from '@zilliz/milvus2-sdk-node';
import { MilvusClient } from '../src/index.js';
import type { BenchContext, BenchReport, Benchmark } from './benchmark.js';
import { markdownTable, processCpuMs, textTable, type Table } from './report.js';
import { startBenchServer, type BenchServer } from './server.js';
import { percentile } from './stats.js';
import { GRPC_ECHO_PATH, type EchoProtocol, type EchoReady } from './transport-floor-server.js';

const WARMUP_CALLS = 300;
const TIMED_CALLS = 3000;
/** The timed calls are made in this many blocks per layer, the layers taking turns. */
const ROUNDS = 3;
const HOST = '127.0.0.1';
/** "A few bytes": small enough that copying them costs nothing, so only per-call overhead shows. */
const PAYLOAD = Buffer.from('elanus!!');
const CHILD_START_TIMEOUT_MS = 10_000;
const CHILD_STOP_TIMEOUT_MS = 5_000;

const here = dirname(fileURLToPath(import.meta.url));
/** dist/bench/transport-floor.js -> dist/bench/transport-floor-server.js */
const ECHO_SERVER_PATH = join(here, 'transport-floor-server.js');

/** One client connected to one server: a round trip, the server's CPU so far, and cleanup. */
interface Connection {
  roundTrip(): Promise<void>;
  /** CPU time (ms) the server process has used since it started; undefined if unknown. */
  serverCpuMs(): Promise<number | undefined>;
  close(): Promise<void>;
}

// ---- the echo servers (child processes) ----

interface EchoServer {
  port: number;
  /** CPU ms the child has used so far, asked over IPC (process.cpuUsage there: microsecond resolution). */
  cpuMs(): Promise<number | undefined>;
  /** Closes the IPC channel (the child exits on that) and waits for the exit; returns the child's total CPU ms. */
  stop(): Promise<number | undefined>;
}

async function startEchoServer(protocol: EchoProtocol): Promise<EchoServer> {
  // execArgv [] so that flags given to this process (an inspector, say) do not slow the server down.
  const child: ChildProcess = fork(ECHO_SERVER_PATH, [protocol], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const exited = once(child, 'exit');
  let ready: EchoReady;
  try {
    ready = await new Promise<EchoReady>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${protocol} echo server did not start within ${CHILD_START_TIMEOUT_MS} ms`)),
        CHILD_START_TIMEOUT_MS,
      );
      child.once('message', (m) => {
        clearTimeout(timer);
        resolve(m as EchoReady);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${protocol} echo server exited with ${String(code)} before listening`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw e;
  }
  const cpuMs = async (): Promise<number | undefined> => {
    if (!child.connected) return undefined;
    const answer = once(child, 'message');
    child.send('cpu');
    // A child that died would never answer: fail instead of waiting forever.
    const died = exited.then(() => Promise.reject(new Error(`${protocol} echo server exited during the run`)));
    const [usage] = (await Promise.race([answer, died])) as [NodeJS.CpuUsage];
    return (usage.user + usage.system) / 1000;
  };
  return {
    port: ready.port,
    cpuMs,
    async stop() {
      const total = await cpuMs().catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) {
        child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      return total;
    },
  };
}

// ---- the clients, one per layer ----

/** Plain TCP: write the payload, wait until the same number of bytes came back. */
async function connectTcpEcho(server: EchoServer): Promise<Connection> {
  const socket = connectTcp({ host: HOST, port: server.port });
  socket.setNoDelay(true);
  await once(socket, 'connect');
  let pending: { remaining: number; resolve: () => void; reject: (e: Error) => void } | undefined;
  socket.on('data', (bytes: Buffer) => {
    if (!pending) return;
    pending.remaining -= bytes.length;
    if (pending.remaining <= 0) {
      const done = pending;
      pending = undefined;
      done.resolve();
    }
  });
  socket.on('error', (e) => pending?.reject(e));
  return {
    roundTrip: () =>
      new Promise<void>((resolve, reject) => {
        pending = { remaining: PAYLOAD.length, resolve, reject };
        socket.write(PAYLOAD);
      }),
    serverCpuMs: server.cpuMs,
    async close() {
      socket.end();
      socket.destroy();
    },
  };
}

/** Raw HTTP/2: one POST stream per call on one session, the payload up and back. */
async function connectHttp2Echo(server: EchoServer): Promise<Connection> {
  const session = connectHttp2(`http://${HOST}:${server.port}`);
  await once(session, 'connect');
  const headers = { [http2.HTTP2_HEADER_METHOD]: 'POST', [http2.HTTP2_HEADER_PATH]: '/echo' };
  return {
    roundTrip: () =>
      new Promise<void>((resolve, reject) => {
        const stream = session.request(headers);
        let status = 0;
        let received = 0;
        stream.on('response', (h) => {
          status = Number(h[http2.HTTP2_HEADER_STATUS]);
        });
        stream.on('data', (chunk: Buffer) => {
          received += chunk.length;
        });
        stream.on('end', () => {
          if (status === 200 && received === PAYLOAD.length) resolve();
          else reject(new Error(`HTTP/2 echo: status ${status}, ${received} bytes back for ${PAYLOAD.length}`));
        });
        stream.on('error', reject);
        stream.end(PAYLOAD);
      }),
    serverCpuMs: server.cpuMs,
    async close() {
      await new Promise<void>((resolve) => session.close(resolve));
    },
  };
}

/** Bare grpc-js: a unary call with identity (de)serializers, so no protobuf work is in the figure. */
async function connectGrpcEcho(server: EchoServer): Promise<Connection> {
  const client = new grpc.Client(`${HOST}:${server.port}`, grpc.credentials.createInsecure());
  await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + CHILD_START_TIMEOUT_MS, (e) => (e ? reject(e) : resolve())));
  const passBytes = (b: Buffer): Buffer => b;
  return {
    roundTrip: () =>
      new Promise<void>((resolve, reject) => {
        client.makeUnaryRequest(GRPC_ECHO_PATH, passBytes, passBytes, PAYLOAD, (err, reply) => {
          if (err) reject(err);
          else if (reply?.length !== PAYLOAD.length) reject(new Error(`gRPC echo: ${reply?.length} bytes back for ${PAYLOAD.length}`));
          else resolve();
        });
      }),
    serverCpuMs: server.cpuMs,
    async close() {
      client.close();
    },
  };
}

const ECHO_LAYERS: readonly { protocol: EchoProtocol; name: string; connect: (s: EchoServer) => Promise<Connection> }[] = [
  { protocol: 'tcp', name: 'TCP echo (node:net, no delay)', connect: connectTcpEcho },
  { protocol: 'http2', name: 'HTTP/2 request (node:http2)', connect: connectHttp2Echo },
  { protocol: 'grpc', name: 'gRPC unary (grpc-js, raw bytes)', connect: connectGrpcEcho },
];
const ELANUS_CLIENT_NAME = 'Elanus MilvusClient getVersion';
const SDK_NAME = 'official SDK getVersion';

// ---- measuring ----

/** A layer under test, once connected, and what its timed calls added up to. */
interface Layer {
  name: string;
  connection: Connection;
  latenciesMs: number[];
  wallMs: number;
  clientCpuMs: number;
  serverCpuMs: number | undefined;
}

/** `calls` round trips one after another (one in flight), timed as a block for the mean and the
 * CPU figures, and call by call for the median; added to the layer's totals. */
async function timeBlock(layer: Layer, calls: number): Promise<void> {
  const { connection } = layer;
  const serverBefore = await connection.serverCpuMs();
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const st = performance.now();
    await connection.roundTrip();
    layer.latenciesMs.push(performance.now() - st);
  }
  layer.wallMs += performance.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = await connection.serverCpuMs();
  layer.clientCpuMs += (cpu.user + cpu.system) / 1000;
  layer.serverCpuMs =
    layer.serverCpuMs === undefined || serverBefore === undefined || serverAfter === undefined
      ? undefined
      : layer.serverCpuMs + serverAfter - serverBefore;
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const echoServers: EchoServer[] = [];
  let elanus: BenchServer | undefined;
  const layers: Layer[] = [];
  const addLayer = (name: string, connection: Connection) =>
    layers.push({ name, connection, latenciesMs: [], wallMs: 0, clientCpuMs: 0, serverCpuMs: 0 });
  try {
    for (const echo of ECHO_LAYERS) {
      const server = await startEchoServer(echo.protocol);
      echoServers.push(server);
      addLayer(echo.name, await echo.connect(server));
    }

    elanus = await startBenchServer('elanus-bench-transport-');
    const pid = elanus.child.pid;
    // /proc counts in 10 ms ticks: over ROUNDS blocks that is at most +-ROUNDS * 10 ms / TIMED_CALLS
    // per call, small beside what this server spends on a call.
    const elanusCpuMs = async () => (pid === undefined ? undefined : processCpuMs(pid));

    const own = new MilvusClient({ uri: `http://${elanus.address}` });
    addLayer(ELANUS_CLIENT_NAME, {
      roundTrip: async () => {
        const reply = await own.getVersion();
        if (!reply.version) throw new Error('Elanus MilvusClient getVersion: no version in the reply');
      },
      serverCpuMs: elanusCpuMs,
      close: () => own.close(),
    });

    const sdk = new SdkClient({ address: elanus.address });
    addLayer(SDK_NAME, {
      roundTrip: async () => {
        const reply = await sdk.getVersion();
        if (!reply.version) throw new Error(`official SDK getVersion: no version in the reply ${JSON.stringify(reply)}`);
      },
      serverCpuMs: elanusCpuMs,
      close: async () => {
        await sdk.closeConnection();
      },
    });
    await sdk.connectPromise;

    for (const layer of layers) {
      ctx.log(`transport: warm-up, ${layer.name}`);
      for (let i = 0; i < WARMUP_CALLS; i++) await layer.connection.roundTrip();
    }
    // The layers take turns in blocks (order rotated each round) rather than one after the other,
    // so that load from other processes on the machine falls on all of them alike.
    const perRound = TIMED_CALLS / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      ctx.log(`transport: round ${round + 1} of ${ROUNDS}`);
      for (let k = 0; k < layers.length; k++) await timeBlock(layers[(round + k) % layers.length]!, perRound);
    }
    return report(layers);
  } finally {
    for (const layer of layers) await layer.connection.close().catch((e: unknown) => ctx.log(`transport: closing ${layer.name}: ${String(e)}`));
    for (const server of echoServers) ctx.noteChildCpuMs(await server.stop());
    if (elanus) {
      await elanus.stop().catch((e: unknown) => ctx.log(`transport: elanus serve stop: ${String(e)}`));
      ctx.noteChildCpuMs(elanus.cpuMsAtStop());
    }
  }
}

// ---- reporting ----

/** Microseconds: whole above 100, one decimal below. */
function fmtUs(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '-';
  return Math.abs(us) >= 100 ? us.toFixed(0) : us.toFixed(1);
}

const signedUs = (us: number) => `${us >= 0 ? '+' : ''}${fmtUs(us)}`;

function report(layers: readonly Layer[]): BenchReport {
  const perCall = (r: Layer) => {
    const calls = r.latenciesMs.length;
    const meanUs = (r.wallMs * 1000) / calls;
    const clientUs = (r.clientCpuMs * 1000) / calls;
    const serverUs = r.serverCpuMs === undefined ? undefined : (r.serverCpuMs * 1000) / calls;
    const p50Us =
      percentile(
        [...r.latenciesMs].sort((a, b) => a - b),
        50,
      ) * 1000;
    return { meanUs, p50Us, clientUs, serverUs, idleUs: serverUs === undefined ? undefined : meanUs - clientUs - serverUs };
  };
  const table: Table = {
    columns: ['round trip', 'calls', 'mean µs', 'p50 µs', 'calls/s', 'client CPU µs/call', 'server CPU µs/call', 'mean − both CPUs µs'],
    align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: layers.map((r) => {
      const c = perCall(r);
      const calls = r.latenciesMs.length;
      return [
        r.name,
        String(calls),
        fmtUs(c.meanUs),
        fmtUs(c.p50Us),
        Math.round((calls * 1000) / r.wallMs).toLocaleString('en-US'),
        fmtUs(c.clientUs),
        fmtUs(c.serverUs),
        fmtUs(c.idleUs),
      ];
    }),
  };

  const byName = (name: string) => {
    const r = layers.find((x) => x.name === name);
    if (!r) throw new Error(`no result for ${name}`);
    return perCall(r);
  };
  const [tcp, h2, grpcEcho] = ECHO_LAYERS.map((l) => byName(l.name)) as [
    ReturnType<typeof perCall>,
    ReturnType<typeof perCall>,
    ReturnType<typeof perCall>,
  ];
  const own = byName(ELANUS_CLIENT_NAME);
  const sdk = byName(SDK_NAME);
  const step = (what: string, upper: ReturnType<typeof perCall>, lower: ReturnType<typeof perCall>) =>
    // The median beside the mean: on a shared machine a few slow calls can move the mean alone.
    `${what}: ${signedUs(upper.meanUs - lower.meanUs)} µs per call mean, ${signedUs(upper.p50Us - lower.p50Us)} µs p50 ` +
    `(client CPU ${signedUs(upper.clientUs - lower.clientUs)}, server CPU ${
      upper.serverUs === undefined || lower.serverUs === undefined ? '-' : signedUs(upper.serverUs - lower.serverUs)
    }).`;
  const lines = [
    `The floor: a TCP echo between two processes takes ${fmtUs(tcp.meanUs)} µs per round trip; the client is on a CPU for ` +
      `${fmtUs(tcp.clientUs)} µs of it, the server for ${fmtUs(tcp.serverUs)} µs (mostly the system calls and wake-ups of a loopback round trip).`,
    step('HTTP/2 over TCP (frames, HPACK headers, a stream per call)', h2, tcp),
    step('grpc-js over raw HTTP/2 (call objects, gRPC framing and trailers, channel and server machinery)', grpcEcho, h2),
    // Elanus's server and its MilvusClient speak gRPC on node:http2 themselves (decision 0002), so
    // their layer sits on raw HTTP/2; the official SDK keeps grpc-js on its side.
    step("Elanus (its gRPC on node:http2 at both ends, protobuf, the client's call wrapper, the server's dispatch) over raw HTTP/2", own, h2),
    step("Elanus with the official SDK (grpc-js client, Elanus's server) over bare grpc-js at both ends", sdk, grpcEcho),
  ];
  const how = [
    `- Every row: ${WARMUP_CALLS} warm-up round trips (not counted), then ${TIMED_CALLS} timed ones, one in flight, each started when the ` +
      'previous one resolved, over one connection opened beforehand. Client and server are separate processes on this machine, over 127.0.0.1. ' +
      `All five connections are open at once and the timed calls run in ${ROUNDS} rounds of ${TIMED_CALLS / ROUNDS} per row, the rows taking turns ` +
      '(order rotated each round), so that load from other processes falls on all rows alike.',
    `- **TCP echo**: \`node:net\`, \`setNoDelay(true)\` on both ends; the client writes ${PAYLOAD.length} bytes and waits until ${PAYLOAD.length} bytes come back. ` +
      `**HTTP/2 request**: \`node:http2\` client and server, one POST stream per call on one session, ${PAYLOAD.length} bytes each way, status 200 checked. ` +
      `**gRPC unary**: \`@grpc/grpc-js\` client (\`makeUnaryRequest\`) and server with identity serializers (${PAYLOAD.length} raw bytes, no protobuf), default options. ` +
      'The three echo servers run bench/transport-floor-server.ts, one child process (fork) each.',
    '- **Elanus MilvusClient / official SDK getVersion**: a real `elanus serve` (separate process, temporary data directory) answering GetVersion, ' +
      "the smallest Milvus call, to Elanus's `MilvusClient` (`uri: http://127.0.0.1:<port>`) and to `@zilliz/milvus2-sdk-node`'s `MilvusClient` (`address`), default options. " +
      "The server, and Elanus's client, speak gRPC directly on `node:http2` (src/server/grpc/grpc-http2-server.ts, src/client/grpc-channel.ts); the official SDK uses grpc-js.",
    "- **mean µs** is the timed blocks' wall-clock time / calls, **calls/s** its inverse; **p50 µs** is the nearest-rank median of the per-call times. " +
      "**client CPU µs/call**: this process's `process.cpuUsage()` (user + system, all its threads) over the timed blocks / calls. " +
      '**server CPU µs/call**: the same for the server process, read over IPC for the echo servers and from /proc/PID/stat for `elanus serve` ' +
      `(10 ms ticks: at most ±${fmtUs((ROUNDS * 10 * 1000) / TIMED_CALLS)} µs per call here). ` +
      "**mean − both CPUs**: the mean minus both processes' CPU per call: positive is time neither was on a CPU (waiting to be woken), " +
      "negative means they worked at once on different cores (one finishing a call's bookkeeping, or its garbage collector running, while the other handles the message).",
  ];
  return {
    title: "Transport floor: where one gRPC round trip's time goes",
    text: `${textTable(table)}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
    markdown:
      'Issue 7 (gRPC): where the time of one sequential round trip goes, layer by layer from a plain TCP echo up to a Milvus call ' +
      'to `elanus serve`; the difference between two rows is what the layer between them costs.\n\n' +
      `${lines.map((l) => `- ${l}`).join('\n')}\n\n${markdownTable(table)}\n\nHow it was measured:\n\n${how.join('\n')}\n`,
  };
}

export const transportFloor: Benchmark = {
  name: 'transport',
  summary: 'one sequential round trip: TCP echo, HTTP/2, bare grpc-js, Elanus getVersion (own client and official SDK)',
  run,
};
