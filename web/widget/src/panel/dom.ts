import { linkify } from '../../../shared/linkify';

type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | ((event: never) => void)>;

/**
 * Builds an element. Strings become text nodes (never markup); `on*` props become listeners;
 * `class` sets className; `true` sets a boolean attribute, `false`/`null`/`undefined` leaves it out.
 *
 * @example h('button', { type: 'button', 'aria-label': strings.send, onclick: send }, icon('send'))
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.slice(2), value as EventListener);
    else if (name === 'class') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Text with its http(s)/mailto URLs as links that open in a new tab; all of it as text nodes. */
export function richText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of linkify(text)) {
    fragment.append(
      segment.kind === 'text'
        ? segment.text
        : h('a', { href: segment.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, segment.text),
    );
  }
  return fragment;
}

/**
 * A URL from the hub or the configuration that may go into `src`/`href`: http(s) only (relative
 * URLs resolve against the hub), so a `javascript:` or `data:` value never reaches the DOM.
 */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  minimize: 'M6 9.5l6 6 6-6',
  send: 'M4 12l16-8-6 16-2.5-6.5zM11.5 13.5L20 4',
  attach:
    'M20 11.5l-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8',
  file: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5',
  close: 'M6 6l12 12M18 6L6 18',
};

export function icon(name: keyof typeof ICONS): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'sb-icon');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** A random v4 UUID; crypto.randomUUID exists only in secure contexts (a hub on plain http is not). */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
