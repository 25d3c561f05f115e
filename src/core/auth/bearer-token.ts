/**
 * The token of an `Authorization: Bearer <token>` value (HTTP header or graphql-ws
 * connectionParams), or undefined when there is none or it is not a bearer credential.
 */
export function parseBearer(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorization.trim());
  return match?.[1];
}
