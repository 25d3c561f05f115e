import { DomainError } from '../errors/domain-error';
import type { StoredAttachment } from './message.entity';
import { MAX_TEXT_LENGTH, validateOutgoing } from './send-message.service';

const ok = { clientMessageId: 'c-1', text: 'Hello' };
const image = (url: string): StoredAttachment => ({ kind: 'image', url });

describe('validateOutgoing', () => {
  it('takes an uploaded file by id, with or without text', () => {
    const fileId = '3f1c2b9e-8d4a-4c1e-9b7f-0a1b2c3d4e5f';
    expect(validateOutgoing({ clientMessageId: 'c-2', text: '', attachments: [{ fileId }] })).toEqual({
      clientMessageId: 'c-2',
      text: '',
      attachments: [{ kind: 'file', fileId }],
      fileIds: [fileId],
    });
  });

  it('trims text and clientMessageId', () => {
    expect(validateOutgoing({ clientMessageId: ' c-1 ', text: '  Hi there \n' })).toEqual({
      clientMessageId: 'c-1',
      text: 'Hi there',
      attachments: [],
      fileIds: [],
    });
  });

  it('accepts exactly the maximum length after trimming', () => {
    expect(validateOutgoing({ ...ok, text: ` ${'x'.repeat(MAX_TEXT_LENGTH)} ` }).text).toHaveLength(
      MAX_TEXT_LENGTH,
    );
  });

  it.each<[string, Parameters<typeof validateOutgoing>[0], RegExp]>([
    ['blank text', { ...ok, text: '   \n ' }, /text must not be empty/],
    ['text over the limit', { ...ok, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, /at most 10000 characters/],
    ['an empty clientMessageId', { ...ok, clientMessageId: ' ' }, /clientMessageId/],
    ['a long clientMessageId', { ...ok, clientMessageId: 'x'.repeat(101) }, /clientMessageId/],
    [
      'eleven attachments',
      { ...ok, attachments: Array.from({ length: 11 }, () => image('https://cdn.example/a.png')) },
      /at most 10 attachments/,
    ],
    [
      'a non-http attachment',
      { ...ok, attachments: [image('javascript:alert(1)')] },
      /attachments\[0\] needs a fileId or an http\(s\) url/,
    ],
    [
      'a malformed fileId',
      { ...ok, attachments: [{ fileId: '../../etc/passwd' }] },
      /attachments\[0\]\.fileId/,
    ],
    [
      'an unknown kind',
      { ...ok, attachments: [{ kind: 'sticker' as 'image', url: 'https://x.example/a' }] },
      /attachments\[0\]\.kind/,
    ],
    [
      'a negative size',
      { ...ok, attachments: [{ ...image('https://x.example/a'), sizeBytes: -1 }] },
      /sizeBytes/,
    ],
    ['no text and no attachment', { ...ok, text: ' ', attachments: [] }, /text must not be empty/],
  ])('rejects %s', (_name, input, message) => {
    expect(() => validateOutgoing(input)).toThrow(DomainError);
    expect(() => validateOutgoing(input)).toThrow(message);
  });
});
