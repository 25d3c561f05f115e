/**
 * Shared by the widget panel and the agent console, so customer text is made safe by one set of rules.
 *
 * Splits text into plain runs and links. Only http(s) and mailto become links (bare `www.` hosts
 * become https, bare email addresses mailto); anything else, `javascript:`, `data:` and
 * `vbscript:` included, stays text. The caller renders both kinds with text nodes, never markup.
 */
export type RichSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const CANDIDATE = /\b(?:https?:\/\/|mailto:|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;
const TRAILING = '.,;:!?\'"’”»';
const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/** Trailing punctuation belongs to the sentence, and a `)` only to the URL when it opened one. */
function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.slice(-1);
    const unbalanced = (open: string, close: string) =>
      last === close && url.split(open).length < url.split(close).length;
    if (TRAILING.includes(last) || unbalanced('(', ')') || unbalanced('[', ']')) url = url.slice(0, -1);
    else return url;
  }
}

/** The link target for a candidate, or null when it is not a safe, well-formed URL. */
export function safeHref(text: string): string | null {
  const withScheme = /^www\./i.test(text)
    ? `https://${text}`
    : /^[\w.+-]+@/.test(text) && !/^mailto:/i.test(text)
      ? `mailto:${text}`
      : text;
  try {
    const url = new URL(withScheme);
    if (!SAFE_PROTOCOLS.includes(url.protocol)) return null;
    if (url.protocol !== 'mailto:' && !url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function linkify(text: string): RichSegment[] {
  const segments: RichSegment[] = [];
  let plain = '';
  let cursor = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = trimTrailing(match[0]);
    const href = candidate && safeHref(candidate);
    if (!href) continue;
    plain += text.slice(cursor, match.index);
    if (plain) segments.push({ kind: 'text', text: plain });
    segments.push({ kind: 'link', text: candidate, href });
    plain = '';
    cursor = (match.index ?? 0) + candidate.length;
  }
  plain += text.slice(cursor);
  if (plain) segments.push({ kind: 'text', text: plain });
  return segments;
}
