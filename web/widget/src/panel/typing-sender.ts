import type { ClientFrame } from '../shared/protocol';
import { browserTimers, throttle, type Timers } from './throttle';

const IDLE_MS = 3_000;
const DRAFT_LIMIT = 2_000;

/**
 * The visitor's typing state: `on:true` at most 4 per second while typing (with the draft only when
 * sneak peek is on; without a draft one every 2 s is enough), and `on:false` after 3 s idle, when
 * the text is cleared or when the message is sent.
 */
export class TypingSender {
  private typing = false;
  private idle: unknown = null;
  private readonly withDraft: ReturnType<typeof throttle<[string]>>;
  private readonly withoutDraft: ReturnType<typeof throttle<[]>>;

  constructor(
    private readonly send: (frame: Extract<ClientFrame, { type: 'typing' }>) => void,
    private readonly sneakPeek: () => boolean,
    private readonly timers: Timers = browserTimers,
  ) {
    this.withDraft = throttle(
      (draft: string) => this.send({ type: 'typing', on: true, draft: draft.slice(0, DRAFT_LIMIT) }),
      250,
      timers,
    );
    this.withoutDraft = throttle(() => this.send({ type: 'typing', on: true }), 2_000, timers);
  }

  input(text: string): void {
    if (!text.trim()) return this.stop();
    this.typing = true;
    if (this.sneakPeek()) this.withDraft(text);
    else this.withoutDraft();
    if (this.idle !== null) this.timers.clearTimeout(this.idle);
    this.idle = this.timers.setTimeout(() => this.stop(), IDLE_MS);
  }

  stop(): void {
    this.withDraft.cancel();
    this.withoutDraft.cancel();
    if (this.idle !== null) this.timers.clearTimeout(this.idle);
    this.idle = null;
    if (!this.typing) return;
    this.typing = false;
    this.send({ type: 'typing', on: false });
  }
}
