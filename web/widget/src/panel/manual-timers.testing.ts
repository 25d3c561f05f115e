import type { Timers } from './throttle';

/** A hand-driven clock: `advance` runs the timers that fall due, in order. */
export function manualTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let queue: Array<{ at: number; run: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      queue.push({ at: now + ms, run, id: nextId });
      return nextId++;
    },
    clearTimeout: (id) => {
      queue = queue.filter((t) => t.id !== id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        queue = queue.filter((t) => t !== due);
        now = due.at;
        due.run();
      }
      now = end;
    },
  };
}
