import type { Server as HttpServer } from 'node:http';
import type { Server as TcpServer } from 'node:net';

/** Starts `server` on 127.0.0.1 and a port the system picks, and returns that port. */
export async function listenOnLoopback(server: HttpServer | TcpServer, what: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error(`${what} did not bind a TCP port`);
  return address.port;
}
