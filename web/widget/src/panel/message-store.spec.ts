import { describe, expect, it } from '@jest/globals';
import type { WidgetMessage } from '../shared/protocol';
import { MessageStore, type PendingMessage } from './message-store';

const message = (over: Partial<WidgetMessage> & Pick<WidgetMessage, 'id' | 'seq'>): WidgetMessage => ({
  conversationId: 'c1',
  direction: 'outbound',
  author: { kind: 'agent', name: 'Ada', avatarUrl: null },
  text: `message ${over.seq}`,
  attachments: [],
  createdAt: `2025-01-01T10:00:${String(over.seq).padStart(2, '0')}Z`,
  clientMessageId: null,
  status: 'sent',
  ...over,
});

const pending = (clientMessageId: string): PendingMessage => ({
  clientMessageId,
  text: 'hi',
  attachments: [],
  createdAt: '2025-01-01T10:05:00Z',
  state: 'sending',
});

const keys = (store: MessageStore): string[] => store.entries().map((e) => e.key);

describe('MessageStore', () => {
  it.each([
    ['in seq order already', [1, 2, 3], ['m1', 'm2', 'm3']],
    ['out of order (a resume after a reconnect)', [3, 1, 2], ['m1', 'm2', 'm3']],
    ['with duplicates (the same frame twice)', [1, 2, 2, 1, 3], ['m1', 'm2', 'm3']],
  ])('orders by seq and dedupes by id: %s', (_name, seqs, expected) => {
    const store = new MessageStore();
    for (const seq of seqs) store.upsert(message({ id: `m${seq}`, seq }));
    expect(keys(store)).toEqual(expected);
  });

  it('reports whether an id was new, so a replayed message is not announced twice', () => {
    const store = new MessageStore();
    expect(store.upsert(message({ id: 'm1', seq: 1 }))).toBe(true);
    expect(store.upsert(message({ id: 'm1', seq: 1, status: 'read' }))).toBe(false);
    expect(store.entries()).toHaveLength(1);
  });

  it('keeps an older conversation before a newer one, whatever their seqs', () => {
    const store = new MessageStore();
    store.upsert(message({ id: 'new1', seq: 1, conversationId: 'c2', createdAt: '2025-02-01T00:00:00Z' }));
    store.upsert(message({ id: 'old5', seq: 5, conversationId: 'c1', createdAt: '2025-01-01T00:00:05Z' }));
    store.upsert(message({ id: 'old4', seq: 4, conversationId: 'c1', createdAt: '2025-01-01T00:00:04Z' }));
    expect(keys(store)).toEqual(['old4', 'old5', 'new1']);
    expect(store.maxSeq('c2')).toBe(1);
    expect(store.maxSeq('c1')).toBe(5);
  });

  it('shows pending messages last and settles them, same key, when the hub stores them', () => {
    const store = new MessageStore();
    store.upsert(message({ id: 'm1', seq: 1 }));
    store.addPending(pending('cid-a'));
    store.addPending(pending('cid-b'));
    expect(store.entries().map((e) => [e.kind, e.key])).toEqual([
      ['message', 'm1'],
      ['pending', 'cid-a'],
      ['pending', 'cid-b'],
    ]);
    store.upsert(message({ id: 'm2', seq: 2, direction: 'inbound', clientMessageId: 'cid-a' }));
    expect(store.entries().map((e) => [e.kind, e.key])).toEqual([
      ['message', 'm1'],
      ['message', 'cid-a'],
      ['pending', 'cid-b'],
    ]);
    expect(store.pendingMessages().map((p) => p.clientMessageId)).toEqual(['cid-b']);
  });

  it('counts unread agent messages above the read seq, not the visitor’s own or those read elsewhere', () => {
    const store = new MessageStore();
    store.upsert(message({ id: 'a1', seq: 1 }));
    store.upsert(
      message({
        id: 'v2',
        seq: 2,
        direction: 'inbound',
        author: { kind: 'contact', name: null, avatarUrl: null },
      }),
    );
    store.upsert(message({ id: 'a3', seq: 3 }));
    store.upsert(message({ id: 'a4', seq: 4, status: 'read' }));
    store.upsert(message({ id: 'a5', seq: 5 }));
    expect(store.unreadCount('c1', 0)).toBe(3);
    expect(store.unreadCount('c1', 3)).toBe(1);
    expect(store.maxOutboundSeq('c1')).toBe(5);
    expect(store.unreadCount('other', 0)).toBe(0);
  });
});
