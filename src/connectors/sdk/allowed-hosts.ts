import type { ConnectorManifest } from './connector-manifest';

// Lower-case DNS labels or IPv4, optional leading `*.`, optional port.
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const IPV6_PATTERN = /^\[[0-9a-f:.]+\](:\d{1,5})?$/;
const PLACEHOLDER_PATTERN = /^\$\{settings\.([A-Za-z][A-Za-z0-9_]*)\}$/;

/** The setting a `'${settings.<field>}'` entry points at, or undefined for a literal host. */
export function allowedHostPlaceholderField(entry: string): string | undefined {
  return PLACEHOLDER_PATTERN.exec(entry)?.[1];
}

/** True when `entry` is a literal host pattern (not a placeholder) with valid syntax. */
export function isValidHostPattern(entry: string): boolean {
  if (!HOST_PATTERN.test(entry) && !IPV6_PATTERN.test(entry)) return false;
  const port = /:(\d+)$/.exec(entry.startsWith('[') ? entry.slice(entry.indexOf(']')) : entry)?.[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/**
 * Replaces every `'${settings.<field>}'` entry of the manifest with the `hostname:port` of that
 * setting's URL (an unset or unparsable setting allows nothing) and lower-cases the rest. The
 * host passes the result to `createHttpClient`.
 *
 * @example
 * ```ts
 * resolveAllowedHosts({ ...manifest, allowedHosts: ['${settings.callbackUrl}'] }, { callbackUrl: 'https://crm.example.com/hook' });
 * // ['crm.example.com:443']
 * ```
 */
export function resolveAllowedHosts(
  manifest: Pick<ConnectorManifest, 'allowedHosts'>,
  settings: Record<string, unknown>,
): string[] {
  const hosts = new Set<string>();
  for (const entry of manifest.allowedHosts) {
    const field = allowedHostPlaceholderField(entry);
    if (field === undefined) {
      hosts.add(entry.toLowerCase());
      continue;
    }
    const url = parseHttpUrl(settings[field]);
    // A pinned port: the placeholder grants exactly the endpoint the admin configured.
    if (url) hosts.add(`${url.hostname}:${url.port || defaultPort(url.protocol)}`);
  }
  return [...hosts];
}

/** Parses an http(s) URL, or returns undefined. */
export function parseHttpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Splits `host[:port]` (IPv6 in brackets) into its parts. */
function splitHostPort(pattern: string): { host: string; port?: string } {
  const match = pattern.startsWith('[')
    ? /^(\[[^\]]*\])(?::(\d+))?$/.exec(pattern)
    : /^([^:]*)(?::(\d+))?$/.exec(pattern);
  return match ? { host: match[1], port: match[2] } : { host: pattern };
}

/**
 * True when the URL's host matches one of the resolved patterns. A pattern without a port allows
 * any port; `*.example.com` allows subdomains of any depth but not `example.com` itself.
 *
 * @example
 * ```ts
 * isHostAllowed(new URL('https://hooks.slack.com/x'), ['*.slack.com']); // true
 * ```
 */
export function isHostAllowed(url: URL, patterns: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const port = url.port || defaultPort(url.protocol);
  return patterns.some((raw) => {
    const pattern = splitHostPort(raw.toLowerCase());
    if (pattern.port !== undefined && pattern.port !== port) return false;
    if (pattern.host.startsWith('*.')) return hostname.endsWith(pattern.host.slice(1));
    return hostname === pattern.host;
  });
}
