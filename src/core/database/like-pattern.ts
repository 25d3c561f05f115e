/**
 * The user's text for a LIKE/ILIKE pattern with `%`, `_` and `\` taken literally (backslash is
 * PostgreSQL's default LIKE escape character). Every search over user input builds on it.
 *
 * @example likeLiteral('50%_off') === '50\\%\\_off'
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * An ILIKE pattern that matches `text` anywhere, taken literally.
 *
 * @example containsPattern('50%_off') === '%50\\%\\_off%'
 */
export function containsPattern(text: string): string {
  return `%${likeLiteral(text)}%`;
}
