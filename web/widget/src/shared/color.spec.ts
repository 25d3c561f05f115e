import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contrastRatio, parseHexColor, readablePair } from './color';

describe('contrastRatio', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#1f6feb', '#ffffff', 4.63],
    ['#fff', '#000', 21],
  ])('%s on %s is %p:1', (a, b, expected) => {
    expect(contrastRatio(a, b)).toBeCloseTo(expected, 1);
  });

  it.each([['red'], ['rgb(0,0,0)'], ['#12345'], ['#000;background:url(x)'], [null]])(
    'does not parse %p',
    (value) => {
      expect(parseHexColor(value)).toBeNull();
    },
  );
});

describe('readablePair', () => {
  it.each([
    ['the defaults pass as they are', '#1f6feb', '#ffffff', ['#1f6feb', '#ffffff']],
    ['a light primary gets black text', '#ffd600', '#ffffff', ['#ffd600', '#000000']],
    ['a dark primary keeps white text', '#0b3d2e', '#ffffff', ['#0b3d2e', '#ffffff']],
    ['a mid grey gets whichever is stronger', '#777777', '#888888', ['#777777', '#000000']],
    [
      'an unparsable primary falls back to the default',
      'javascript:alert(1)',
      '#ffffff',
      ['#1f6feb', '#ffffff'],
    ],
  ])('%s', (_name, primary, text, expected) => {
    expect(readablePair(primary, text)).toEqual(expected);
  });

  it('always returns a pair of at least 4.5:1', () => {
    for (let value = 0; value < 0x1000000; value += 0x010203) {
      const primary = `#${value.toString(16).padStart(6, '0')}`;
      const [bg, fg] = readablePair(primary, '#ffffff');
      expect(contrastRatio(bg, fg)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

/** The panel stylesheet's palettes, read from the file so a colour change there is checked here. */
describe('panel.css palettes', () => {
  const css = readFileSync(join(__dirname, '../panel/panel.css'), 'utf8');
  const palette = (selector: string): Record<string, string> => {
    const start = css.indexOf(`${selector} {`);
    const block = css.slice(start, css.indexOf('}', start));
    return Object.fromEntries(
      [...block.matchAll(/--sb-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]),
    );
  };
  const light = palette(':root');
  const dark = { ...light, ...palette(":root[data-theme='dark']") };

  it.each([
    ['light', light],
    ['dark', dark],
  ])('%s theme: every text pair reaches 4.5:1', (_theme, colours) => {
    const pairs: Array<[string, string]> = [
      ['text', 'bg'],
      ['text', 'surface'],
      ['muted', 'bg'],
      ['muted', 'surface'],
      ['danger', 'danger-bg'],
      ['danger', 'bg'],
      ['on-primary', 'primary'],
    ];
    for (const [fg, bg] of pairs) {
      expect([fg, bg, contrastRatio(colours[fg], colours[bg]) >= 4.5]).toEqual([fg, bg, true]);
    }
  });

  it('the auto theme uses the dark palette when the system is dark', () => {
    const auto = palette(":root[data-theme='auto']");
    expect(auto).toEqual(palette(":root[data-theme='dark']"));
  });
});
