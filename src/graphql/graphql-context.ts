import type { Context } from 'graphql-ws';
import type { AuthContext } from '../core/auth/auth-context';
import type { AuthService } from '../core/auth/auth.service';
import type { Principal } from '../core/auth/principal';

/** What every resolver's context holds: the HTTP request (queries, mutations) or the principal (websocket). */
export type GraphqlContext = AuthContext;

/** graphql-ws keeps per-socket data in `extra`; the handshake stores the principal there. */
interface SocketExtra {
  principal?: Principal;
}

type SocketContext = Context<Record<string, unknown> | undefined, SocketExtra>;

function isSocketContext(value: unknown): value is SocketContext {
  return typeof value === 'object' && value !== null && 'extra' in value && 'connectionParams' in value;
}

/**
 * One context factory for both transports (Nest hands both the same `context` option): over HTTP
 * the guard authenticates from `req.headers.authorization`; over graphql-ws the handshake did.
 */
export function graphqlContext(source: unknown): GraphqlContext {
  if (isSocketContext(source)) return { principal: source.extra.principal };
  return { req: source as AuthContext['req'] };
}

/**
 * The graphql-ws handshake authenticates once per socket from connectionParams
 * `{ authorization: 'Bearer <token>' }`; without a valid token it refuses the connection
 * (graphql-ws closes it with 4403 Forbidden) before any subscription starts.
 */
export function authenticateSocket(auth: AuthService) {
  return async (ctx: Context<Record<string, unknown> | undefined>): Promise<boolean> => {
    const principal = await auth.authenticate(ctx.connectionParams?.authorization).catch(() => undefined);
    if (!principal) return false;
    (ctx.extra as SocketExtra).principal = principal;
    return true;
  };
}
