import type { LauncherIcon } from '../shared/protocol';

/** Stroke icons on a 24×24 grid, drawn with createElementNS (no markup parsing on the host page). */
const PATHS: Record<LauncherIcon | 'minimize' | 'close', string> = {
  chat: 'M21 11.5a8.5 8.5 0 0 1-12.3 7.6L3 20.5l1.4-5.2A8.5 8.5 0 1 1 21 11.5z',
  help: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM9 9a3 3 0 1 1 4 3c-1 .4-1 1-1 2M12 17v.5',
  message: 'M4 5h16v12H9l-5 4zM8 9h8M8 13h5',
  minimize: 'M6 9l6 6 6-6',
  close: 'M6 6l12 12M18 6L6 18',
};

const SVG = 'http://www.w3.org/2000/svg';

export function drawIcon(name: keyof typeof PATHS): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const path = document.createElementNS(SVG, 'path');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  path.setAttribute('d', PATHS[name] ?? PATHS.chat);
  svg.appendChild(path);
  return svg;
}
