/**
 * The panel (`GET /widget/panel.js`, inside the iframe served by `/widget/frame/:integrationId`).
 * It talks only to its parent window, whose origin is the `origin` query parameter of its own URL:
 * every message it receives is checked against that origin, every message it sends targets it.
 * Contract: docs/widget-protocol.md.
 */
import type { LoaderToPanel, PanelToLoader } from '../shared/protocol';
import { ChatSession } from './chat-session';
import './panel.css';

function parentOrigin(): string | null {
  const value = new URLSearchParams(location.search).get('origin');
  if (!value) return null;
  try {
    // Exactly an origin (scheme://host[:port]); anything else could not be a postMessage target.
    return new URL(value).origin === value ? value : null;
  } catch {
    return null;
  }
}

function startPanel(): void {
  const origin = parentOrigin();
  const root = document.getElementById('sb-app');
  const integrationId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
  if (!origin || !root || window.parent === window || !integrationId) return;

  const toLoader = (message: PanelToLoader): void => window.parent.postMessage(message, origin);
  let session: ChatSession | null = null;

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== origin || event.source !== window.parent) return;
    const message = event.data as LoaderToPanel | null;
    if (!message || typeof message !== 'object' || typeof message.sb !== 'string') return;
    if (message.sb === 'init') {
      session?.destroy();
      session = new ChatSession(integrationId, message, root, toLoader);
    } else {
      session?.handleLoaderMessage(message);
    }
  });

  // Escape anywhere in the panel minimizes it; the loader gives focus back to the launcher.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) toLoader({ sb: 'minimize' });
  });

  toLoader({ sb: 'ready' });
}

startPanel();
