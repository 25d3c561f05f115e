import { isIP, Socket } from 'node:net';

/**
 * While installed, every TCP connection to a non-loopback address fails (as a socket error, like
 * a refused connection), so a test can never reach the internet by accident. Unix sockets and
 * 127.0.0.0/8, ::1 and `localhost` stay allowed for local fake servers. n8n's node test harness
 * switches the network off the same way.
 *
 * @example
 * ```ts
 * const guard = installNetworkGuard();
 * afterAll(() => guard.uninstall());
 * ```
 */
export interface NetworkGuard {
  /** `host:port` of every connection the guard refused. */
  readonly blocked: readonly string[];
  uninstall(): void;
}

/** The error a refused connection fails with. */
export const NETWORK_GUARD_ERROR_CODE = 'ERR_NETWORK_OFF_IN_TESTS';

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare.startsWith('::ffff:127.');
}

type ConnectTarget = { host?: string; port?: unknown; path?: string | null };

// net.Socket#connect is overloaded: (options[, cb]), (port[, host][, cb]), (path[, cb]), and the
// internal form where Node passes an already-normalised [options, cb] array.
function readTarget(args: unknown[]): ConnectTarget {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) return first as ConnectTarget;
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
}

/** Patches `net.Socket.prototype.connect`; call `uninstall()` to restore it. */
export function installNetworkGuard(): NetworkGuard {
  const original = Socket.prototype.connect;
  const blocked: string[] = [];

  const guarded = function (this: Socket, ...args: unknown[]): Socket {
    const target = readTarget(args);
    const host = target.host ?? 'localhost';
    // net treats a non-empty `path` as a Unix socket; the http agent sets `path: null` for TCP.
    const isUnixSocket = typeof target.path === 'string' && target.path !== '';
    if (isUnixSocket || isLoopback(host)) {
      return (original as (...a: unknown[]) => Socket).apply(this, args);
    }
    const where = `${host}:${String(target.port)}`;
    blocked.push(where);
    const error = Object.assign(new Error(`The network is off in tests: refused a connection to ${where}`), {
      code: NETWORK_GUARD_ERROR_CODE,
    });
    // Fail asynchronously, like a real refused connection, so callers' error handlers are attached.
    process.nextTick(() => this.destroy(error));
    return this;
  };
  Socket.prototype.connect = guarded as typeof Socket.prototype.connect;

  return {
    blocked,
    uninstall() {
      if (Socket.prototype.connect === guarded) Socket.prototype.connect = original;
    },
  };
}
