import type { WorkspaceEvent } from '../api/hub-types';
import { Store } from './store';
import { applyTyping, pruneTyping, type TypingMap } from './typing-state';

/** Who is typing where, from `conversation.typing` events; expired entries are swept every second. */
export class TypingStore extends Store<{ typing: TypingMap }> {
  private readonly sweep: ReturnType<typeof setInterval>;

  constructor(private readonly meId: string) {
    super({ typing: new Map() });
    this.sweep = setInterval(() => {
      const next = pruneTyping(this.state.typing, Date.now());
      if (next !== this.state.typing) this.setState({ typing: next });
    }, 1_000);
  }

  apply(event: WorkspaceEvent): void {
    const next = applyTyping(this.state.typing, event, Date.now(), this.meId);
    if (next !== this.state.typing) this.setState({ typing: next });
  }

  dispose(): void {
    clearInterval(this.sweep);
  }
}
