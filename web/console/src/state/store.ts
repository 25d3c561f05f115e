/**
 * A tiny observable state holder that React reads with useSyncExternalStore (see use-store.ts).
 * Each change replaces the state object, so a snapshot is never mutated under a render.
 */
export class Store<S> {
  private readonly listeners = new Set<() => void>();

  constructor(protected state: S) {}

  readonly getSnapshot = (): S => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  protected setState(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}
