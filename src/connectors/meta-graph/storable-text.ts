// Lone UTF-16 surrogates (JSON allows "\ud800") and NUL cannot be stored by PostgreSQL.
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATES.source);

/**
 * Text as PostgreSQL can store it: no NUL, no lone surrogates (replaced by U+FFFD). Meta's JSON
 * may carry both (`"\u0000"`, `"\ud800"`).
 *
 * @example
 * ```ts
 * storableText('a\u0000b\ud800c'); // 'ab\ufffdc'
 * ```
 */
export function storableText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\ufffd');
}

/** True when `value` has a NUL or a lone surrogate, which an id must never have. */
export function hasUnstorableCharacters(value: string): boolean {
  return value.includes('\u0000') || HAS_LONE_SURROGATE.test(value);
}

const MAX_ID_LENGTH = 512;

/**
 * An id from Meta's JSON as the hub stores it: a safe integer as a string, or a non-blank string
 * of at most 512 characters that PostgreSQL can store; `undefined` for anything else.
 *
 * @example
 * ```ts
 * storableId(104857600123456); // '104857600123456'
 * storableId('m_a\u0000b'); // undefined
 * ```
 */
export function storableId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH) return undefined;
  return hasUnstorableCharacters(value) ? undefined : value;
}
