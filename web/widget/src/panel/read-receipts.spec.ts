import { describe, expect, it } from '@jest/globals';
import type { WidgetMessage } from '../shared/protocol';
import { MessageStore } from './message-store';
import { ReadReceipts } from './read-receipts';

const agentMessage = (
  conversationId: string,
  seq: number,
  status: WidgetMessage['status'] = 'sent',
): WidgetMessage => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  direction: 'outbound',
  author: { kind: 'agent', name: 'Ada', avatarUrl: null },
  text: `reply ${seq}`,
  attachments: [],
  createdAt: `2025-01-01T10:00:${String(seq).padStart(2, '0')}Z`,
  clientMessageId: null,
  status,
});

/** One `update` call: the conversation shown, whether the visitor sees it, whether a path works. */
type Update = { conversationId: string | null; seen: boolean; online?: boolean };

function run(messages: WidgetMessage[], updates: Update[]): { reads: number[]; badge: number[] } {
  const store = new MessageStore();
  for (const m of messages) store.upsert(m);
  const reads: number[] = [];
  const badge: number[] = [];
  let online = true;
  const receipts = new ReadReceipts(
    store,
    (frame) => online && reads.push(frame.seq) > 0,
    (count) => badge.push(count),
  );
  for (const update of updates) {
    online = update.online ?? true;
    receipts.update(update.conversationId, update.seen);
  }
  return { reads, badge };
}

const three = [agentMessage('c1', 1), agentMessage('c1', 2), agentMessage('c1', 3)];

describe('ReadReceipts', () => {
  it.each<[string, WidgetMessage[], Update[], { reads: number[]; badge: number[] }]>([
    [
      'seen: reads up to the last agent message, badge 0',
      three,
      [{ conversationId: 'c1', seen: true }],
      { reads: [3], badge: [0] },
    ],
    [
      'not seen (closed or hidden tab): no receipt, badge counts them',
      three,
      [{ conversationId: 'c1', seen: false }],
      { reads: [], badge: [3] },
    ],
    [
      'no conversation yet: nothing to read, badge 0',
      [],
      [{ conversationId: null, seen: true }],
      { reads: [], badge: [0] },
    ],
    [
      'the badge is told only when the count changes',
      three,
      [
        { conversationId: 'c1', seen: false },
        { conversationId: 'c1', seen: false },
        { conversationId: 'c1', seen: true },
        { conversationId: 'c1', seen: true },
      ],
      { reads: [3], badge: [3, 0] },
    ],
    [
      'a receipt that could not be sent is sent on a later update',
      three,
      [
        { conversationId: 'c1', seen: true, online: false },
        { conversationId: 'c1', seen: true },
      ],
      { reads: [3], badge: [3, 0] },
    ],
    [
      'messages read elsewhere do not count in the badge',
      [agentMessage('c1', 1, 'read'), agentMessage('c1', 2)],
      [{ conversationId: 'c1', seen: false }],
      { reads: [], badge: [1] },
    ],
  ])('%s', (_name, messages, updates, expected) => {
    expect(run(messages, updates)).toEqual(expected);
  });

  it('starts again from nothing read when another conversation starts', () => {
    const store = new MessageStore();
    for (const m of [...three, agentMessage('c2', 1), agentMessage('c2', 2)]) store.upsert(m);
    const reads: number[] = [];
    const receipts = new ReadReceipts(
      store,
      (frame) => reads.push(frame.seq) > 0,
      () => undefined,
    );
    receipts.update('c1', true);
    receipts.update('c2', true);
    receipts.restart();
    receipts.update('c2', true);
    expect(reads).toEqual([3, 2]);
  });
});
