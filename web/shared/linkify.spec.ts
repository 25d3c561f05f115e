import { describe, expect, it } from '@jest/globals';
import { linkify, type RichSegment } from './linkify';

const text = (value: string): RichSegment => ({ kind: 'text', text: value });
const link = (value: string, href: string): RichSegment => ({ kind: 'link', text: value, href });

describe('linkify', () => {
  it.each<[string, string, RichSegment[]]>([
    ['plain text', 'hello there', [text('hello there')]],
    ['empty', '', []],
    [
      'an https URL with the full stop left out',
      'see https://example.com.',
      [text('see '), link('https://example.com', 'https://example.com/'), text('.')],
    ],
    [
      'an http URL with a path and query',
      'http://shop.test/a?b=1&c=2',
      [link('http://shop.test/a?b=1&c=2', 'http://shop.test/a?b=1&c=2')],
    ],
    ['upper-case scheme', 'HTTPS://EXAMPLE.COM', [link('HTTPS://EXAMPLE.COM', 'https://example.com/')]],
    [
      'www. becomes https',
      'go to www.example.com/x now',
      [text('go to '), link('www.example.com/x', 'https://www.example.com/x'), text(' now')],
    ],
    [
      'a bare email becomes mailto',
      'write ada@example.com!',
      [text('write '), link('ada@example.com', 'mailto:ada@example.com'), text('!')],
    ],
    [
      'mailto stays mailto',
      'mailto:ada@example.com',
      [link('mailto:ada@example.com', 'mailto:ada@example.com')],
    ],
    [
      'balanced parentheses stay in the URL, the closing one of the sentence does not',
      '(see https://en.wikipedia.org/wiki/Foo_(bar))',
      [
        text('(see '),
        link('https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'),
        text(')'),
      ],
    ],
    [
      'two links',
      'https://a.test and http://b.test',
      [link('https://a.test', 'https://a.test/'), text(' and '), link('http://b.test', 'http://b.test/')],
    ],
    [
      'a quote ends the URL',
      'https://a.test/"onmouseover="x',
      [link('https://a.test/', 'https://a.test/'), text('"onmouseover="x')],
    ],
    ['javascript: is text', 'javascript:alert(1)', [text('javascript:alert(1)')]],
    [
      'mixed-case javascript: is text',
      'JaVaScRiPt:alert(document.cookie)',
      [text('JaVaScRiPt:alert(document.cookie)')],
    ],
    [
      'data: is text',
      'data:text/html,<script>alert(1)</script>',
      [text('data:text/html,<script>alert(1)</script>')],
    ],
    ['vbscript: is text', 'vbscript:msgbox(1)', [text('vbscript:msgbox(1)')]],
    ['ftp: is text', 'ftp://files.test/x', [text('ftp://files.test/x')]],
    ['a scheme with no host is text', 'http:// nothing', [text('http:// nothing')]],
    [
      'only the https part after a javascript: prefix becomes a link',
      'javascript:alert(1)//https://x.test',
      [text('javascript:alert(1)//'), link('https://x.test', 'https://x.test/')],
    ],
    [
      'markup stays text',
      '<b>hi</b> <img src=x onerror=alert(1)>',
      [text('<b>hi</b> <img src=x onerror=alert(1)>')],
    ],
  ])('%s', (_name, input, expected) => {
    expect(linkify(input)).toEqual(expected);
  });
});
