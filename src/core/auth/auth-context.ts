import type { Principal } from './principal';

/**
 * The part of a GraphQL context auth cares about. Over HTTP `req` carries the Authorization
 * header and the guard fills in `principal`; over graphql-ws the handshake already did.
 */
export interface AuthContext {
  req?: { headers: Record<string, string | string[] | undefined> };
  principal?: Principal;
}
