/**
 * An ILIKE pattern that matches `text` anywhere, with the user's `%`, `_` and `\` taken literally
 * (backslash is PostgreSQL's default LIKE escape character).
 *
 * @example containsPattern('50%_off') === '%50\\%\\_off%'
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
