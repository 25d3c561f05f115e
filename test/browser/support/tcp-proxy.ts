import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { listenOnLoopback } from './loopback';

/**
 * A TCP relay in front of the hub, so a test can take the visitor's network away: `cut()` resets
 * every live connection and refuses new ones until `restore()`. It starts before the hub (whose
 * PUBLIC_BASE_URL must be the relay's URL) and relays once told the hub's port.
 */
export class TcpProxy {
  private readonly live = new Set<Socket>();
  private target: number | null = null;
  private refusing = false;
  /** Connections refused while cut: proof that the client tried to come back. */
  refused = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, await listenOnLoopback(server, 'proxy'));
    server.on('connection', (client) => proxy.relay(client));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  forwardTo(port: number): void {
    this.target = port;
  }

  cut(): void {
    this.refusing = true;
    this.refused = 0;
    for (const socket of this.live) socket.resetAndDestroy();
    this.live.clear();
  }

  restore(): void {
    this.refusing = false;
  }

  close(): Promise<void> {
    for (const socket of this.live) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    if (this.refusing || this.target === null) {
      this.refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: this.target });
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.live.add(socket);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.live.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
