const RESEND_MS = 2_000;
const IDLE_MS = 3_000;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const browserTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * The agent's typing state for the visitor (`setTyping`): `true` when typing starts and again
 * every 2 s while it goes on (the widget drops a stale indicator), `false` after 3 s idle, when
 * the text is cleared, sent, or the chat closes.
 */
export class TypingSender {
  private typing = false;
  private lastSent = 0;
  private idle: unknown = null;

  constructor(
    private readonly send: (typing: boolean) => void,
    private readonly timers: Timers = browserTimers,
  ) {}

  input(text: string): void {
    if (!text.trim()) return this.stop();
    const now = this.timers.now();
    if (!this.typing || now - this.lastSent >= RESEND_MS) {
      this.typing = true;
      this.lastSent = now;
      this.send(true);
    }
    if (this.idle !== null) this.timers.clearTimeout(this.idle);
    this.idle = this.timers.setTimeout(() => this.stop(), IDLE_MS);
  }

  stop(): void {
    if (this.idle !== null) this.timers.clearTimeout(this.idle);
    this.idle = null;
    if (!this.typing) return;
    this.typing = false;
    this.send(false);
  }
}
