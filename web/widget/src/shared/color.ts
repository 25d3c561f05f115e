/**
 * WCAG 2.x contrast arithmetic for the colours admins pick, so the launcher and the panel never
 * show text below 4.5:1 whatever the configuration says.
 * https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio
 */

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb` or `#rrggbb` as [r, g, b] 0–255, or null for anything else (names, rgb(), CSS injection). */
export function parseHexColor(value: unknown): [number, number, number] | null {
  if (typeof value !== 'string' || !HEX.test(value)) return null;
  const hex = value.length === 4 ? value.replace(/[0-9a-f]/gi, '$&$&') : value;
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Contrast ratio between two hex colours (1–21), or 1 when either cannot be parsed. */
export function contrastRatio(a: string, b: string): number {
  const ca = parseHexColor(a);
  const cb = parseHexColor(b);
  if (!ca || !cb) return 1;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The configured primary colour and the text colour to put on it: the configured text colour when
 * it reaches 4.5:1, else white or black, whichever contrasts more. An unparsable primary
 * falls back to the default blue.
 *
 * @example readablePair('#ffd600', '#ffffff') // ['#ffd600', '#000000']
 */
export function readablePair(primary: unknown, text: unknown): [string, string] {
  const bg = parseHexColor(primary) ? (primary as string) : '#1f6feb';
  const fg = typeof text === 'string' ? text : '#ffffff';
  if (contrastRatio(bg, fg) >= 4.5) return [bg, fg];
  return [bg, contrastRatio(bg, '#ffffff') >= contrastRatio(bg, '#000000') ? '#ffffff' : '#000000'];
}
