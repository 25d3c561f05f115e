import type { ShortcutAction } from '../keyboard/shortcuts';

/**
 * Keyboard shortcuts reach the component that can carry them out (the composer focuses itself,
 * the chat view resolves): the shell emits, the mounted component listens. Answers whether
 * anyone handled the command.
 */
export class CommandBus {
  private readonly handlers = new Map<ShortcutAction, Set<() => void>>();

  on(action: ShortcutAction, handler: () => void): () => void {
    let set = this.handlers.get(action);
    if (!set) this.handlers.set(action, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  emit(action: ShortcutAction): boolean {
    const set = this.handlers.get(action);
    if (!set || set.size === 0) return false;
    for (const handler of [...set]) handler();
    return true;
  }
}
