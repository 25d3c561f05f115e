import { describe, expect, it } from '@jest/globals';
import type { Message } from '../api/hub-types';
import { MessageLog } from './message-log';

function message(seq: number, patch: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    direction: 'INBOUND',
    authorKind: 'CONTACT',
    authorAgentId: null,
    clientMessageId: null,
    text: `message ${seq}`,
    private: false,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, seq)).toISOString(),
    deliveryStatus: null,
    failureReason: null,
    attachments: [],
    ...patch,
  };
}

const seqs = (log: MessageLog) => log.list().map((m) => m.seq);

describe('MessageLog', () => {
  it('lists messages by seq whatever order they arrive in', () => {
    const log = new MessageLog('c1');
    log.upsert([message(3), message(1)]);
    log.upsert([message(2)]);
    expect(seqs(log)).toEqual([1, 2, 3]);
  });

  it('keeps a message fetched twice once (catch-up overlapping a live refresh)', () => {
    const log = new MessageLog('c1');
    log.upsert([message(1), message(2)]);
    const changed = log.upsert([message(2), message(3)]);
    expect(changed).toBe(true);
    expect(seqs(log)).toEqual([1, 2, 3]);
    expect(log.size).toBe(3);
  });

  it('reports no change when the same messages come again', () => {
    const log = new MessageLog('c1');
    log.upsert([message(1), message(2)]);
    expect(log.upsert([message(1), message(2)])).toBe(false);
  });

  it('ignores messages of another conversation', () => {
    const log = new MessageLog('c1');
    log.upsert([message(1), message(2, { conversationId: 'c2', id: 'other' })]);
    expect(seqs(log)).toEqual([1]);
  });

  it('knows the seq range to resume from and to load earlier messages from', () => {
    const log = new MessageLog('c1');
    expect([log.minSeq(), log.maxSeq()]).toEqual([0, 0]);
    log.upsert([message(41), message(43), message(42)]);
    expect([log.minSeq(), log.maxSeq()]).toEqual([41, 43]);
  });

  it.each<[string, Message['deliveryStatus'], Message['deliveryStatus'], Message['deliveryStatus']]>([
    ['moves forward', 'SENT', 'DELIVERED', 'DELIVERED'],
    ['never moves back after a late answer', 'READ', 'SENT', 'READ'],
    ['records a failure of a pending reply', 'PENDING', 'FAILED', 'FAILED'],
    ['lets a retried reply recover from failed', 'FAILED', 'SENT', 'SENT'],
  ])('delivery status %s', (_name, held, incoming, expected) => {
    const log = new MessageLog('c1');
    const outbound = { direction: 'OUTBOUND' as const, authorKind: 'AGENT' as const };
    log.upsert([message(1, { ...outbound, deliveryStatus: held })]);
    log.upsert([message(1, { ...outbound, deliveryStatus: incoming })]);
    expect(log.list()[0].deliveryStatus).toBe(expected);
  });

  it('finds a stored message by the clientMessageId the composer gave it', () => {
    const log = new MessageLog('c1');
    log.upsert([message(1, { clientMessageId: 'client-1' })]);
    expect(log.hasClientMessageId('client-1')).toBe(true);
    expect(log.hasClientMessageId('client-2')).toBe(false);
  });
});
