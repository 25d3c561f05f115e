/**
 * A URL the console may put in an `href` or `src`: http(s) only, resolved against the hub's
 * origin (signed attachment links may be relative). Anything else (`javascript:`, `data:`...)
 * answers null and is shown as text, if at all.
 */
export function safeResourceUrl(url: string | null | undefined, base: string): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
