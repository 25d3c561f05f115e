import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The hash a business's server computes for a logged-in user, so the widget can prove who the
 * visitor is (the Intercom / Chatwoot identity-verification pattern): hex HMAC-SHA256 of the user
 * id under the integration's identity secret.
 *
 * @example
 * ```ts
 * // on your server, when rendering the page for user 42 (identitySecret from your configuration)
 * const userHash = visitorUserHash(identitySecret, '42');
 * ```
 */
export function visitorUserHash(identitySecret: string, userId: string): string {
  return createHmac('sha256', identitySecret).update(userId, 'utf8').digest('hex');
}

/** Constant-time check of a user hash. */
export function isValidUserHash(identitySecret: string, userId: string, userHash: string): boolean {
  const expected = Buffer.from(visitorUserHash(identitySecret, userId), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(userHash) ? Buffer.from(userHash, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The contact identity of an anonymous visitor (`v_…`) or an identified user (`u_…`). */
export function visitorExternalId(kind: 'anonymous' | 'user', id: string): string {
  return kind === 'anonymous' ? `v_${id}` : `u_${id}`;
}
