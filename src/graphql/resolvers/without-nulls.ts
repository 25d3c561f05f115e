type WithoutNulls<T> = { [K in keyof T]: Exclude<T[K], null> };

/**
 * GraphQL lets a client send `null` for an optional input field; the services read "absent" as
 * "leave unchanged", so an explicit null means the same.
 */
export function withoutNulls<T extends object>(input: T): WithoutNulls<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)) as WithoutNulls<T>;
}
