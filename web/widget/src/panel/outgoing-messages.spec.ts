import { describe, expect, it } from '@jest/globals';
import type { ClientFrame, WidgetMessage } from '../shared/protocol';
import { manualTimers } from './manual-timers.testing';
import { MessageStore, type PendingMessage } from './message-store';
import { OutgoingMessages } from './outgoing-messages';

type MessageFrame = Extract<ClientFrame, { type: 'message' }>;

const saved = (clientMessageId: string, state: PendingMessage['state']): PendingMessage => ({
  clientMessageId,
  text: `text of ${clientMessageId}`,
  attachments: [],
  createdAt: '2025-01-01T10:00:00.000Z',
  state,
});

/** The hub's stored copy of a visitor message (what an ack or echo carries). */
const stored = (clientMessageId: string): WidgetMessage => ({
  id: `m-${clientMessageId}`,
  conversationId: 'c1',
  seq: 1,
  direction: 'inbound',
  author: { kind: 'contact', name: null, avatarUrl: null },
  text: 'hi',
  attachments: [],
  createdAt: '2025-01-01T10:00:01.000Z',
  clientMessageId,
  status: 'sent',
});

/**
 * OutgoingMessages over a real MessageStore, a hand-driven clock, an in-memory outbox and a
 * connection that is up unless `online` is false; `log` records, with the time, every frame sent
 * and every change of a pending message's state as the list would draw it.
 */
function harness(outboxAtStart: PendingMessage[] = []) {
  const timers = manualTimers();
  const store = new MessageStore();
  const outboxWrites: PendingMessage[][] = [];
  const frames: MessageFrame[] = [];
  const log: Array<[number, string]> = [];
  const drawn = new Map<string, string>();
  const conn = { online: true };
  let ids = 0;
  const outgoing = new OutgoingMessages({
    store,
    outbox: { load: () => outboxAtStart, save: (messages) => outboxWrites.push(messages) },
    send: (frame) => {
      if (!conn.online) return false;
      frames.push(frame as MessageFrame);
      log.push([timers.now(), `sent ${(frame as MessageFrame).clientMessageId}`]);
      return true;
    },
    redraw: () => {
      for (const p of store.pendingMessages()) {
        if (drawn.get(p.clientMessageId) !== p.state)
          log.push([timers.now(), `${p.clientMessageId} ${p.state}`]);
        drawn.set(p.clientMessageId, p.state);
      }
    },
    reveal: () => undefined,
    timers,
    newId: () => `cid-${++ids}`,
  });
  return { timers, store, outgoing, outboxWrites, frames, log, conn };
}

type Step = [atMs: number, action: string];

/** Runs steps (`type`, `drop`, `reconnect`, `ack <id>`, `error <id> <code> [ms]`, `retry <id>`) and returns the log. */
function run(steps: Step[], untilMs = 60_000): Array<[number, string]> {
  const h = harness();
  let now = 0;
  for (const [at, action] of steps) {
    h.timers.advance(at - now);
    now = at;
    const [verb, id, code, ms] = action.split(' ');
    if (verb === 'type') h.outgoing.queue('hi', [], null);
    else if (verb === 'drop') h.conn.online = false;
    else if (verb === 'reconnect') {
      h.conn.online = true;
      h.outgoing.resendAll();
    } else if (verb === 'ack') {
      h.outgoing.settle(id);
      h.store.upsert(stored(id));
      h.outgoing.saveOutbox();
      h.log.push([now, `${id} stored`]);
    } else if (verb === 'error')
      h.outgoing.recoverFromError(id, code, ms === undefined ? undefined : Number(ms));
    else if (verb === 'retry') h.outgoing.retry(id);
    else throw new Error(`unknown step ${action}`);
  }
  h.timers.advance(untilMs - now);
  return h.log;
}

describe('OutgoingMessages', () => {
  it.each<[string, Step[], Array<[number, string]>]>([
    [
      'acked in time: stored, never shown as not sent',
      [
        [0, 'type'],
        [800, 'ack cid-1'],
      ],
      [
        [0, 'cid-1 sending'],
        [0, 'sent cid-1'],
        [800, 'cid-1 stored'],
      ],
    ],
    [
      'no ack within 15 s: shown as not sent, and resent with the same id on the next connection',
      [
        [0, 'type'],
        [20_000, 'drop'],
        [21_000, 'reconnect'],
      ],
      [
        [0, 'cid-1 sending'],
        [0, 'sent cid-1'],
        [15_000, 'cid-1 failed'],
        [21_000, 'sent cid-1'],
        [21_000, 'cid-1 sending'],
        [36_000, 'cid-1 failed'],
      ],
    ],
    [
      'written while offline: pending, no timeout, sent with its id when the connection is back',
      [
        [0, 'drop'],
        [100, 'type'],
        [30_000, 'reconnect'],
        [30_500, 'ack cid-1'],
      ],
      [
        [100, 'cid-1 sending'],
        [30_000, 'sent cid-1'],
        [30_500, 'cid-1 stored'],
      ],
    ],
    [
      'RATE_LIMITED: not sent for now, resent with the same id after retryAfterMs',
      [
        [0, 'type'],
        [200, 'error cid-1 RATE_LIMITED 2000'],
        [2_500, 'ack cid-1'],
      ],
      [
        [0, 'cid-1 sending'],
        [0, 'sent cid-1'],
        [200, 'cid-1 failed'],
        [2_200, 'cid-1 sending'],
        [2_200, 'sent cid-1'],
        [2_500, 'cid-1 stored'],
      ],
    ],
    [
      'UNAVAILABLE without retryAfterMs: resent after 5 s',
      [
        [0, 'type'],
        [100, 'error cid-1 UNAVAILABLE'],
        [5_200, 'ack cid-1'],
      ],
      [
        [0, 'cid-1 sending'],
        [0, 'sent cid-1'],
        [100, 'cid-1 failed'],
        [5_100, 'cid-1 sending'],
        [5_100, 'sent cid-1'],
        [5_200, 'cid-1 stored'],
      ],
    ],
    [
      'refused (INVALID_INPUT): not resent on reconnect, only by the visitor’s Retry',
      [
        [0, 'type'],
        [100, 'error cid-1 INVALID_INPUT'],
        [1_000, 'drop'],
        [2_000, 'reconnect'],
        [9_000, 'retry cid-1'],
        [9_100, 'ack cid-1'],
      ],
      [
        [0, 'cid-1 sending'],
        [0, 'sent cid-1'],
        [100, 'cid-1 rejected'],
        [9_000, 'cid-1 sending'],
        [9_000, 'sent cid-1'],
        [9_100, 'cid-1 stored'],
      ],
    ],
    [
      'Retry while offline: shown as sending, sent on the next connection',
      [
        [0, 'type'],
        [15_500, 'drop'],
        [16_000, 'retry cid-1'],
        [17_000, 'reconnect'],
        [17_100, 'ack cid-1'],
      ],
      [
        [0, 'cid-1 sending'],
        [0, 'sent cid-1'],
        [15_000, 'cid-1 failed'],
        [16_000, 'cid-1 sending'],
        [17_000, 'sent cid-1'],
        [17_100, 'cid-1 stored'],
      ],
    ],
  ])('%s', (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });

  it('keeps a new message in the outbox, draws it, brings it into view, then sends it', () => {
    const calls: string[] = [];
    const store = new MessageStore();
    const timers = manualTimers();
    timers.advance(Date.UTC(2025, 0, 1, 10));
    const outgoing = new OutgoingMessages({
      store,
      outbox: { load: () => [], save: (messages) => calls.push(`save ${messages.length}`) },
      send: () => calls.push('send') > 0,
      redraw: () => calls.push('redraw'),
      reveal: () => calls.push('reveal'),
      timers,
      newId: () => 'cid-1',
    });
    outgoing.queue('Hello', [], { name: 'Ada' });
    expect(calls.slice(0, 4)).toEqual(['save 1', 'redraw', 'reveal', 'send']);
    expect(store.pendingMessages()).toEqual([
      {
        clientMessageId: 'cid-1',
        text: 'Hello',
        attachments: [],
        createdAt: '2025-01-01T10:00:00.000Z',
        state: 'sending',
        prechat: { name: 'Ada' },
      },
    ]);
  });

  it('sends the text, attachments and prechat answers in the message frame', () => {
    const h = harness();
    const file = {
      fileId: 'f1',
      kind: 'file' as const,
      name: 'a.pdf',
      mimeType: null,
      sizeBytes: 3,
      url: '/f',
    };
    h.outgoing.queue(null, [file], { email: 'ada@example.com' });
    expect(h.frames).toEqual([
      {
        type: 'message',
        clientMessageId: 'cid-1',
        attachments: [{ fileId: 'f1' }],
        prechat: { email: 'ada@example.com' },
      },
    ]);
  });

  it('hands back the pending message it settles, so its prechat answers can be forgotten', () => {
    const h = harness();
    h.outgoing.queue('Hi', [], { name: 'Ada' });
    expect(h.outgoing.settle('cid-1')?.prechat).toEqual({ name: 'Ada' });
    h.store.upsert(stored('cid-1'));
    expect(h.outgoing.settle('cid-1')).toBeUndefined();
  });

  it('restores what an earlier page left and resends all of it but the refused, with the same ids', () => {
    const h = harness([saved('a', 'sending'), saved('b', 'failed'), saved('c', 'rejected')]);
    h.outgoing.restoreSaved();
    expect(h.store.pendingMessages().map((p) => p.clientMessageId)).toEqual(['a', 'b', 'c']);
    h.outgoing.resendAll();
    expect(h.frames.map((f) => [f.clientMessageId, f.text])).toEqual([
      ['a', 'text of a'],
      ['b', 'text of b'],
    ]);
  });

  it('discards the saved outbox (the host page called reset)', () => {
    const h = harness([saved('a', 'sending')]);
    h.outgoing.discardSaved();
    expect(h.outboxWrites).toEqual([[]]);
  });

  it('saves only what is still pending once the store settled a message', () => {
    const h = harness();
    h.outgoing.queue('one', [], null);
    h.outgoing.queue('two', [], null);
    h.store.upsert(stored('cid-1'));
    h.outgoing.saveOutbox();
    expect(h.outboxWrites.at(-1)?.map((p) => p.clientMessageId)).toEqual(['cid-2']);
  });

  it('stops its ack timeouts and scheduled resends', () => {
    const h = harness();
    h.outgoing.queue('one', [], null);
    h.outgoing.queue('two', [], null);
    h.outgoing.recoverFromError('cid-2', 'RATE_LIMITED', 1_000);
    const before = h.log.length;
    h.outgoing.stop();
    h.timers.advance(60_000);
    expect(h.log).toHaveLength(before);
    expect(h.store.pendingMessages().map((p) => p.state)).toEqual(['sending', 'failed']);
  });
});
