import type { ConversationPosition } from '../../core/conversations/conversation.repository';
import { DomainError } from '../../core/errors/domain-error';
import { decodeConversationCursor, encodeConversationCursor } from './conversation-cursor.codec';

const id = '0b6f4f3e-6f1d-4a53-9d3e-4f8e2a9b1c7d';
const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('conversation cursors', () => {
  it.each<[ConversationPosition]>([
    [{ sortKey: '2025-11-29T10:11:12.123456Z', id }],
    [{ sortKey: null, id }],
  ])('round-trips %j', (position) => {
    const cursor = encodeConversationCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeConversationCursor(cursor)).toEqual(position);
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['another version', raw(`cv2:["2025-11-29T10:11:12.123456Z","${id}"]`)],
    ['broken JSON', raw('cv1:[')],
    ['a millisecond timestamp', raw(`cv1:["2025-11-29T10:11:12.123Z","${id}"]`)],
    ['SQL in the sort key', raw(`cv1:["2025-11-29'; drop table x","${id}"]`)],
    ['a non-uuid id', raw('cv1:[null,"42"]')],
    ['three elements', raw(`cv1:[null,"${id}",1]`)],
    ['an object', raw(`cv1:{"id":"${id}"}`)],
    ['empty', ''],
  ])('rejects %s as INVALID_INPUT', (_name, cursor) => {
    expect(() => decodeConversationCursor(cursor)).toThrow(DomainError);
    expect(() => decodeConversationCursor(cursor)).toThrow(/not a cursor this API returned/);
  });
});
