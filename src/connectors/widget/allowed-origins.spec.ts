import { describe, expect, it } from '@jest/globals';
import {
  isOriginAllowed,
  parseAllowedOrigins,
  toFrameAncestors,
  type OriginPattern,
} from './allowed-origins';

const https = (host: string, port = '443', wildcard = false): OriginPattern => ({
  scheme: 'https',
  host,
  wildcard,
  port,
});
const http = (host: string, port = '80', wildcard = false): OriginPattern => ({
  scheme: 'http',
  host,
  wildcard,
  port,
});

function patternsOf(value: string): OriginPattern[] {
  const parsed = parseAllowedOrigins(value);
  if (!parsed.ok) throw new Error(`expected ${value} to parse: ${parsed.problems.join('; ')}`);
  return parsed.patterns;
}

const notAnOrigin = (entry: string) => `"${entry}" is not an origin like https://shop.example.com`;

describe('parseAllowedOrigins', () => {
  it.each<[string, string, OriginPattern[]]>([
    ['one origin', 'https://shop.example.com', [https('shop.example.com')]],
    [
      'origins separated by spaces, commas, newlines and tabs',
      ' https://a.example.com,https://b.example.com ,\n\thttp://c.example.com  ',
      [https('a.example.com'), https('b.example.com'), http('c.example.com')],
    ],
    ['a wildcard subdomain', 'https://*.example.com', [https('example.com', '443', true)]],
    ['an explicit port', 'http://localhost:8080', [http('localhost', '8080')]],
    ['an explicit default https port', 'https://shop.example.com:443', [https('shop.example.com')]],
    ['an explicit default http port', 'http://shop.example.com:80', [http('shop.example.com')]],
    ['https on a non-default port', 'https://shop.example.com:8443', [https('shop.example.com', '8443')]],
    ['a port with leading zeros, normalised', 'http://localhost:08080', [http('localhost', '8080')]],
    ['upper case, lowered', 'HTTPS://Shop.Example.COM', [https('shop.example.com')]],
    ['a trailing slash', 'https://shop.example.com/', [https('shop.example.com')]],
    ['an IPv4 address', 'http://127.0.0.1:3000', [http('127.0.0.1', '3000')]],
    [
      'a wildcard with a port',
      'https://*.staging.example.com:8443',
      [https('staging.example.com', '8443', true)],
    ],
  ])('parses %s', (_name, value, expected) => {
    expect(parseAllowedOrigins(value)).toEqual({ ok: true, patterns: expected });
  });

  it.each<[string, string, string[]]>([
    ['an empty value', '', ['allowedOrigins lists no origin']],
    ['only separators', ' , ,\n ', ['allowedOrigins lists no origin']],
    ['a path', 'https://shop.example.com/chat', [notAnOrigin('https://shop.example.com/chat')]],
    ['a javascript: URL', 'javascript:alert(1)', [notAnOrigin('javascript:alert(1)')]],
    ['no scheme', 'shop.example.com', [notAnOrigin('shop.example.com')]],
    ['another scheme', 'ftp://shop.example.com', [notAnOrigin('ftp://shop.example.com')]],
    ['a bare wildcard', 'https://*', [notAnOrigin('https://*')]],
    ['a wildcard inside the host', 'https://shop.*.com', [notAnOrigin('https://shop.*.com')]],
    ['a query string', 'https://shop.example.com?x=1', [notAnOrigin('https://shop.example.com?x=1')]],
    ['user info', 'https://user@shop.example.com', [notAnOrigin('https://user@shop.example.com')]],
    ['port 0', 'http://localhost:0', [notAnOrigin('http://localhost:0')]],
    ['a port above 65535', 'http://localhost:65536', [notAnOrigin('http://localhost:65536')]],
    [
      'every bad entry, lowered, while good ones are dropped from the answer',
      'https://ok.example.com https://Bad.example.com/path, javascript:alert(1) http://ok.example.com',
      [notAnOrigin('https://bad.example.com/path'), notAnOrigin('javascript:alert(1)')],
    ],
  ])('refuses %s', (_name, value, problems) => {
    expect(parseAllowedOrigins(value)).toEqual({ ok: false, problems });
  });
});

describe('isOriginAllowed', () => {
  const patterns = patternsOf('https://shop.example.com https://*.example.org http://localhost:8080');

  it.each<[string | undefined, boolean]>([
    ['https://shop.example.com', true],
    ['https://shop.example.com:443', true],
    ['HTTPS://SHOP.EXAMPLE.COM', true],
    ['https://www.shop.example.com', false],
    ['https://example.com', false],
    ['http://shop.example.com', false],
    ['https://shop.example.com:8443', false],
    ['https://shop.example.com.evil.io', false],
    ['https://a.example.org', true],
    ['https://a.b.example.org', true],
    ['https://example.org', false],
    ['https://evilexample.org', false],
    ['https://example.org.evil.io', false],
    ['http://a.example.org', false],
    ['http://localhost:8080', true],
    ['http://localhost', false],
    ['http://localhost:8081', false],
    ['https://localhost:8080', false],
    ['null', false],
    ['', false],
    [undefined, false],
    ['not a url', false],
    ['javascript:alert(1)', false],
  ])('%p → %p', (origin, allowed) => {
    expect(isOriginAllowed(patterns, origin)).toBe(allowed);
  });

  it('refuses everything when no pattern is given', () => {
    expect(isOriginAllowed([], 'https://shop.example.com')).toBe(false);
  });
});

describe('toFrameAncestors', () => {
  it.each<[string, string]>([
    ['https://shop.example.com', 'https://shop.example.com'],
    [
      'https://shop.example.com:443 http://shop.example.com:80',
      'https://shop.example.com http://shop.example.com',
    ],
    ['https://*.example.com', 'https://*.example.com'],
    ['http://localhost:8080, https://*.example.com:8443', 'http://localhost:8080 https://*.example.com:8443'],
    ['https://shop.example.com:80', 'https://shop.example.com:80'],
  ])('writes %p as %p', (value, sources) => {
    expect(toFrameAncestors(patternsOf(value))).toBe(sources);
  });
});
