/**
 * Whether `text` matches a glob where `*` stands for any run of characters (possibly empty) and
 * every other character stands for itself; the whole text must match. Both sides are compared as
 * given (callers lower-case them for case-insensitive rules).
 *
 * No regular expression is built, so a pattern can neither inject regex syntax nor backtrack
 * catastrophically: the literal pieces between stars are found left to right, each at its first
 * occurrence after the previous one. Taking the first occurrence is always safe because a `*`
 * follows it and can absorb whatever a later occurrence would have skipped; the work is one scan of
 * the text per piece.
 *
 * @example matchesGlob('https://shop.example.com/*', 'https://shop.example.com/cart') // true
 * @example matchesGlob('*pricing*', 'https://example.com/en/pricing?plan=pro')       // true
 */
export function matchesGlob(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const piece = pieces[i];
    if (piece.length === 0) continue;
    const found = text.indexOf(piece, position);
    if (found === -1 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
