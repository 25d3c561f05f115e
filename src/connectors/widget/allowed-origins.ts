/**
 * The origins a widget integration may be embedded on, parsed from its `allowedOrigins` setting.
 * An entry is `scheme://host[:port]`; a leading `*.` in the host matches any subdomain (not the
 * bare domain); no port means the scheme's default. Paths are not allowed: an origin has none.
 */
export interface OriginPattern {
  scheme: 'http' | 'https';
  host: string;
  wildcard: boolean;
  port: string;
}

export type ParsedOrigins = { ok: true; patterns: OriginPattern[] } | { ok: false; problems: string[] };

const ENTRY = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?\/?$/;

export function parseAllowedOrigins(value: string): ParsedOrigins {
  const entries = value
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.length > 0);
  if (entries.length === 0) return { ok: false, problems: ['allowedOrigins lists no origin'] };
  const problems: string[] = [];
  const patterns: OriginPattern[] = [];
  for (const entry of entries) {
    const m = ENTRY.exec(entry);
    // The port is compared with the one `new URL(origin)` reports: a number without leading zeros.
    const port = m?.[4] === undefined ? undefined : Number(m[4]);
    if (!m || (port !== undefined && (port < 1 || port > 65535))) {
      problems.push(`"${entry}" is not an origin like https://shop.example.com`);
      continue;
    }
    const scheme = m[1] as 'http' | 'https';
    const defaultPort = scheme === 'https' ? '443' : '80';
    patterns.push({
      scheme,
      wildcard: !!m[2],
      host: m[3],
      port: port === undefined ? defaultPort : String(port),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, patterns };
}

/** Whether the browser-sent `Origin` header value is one of the patterns. */
export function isOriginAllowed(patterns: OriginPattern[], origin: string | undefined): boolean {
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1);
  const host = url.hostname.toLowerCase();
  const port = url.port || (scheme === 'https' ? '443' : '80');
  return patterns.some(
    (p) =>
      p.scheme === scheme && p.port === port && (p.wildcard ? host.endsWith(`.${p.host}`) : host === p.host),
  );
}

/** The patterns as CSP `frame-ancestors` sources. */
export function toFrameAncestors(patterns: OriginPattern[]): string {
  return patterns
    .map((p) => {
      const defaultPort = p.scheme === 'https' ? '443' : '80';
      return `${p.scheme}://${p.wildcard ? '*.' : ''}${p.host}${p.port === defaultPort ? '' : `:${p.port}`}`;
    })
    .join(' ');
}
