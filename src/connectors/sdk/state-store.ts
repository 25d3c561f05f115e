/**
 * A small key/value store the host keeps per integration (cursors, cached tokens, idempotency
 * records). Values must be JSON-serialisable: a `Date` comes back as a string. Keys are scoped to the
 * integration by the host, so a connector uses short names like `token` or `cursor`.
 *
 * @example
 * ```ts
 * const token = await ctx.state.get<string>('access-token');
 * if (!token) await ctx.state.set('access-token', fresh, { ttlSeconds: 3300 });
 * ```
 */
export interface StateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, opts?: { ttlSeconds?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}
