import { DomainError } from '../errors/domain-error';

/**
 * Events pushed by a listener, pulled by an async iterator, for one subscriber. A subscriber that
 * reads slower than events come (its socket held back, see src/graphql/ws-frame-coalescing.ts)
 * gets at most `maxBuffered` events queued here; one more ends its stream with an UNAVAILABLE
 * error instead of letting the process's memory grow with its backlog. It subscribes again and
 * catches up from the database (`messagesSince`), as after any disconnect.
 */
export function bufferedEvents<T>(options: {
  maxBuffered: number;
  /** Called once, when the stream ends: returned, thrown into, or over its limit. */
  onEnd: () => Promise<void>;
}): { push(event: T): void; iterator: AsyncIterableIterator<T> } {
  const buffer: T[] = [];
  // A reader waiting for the next event; events are queued only while nobody waits.
  let wake: ((r: IteratorResult<T>) => void) | undefined;
  let done = false;
  let failure: DomainError | undefined;
  const end = (): Promise<void> => {
    if (done) return Promise.resolve();
    done = true;
    return options.onEnd();
  };
  const finish = async (): Promise<IteratorResult<T>> => {
    buffer.length = 0;
    await end();
    wake?.({ value: undefined, done: true });
    wake = undefined;
    return { value: undefined, done: true };
  };
  const push = (event: T): void => {
    if (done) return;
    if (wake) {
      const w = wake;
      wake = undefined;
      w({ value: event, done: false });
      return;
    }
    if (buffer.length < options.maxBuffered) {
      buffer.push(event);
      return;
    }
    buffer.length = 0;
    failure = new DomainError(
      'UNAVAILABLE',
      `This subscription fell more than ${options.maxBuffered} events behind and was ended; subscribe again and catch up with messagesSince.`,
    );
    void end();
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (failure) {
        const e = failure;
        failure = undefined;
        return Promise.reject(e);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (wake = resolve));
    },
    return: finish,
    throw: async (e: unknown) => {
      await finish();
      throw e;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return { push, iterator };
}
