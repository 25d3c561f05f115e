import { describe, expect, it } from '@jest/globals';
import type { UploadedFile } from '../shared/protocol';
import type { PendingMessage } from './message-store';
import {
  errorRecovery,
  messageFrame,
  newPendingMessage,
  RETRY_LATER_MS,
  resendsOnReconnect,
} from './outgoing-message-rules';

const photo: UploadedFile = {
  fileId: 'f1',
  kind: 'image',
  name: 'photo.png',
  mimeType: 'image/png',
  sizeBytes: 2048,
  url: '/files/f1?exp=1&sig=x',
};

const pending = (over: Partial<PendingMessage>): PendingMessage => ({
  clientMessageId: 'cid-1',
  text: null,
  attachments: [],
  createdAt: '2025-01-01T10:00:00.000Z',
  state: 'sending',
  ...over,
});

describe('newPendingMessage', () => {
  it.each<[string, string | null, UploadedFile[], Record<string, string | boolean> | null, PendingMessage]>([
    [
      'text, no prechat: no prechat key at all',
      'Hello',
      [],
      null,
      {
        clientMessageId: 'cid-1',
        text: 'Hello',
        attachments: [],
        createdAt: '2025-01-01T10:00:00.000Z',
        state: 'sending',
      },
    ],
    [
      'an attachment with the prechat answers',
      null,
      [photo],
      { name: 'Ada', consent: true },
      {
        clientMessageId: 'cid-1',
        text: null,
        attachments: [photo],
        createdAt: '2025-01-01T10:00:00.000Z',
        state: 'sending',
        prechat: { name: 'Ada', consent: true },
      },
    ],
  ])('%s', (_name, text, attachments, prechat, expected) => {
    expect(newPendingMessage('cid-1', text, attachments, '2025-01-01T10:00:00.000Z', prechat)).toStrictEqual(
      expected,
    );
  });
});

describe('messageFrame', () => {
  it.each<[string, Partial<PendingMessage>, object]>([
    ['text only', { text: 'Hi' }, { type: 'message', clientMessageId: 'cid-1', text: 'Hi' }],
    [
      'empty text is left out',
      { text: '', attachments: [photo] },
      { type: 'message', clientMessageId: 'cid-1', attachments: [{ fileId: 'f1' }] },
    ],
    [
      'attachments as file ids only',
      { attachments: [photo, { ...photo, fileId: 'f2' }] },
      { type: 'message', clientMessageId: 'cid-1', attachments: [{ fileId: 'f1' }, { fileId: 'f2' }] },
    ],
    [
      'prechat rides along',
      { text: 'Hi', prechat: { email: 'ada@example.com' } },
      { type: 'message', clientMessageId: 'cid-1', text: 'Hi', prechat: { email: 'ada@example.com' } },
    ],
    [
      'its state is not sent',
      { text: 'Hi', state: 'failed' },
      { type: 'message', clientMessageId: 'cid-1', text: 'Hi' },
    ],
  ])('%s', (_name, over, expected) => {
    expect(messageFrame(pending(over))).toStrictEqual(expected);
  });
});

describe('errorRecovery', () => {
  it.each<[string, number | undefined, ReturnType<typeof errorRecovery>]>([
    ['RATE_LIMITED', 12_000, { state: 'failed', retryInMs: 12_000 }],
    ['RATE_LIMITED', undefined, { state: 'failed', retryInMs: RETRY_LATER_MS }],
    ['UNAVAILABLE', undefined, { state: 'failed', retryInMs: 5_000 }],
    ['UNAVAILABLE', 800, { state: 'failed', retryInMs: 800 }],
    ['INVALID_INPUT', undefined, { state: 'rejected' }],
    ['TOO_LARGE', 1_000, { state: 'rejected' }],
    ['NOT_FOUND', undefined, { state: 'rejected' }],
  ])('%s with retryAfterMs %p → %p', (code, retryAfterMs, expected) => {
    expect(errorRecovery(code, retryAfterMs)).toEqual(expected);
  });
});

describe('resendsOnReconnect', () => {
  it.each<[PendingMessage['state'], boolean]>([
    ['sending', true],
    ['failed', true],
    ['rejected', false],
  ])('%s → %p', (state, expected) => {
    expect(resendsOnReconnect(pending({ state }))).toBe(expected);
  });
});
