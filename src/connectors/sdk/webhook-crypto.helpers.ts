import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in constant time, so an attacker cannot learn a signature byte by byte from
 * response times. Different lengths return false at once (the length is not the secret).
 *
 * @example
 * ```ts
 * if (!timingSafeEqualString(req.headers['x-signature'] ?? '', expected)) throw new ConnectorError('auth', 'Bad signature');
 * ```
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * HMAC-SHA256 of `data` with `key`, as raw bytes; encode with `.toString('hex' | 'base64')`.
 *
 * @example
 * ```ts
 * const signature = hmacSha256(ctx.settings.appSecret, req.rawBody).toString('hex');
 * ```
 */
export function hmacSha256(key: Buffer | string, data: Buffer | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
