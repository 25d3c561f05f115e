/**
 * What the host knows when it asks a connector whether an agent may reply now. The host computes
 * the facts from its database; the connector only applies the platform's rule to them.
 *
 * - `lastInboundAt`: when the contact last wrote to this integration (the platform's time of their
 *   latest inbound message, across the contact's conversations on it and its thread), or `null`
 *   when they never have.
 * - `now`: the host's clock.
 * - `settings`: the integration's non-secret settings with their defaults (secrets are not needed
 *   to decide a window and are left out).
 *
 * @example
 * ```ts
 * const facts: ReplyWindowFacts<{ humanAgentTag: boolean }> = {
 *   lastInboundAt: new Date('2024-06-01T12:00:00Z'),
 *   now: new Date('2024-06-02T13:00:00Z'),
 *   settings: { humanAgentTag: true },
 * };
 * ```
 */
export interface ReplyWindowFacts<S = Record<string, unknown>> {
  lastInboundAt: Date | null;
  now: Date;
  settings: Partial<S>;
}

/**
 * Whether an agent may send a free-form reply (text or attachments) now.
 *
 * - `open`: yes, as a normal reply.
 * - `tag_required`: yes, but the platform's standard window has passed, so `send` must mark it
 *   (Messenger's `MESSAGE_TAG` with `HUMAN_AGENT`); the agent can still write.
 * - `closed`: no; the host refuses the reply before storing it (`REPLY_WINDOW_CLOSED`) and the
 *   agent sees `reason`.
 *
 * @example
 * ```ts
 * const state: ReplyWindowState = 'tag_required';
 * ```
 */
export type ReplyWindowState = 'open' | 'tag_required' | 'closed';

/**
 * A connector's answer about the reply window of one conversation.
 *
 * - `closesAt`: when free-form replies stop being allowed (the end of the tagged window when a tag
 *   extends it), or `null` when they never stop or are already closed.
 * - `reason`: plain words for the agent, required in practice for `closed` and `tag_required`.
 * - `templatesAllowed`: for platforms whose pre-approved templates may still be sent while free
 *   text is closed (WhatsApp). The host keeps refusing free text; a template send is a separate path.
 *
 * @example
 * ```ts
 * const window: ReplyWindow = {
 *   state: 'closed',
 *   closesAt: null,
 *   reason: 'The customer last wrote more than 24 hours ago; Messenger refuses replies now.',
 * };
 * ```
 */
export interface ReplyWindow {
  state: ReplyWindowState;
  closesAt: Date | null;
  reason?: string;
  templatesAllowed?: boolean;
}

/**
 * The window of a channel without one (the widget, the api connector): always open.
 *
 * @example
 * ```ts
 * const window = definition.hooks.replyWindow?.(facts) ?? ALWAYS_OPEN_REPLY_WINDOW;
 * ```
 */
export const ALWAYS_OPEN_REPLY_WINDOW: Readonly<ReplyWindow> = Object.freeze({
  state: 'open',
  closesAt: null,
});
