import type { CanonicalMessageEvent } from '../sdk';
import { mapMessengerWebhook } from './messenger-inbound.mapper';

const PAGE = '104857600123456';
const now = new Date('2024-06-01T12:00:00Z');
const map = (body: string | object) =>
  mapMessengerWebhook(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), {
    pageId: PAGE,
    now,
  });
const item = (message: object, sender = 'psid-1') => ({
  sender: { id: sender },
  recipient: { id: PAGE },
  timestamp: 1717243170000,
  message,
});
const page = (...messaging: unknown[]) => ({
  object: 'page',
  entry: [{ id: PAGE, time: 1717243171000, messaging }],
});

describe('mapMessengerWebhook', () => {
  it.each<[string, string | object]>([
    ['malformed JSON', '{"object":"page","entry":[{'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"page"'],
    ['entry that is not an array', { object: 'page', entry: { id: PAGE } }],
    ['no entry at all', { object: 'page' }],
  ])('rejects %s as a whole', (_name, body) => {
    expect(map(body).ok).toBe(false);
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['no sender', { recipient: { id: PAGE }, message: { mid: 'm_1', text: 'x' } }],
    ['a sender id that is an object', { sender: { id: {} }, message: { mid: 'm_1', text: 'x' } }],
    ['a message without mid', item({ text: 'x' })],
    ['a message with a numeric text', item({ mid: 'm_1', text: 5 })],
    ['an empty message', item({ mid: 'm_1' })],
    ['attachments that are not an array', item({ mid: 'm_1', attachments: 'x' })],
    ['a delivery without watermark', { sender: { id: 'psid-1' }, delivery: { mids: ['m_1'] } }],
    ['a read with a text watermark', { sender: { id: 'psid-1' }, read: { watermark: 'soon' } }],
    ['a postback without title and payload', { sender: { id: 'psid-1' }, postback: {} }],
  ])('skips %s and keeps the valid item beside it', (_name, bad) => {
    const result = map(page(bad, item({ mid: 'm_ok', text: 'valid' })));
    expect(result).toMatchObject({
      ok: true,
      events: [{ type: 'message', externalId: 'm_ok', text: 'valid' }],
    });
    expect(result.ok && result.skipped).toHaveLength(1);
    // The reasons name paths and rules, never the values sent.
    expect(JSON.stringify(result.ok && result.skipped)).not.toMatch(/valid|soon/);
  });

  it('makes text storable: no NUL, no lone surrogates', () => {
    const result = map(
      '{"object":"page","entry":[{"id":"' +
        PAGE +
        '","messaging":[{"sender":{"id":"p"},"timestamp":1,"message":{"mid":"m_1","text":"a\\u0000b\\ud800c"}}]}]}',
    );
    expect(result.ok && (result.events[0] as CanonicalMessageEvent).text).toBe('ab\ufffdc');
  });

  it('ignores unknown event types, echoes and other Pages without skipping them', () => {
    const result = map({
      object: 'page',
      entry: [
        {
          id: PAGE,
          messaging: [
            { sender: { id: 'p' }, optin: { ref: 'x' } },
            item({ mid: 'm_e', is_echo: true, text: 'hi' }),
          ],
        },
        { id: '1', messaging: [item({ mid: 'm_2', text: 'x' })] },
        { id: PAGE, standby: [] },
      ],
    });
    expect(result).toEqual({
      ok: true,
      events: [],
      skipped: [],
      ignored: { echoes: 1, otherPages: 1, otherTypes: 2 },
    });
  });

  it('maps a 3 MB batch item by item', () => {
    const messaging = Array.from({ length: 3000 }, (_, i) => item({ mid: `m_${i}`, text: 'x'.repeat(1000) }));
    const result = map(page(...messaging));
    expect(result.ok && result.events).toHaveLength(3000);
  });
});
