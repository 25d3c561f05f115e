import { toFrameAncestors, type OriginPattern } from '../connectors/widget';

/**
 * The panel's HTML inside the iframe. Only the listed origins may frame it (CSP
 * frame-ancestors), scripts come only from the hub, and nothing is inline but styles.
 */
export function widgetFramePage(versions: { js: string; css: string }): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>Chat</title>',
    `<link rel="stylesheet" href="/widget/panel.css?v=${versions.css}">`,
    '</head><body><div id="sb-app"></div>',
    `<script src="/widget/panel.js?v=${versions.js}"></script>`,
    '</body></html>',
  ].join('');
}

export function widgetFrameCsp(origins: OriginPattern[], hubOrigin: string): string {
  const ws = hubOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${toFrameAncestors(origins) || "'none'"}`,
  ].join('; ');
}
