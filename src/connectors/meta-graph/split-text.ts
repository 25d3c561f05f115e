/**
 * Splits text into parts of at most `limit` characters (code points, so an emoji is never cut),
 * preferring to break after a newline or a space in the second half of a part. Each product
 * passes its own limit (Messenger 2,000, WhatsApp 4,096).
 *
 * @example
 * ```ts
 * splitText('a'.repeat(2500), 2000).map((p) => p.length); // [2000, 500]
 * ```
 */
export function splitText(text: string, limit: number): string[] {
  const chars = Array.from(text);
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + limit);
    if (end < chars.length) {
      for (let i = end - 1; i > start + limit / 2; i--) {
        if (chars[i] === '\n' || chars[i] === ' ') {
          end = i + 1;
          break;
        }
      }
    }
    const part = chars.slice(start, end).join('').trim();
    if (part) parts.push(part);
    start = end;
  }
  return parts;
}
