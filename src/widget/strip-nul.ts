/**
 * A copy of parsed JSON without NUL characters in any string. PostgreSQL text cannot hold U+0000,
 * so a message carrying one would fail to store on every resend; it is never meaningful in chat.
 */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => stripNul(v)) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripNul(k), stripNul(v)])) as T;
  return value;
}
