import { systemClock, type Clock } from '../clock';
import type { StateStore } from '../state-store';

/**
 * An in-memory {@link StateStore} for tests, with a `clear()` and a `size`. Values go through
 * JSON like the host's store, so a connector that stores a `Date` sees the same string it would in
 * production. TTLs are honoured against the given clock.
 *
 * @example
 * ```ts
 * const state = createMemoryStateStore({ clock: fixedClock(new Date('2024-06-01T00:00:00Z')) });
 * await state.set('cursor', 42, { ttlSeconds: 60 });
 * ```
 */
export interface MemoryStateStore extends StateStore {
  readonly size: number;
  clear(): void;
}

/** Creates a {@link MemoryStateStore}. */
export function createMemoryStateStore(opts: { clock?: Clock } = {}): MemoryStateStore {
  const clock = opts.clock ?? systemClock;
  const entries = new Map<string, { json: string; expiresAt?: number }>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= clock.now().getTime()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    get size() {
      return [...entries.keys()].filter((key) => live(key)).length;
    },
    async get<T = unknown>(key: string): Promise<T | undefined> {
      const entry = live(key);
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async set(key: string, value: unknown, setOpts: { ttlSeconds?: number } = {}): Promise<void> {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`State value for ${key} is not JSON-serialisable`);
      const expiresAt =
        setOpts.ttlSeconds === undefined ? undefined : clock.now().getTime() + setOpts.ttlSeconds * 1000;
      entries.set(key, { json, expiresAt });
    },
    async delete(key: string): Promise<void> {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
