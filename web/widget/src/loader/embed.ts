/** Where the loader learns who it is: its own `<script>` tag and the page's stub queue. */

export interface EmbedSettings {
  integrationId: string;
  /** `data-locale`, when the page sets one. */
  locale: string | null;
  /** The hub's origin, taken from the loader's own URL. */
  hub: string;
}

/** One queued or direct call: `Switchboard('call', 'maximize')` is `['call', 'maximize']`. */
export type ApiCall = unknown[];

/**
 * The loader's `<script>`: `document.currentScript` while it runs, else (tag managers, deferred
 * re-execution) the first script whose src path ends in `/widget.js` and that names an integration.
 */
export function readEmbedSettings(doc: Document): EmbedSettings | null {
  const candidates = [doc.currentScript, ...Array.from(doc.scripts)] as HTMLScriptElement[];
  const script = candidates.find((s) => s && s.dataset.integrationId && /\/widget\.js([?#]|$)/.test(s.src));
  if (!script) return null;
  return {
    integrationId: script.dataset.integrationId as string,
    locale: script.dataset.locale || null,
    hub: new URL(script.src).origin,
  };
}

/** The calls the page queued with the stub before the loader arrived. */
export function takeQueuedCalls(stub: unknown): ApiCall[] {
  const queue = typeof stub === 'function' ? (stub as { q?: unknown }).q : undefined;
  return Array.isArray(queue) ? queue.map((args) => Array.from(args as ArrayLike<unknown>)) : [];
}
