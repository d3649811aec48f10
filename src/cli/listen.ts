// The server's socket, bound before anything else is done (before the data directory is opened,
// let alone created), so a port that cannot be had costs nothing and leaves nothing behind. The
// gRPC server takes the socket over once the engine is open (GrpcServerOptions.listening).
import net from 'node:net';

/** The server cannot listen where it was asked to; the message says why and what to change. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** host:port as an operator writes it ([::1]:19530 for an IPv6 address). */
function endpoint(host: string, port: number): string {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}

function listenFailure(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `cannot listen on ${endpoint(host, port)}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return new ListenError(`${where}: the address is already in use (another server?); stop it or choose another --port`);
    case 'EACCES':
    case 'EPERM':
      return new ListenError(
        port > 0 && port < 1024
          ? `${where}: permission denied (ports below 1024 need privileges); choose a --port from 1024 up`
          : `${where}: permission denied`,
      );
    case 'EADDRNOTAVAIL':
      return new ListenError(`${where}: ${host} is not an address of this machine; use --host 127.0.0.1, 0.0.0.0 or one of its addresses`);
    case 'EAFNOSUPPORT':
      return new ListenError(`${where}: this machine does not support the address family of ${host}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new ListenError(`${where}: the host name ${host} does not resolve`);
    default:
      return typeof e.code === 'string' ? new ListenError(`${where}: ${e.message}`) : e;
  }
}

/** A socket listening on host:port (0: a free port), or a ListenError saying why not. */
export function bindSocket(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const socket = net.createServer();
    // A client that connects before the gRPC server takes over would wait forever on a socket
    // nobody serves: close it, and the client's retry reaches the server.
    socket.on('connection', (connection) => connection.destroy());
    socket.once('error', (e: NodeJS.ErrnoException) => reject(listenFailure(e, host, port)));
    socket.listen({ host, port }, () => resolve(socket));
  });
}
