const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Ids are uuids in PostgreSQL; a malformed one must answer exactly like an id that names
 * nothing (NOT_FOUND from the service), not with a database error. Mapping it to the nil uuid,
 * which no row has, sends it down that very path.
 */
export function parseId(raw: string): string {
  return UUID.test(raw) ? raw.toLowerCase() : NIL_UUID;
}

export function parseOptionalId(raw: string | null | undefined): string | undefined {
  return raw === null || raw === undefined ? undefined : parseId(raw);
}
