import { DomainError } from '../errors/domain-error';
import { bufferedEvents } from './event-buffer';

describe('bufferedEvents', () => {
  const make = (maxBuffered: number) => {
    const ended = jest.fn(() => Promise.resolve());
    return { ended, ...bufferedEvents<number>({ maxBuffered, onEnd: ended }) };
  };

  it('hands events to a waiting reader at once and queues them for a busy one, in order', async () => {
    const { push, iterator } = make(10);
    const first = iterator.next();
    push(1);
    expect(await first).toEqual({ value: 1, done: false });
    push(2);
    push(3);
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    expect(await iterator.next()).toEqual({ value: 3, done: false });
  });

  it('ends the stream of a reader more than maxBuffered behind with an UNAVAILABLE error, once, and unsubscribes', async () => {
    const { push, iterator, ended } = make(100);
    for (let i = 0; i < 100; i++) push(i);
    expect(ended).not.toHaveBeenCalled();
    push(100); // one more than it may hold
    expect(ended).toHaveBeenCalledTimes(1);
    push(101); // after the end: dropped, nothing held
    const error = await iterator.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('UNAVAILABLE');
    expect((error as DomainError).message).toMatch(/more than 100 events behind.*messagesSince/);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('return() ends a pending read, drops what was queued and unsubscribes once', async () => {
    const { push, iterator, ended } = make(10);
    const pending = iterator.next();
    await iterator.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    push(1);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await iterator.return!();
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
