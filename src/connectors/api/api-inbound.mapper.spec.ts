import { API_MAX_BATCH_SIZE, mapApiInboundBody } from './api-inbound.mapper';

const NOW = new Date('2024-06-01T12:00:00Z');
const map = (body: unknown) =>
  mapApiInboundBody(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), NOW);
const contact = { id: 'cus_42' };

describe('mapApiInboundBody', () => {
  it.each<[string, unknown, unknown[]]>([
    [
      'a text message with every field',
      {
        type: 'message',
        id: 'm1',
        contact: {
          id: 'cus_42',
          name: 'Ada',
          email: 'a@x.io',
          phone: '+1',
          avatarUrl: 'https://x.io/a.png',
          locale: 'en',
        },
        thread: 't1',
        text: 'Hi',
        sentAt: '2024-06-01T11:00:00.123Z',
        replyTo: 'm0',
        metadata: { k: 'v' },
        extra: 'ignored',
      },
      [
        {
          type: 'message',
          externalId: 'm1',
          contact: {
            externalId: 'cus_42',
            name: 'Ada',
            email: 'a@x.io',
            phone: '+1',
            avatarUrl: 'https://x.io/a.png',
            locale: 'en',
          },
          threadKey: 't1',
          text: 'Hi',
          occurredAt: new Date('2024-06-01T11:00:00.123Z'),
          replyToExternalId: 'm0',
          metadata: { k: 'v' },
        },
      ],
    ],
    [
      'a message without sentAt at the clock time',
      { type: 'message', id: 'm1', contact, text: 'Hi' },
      [{ type: 'message', externalId: 'm1', contact: { externalId: 'cus_42' }, text: 'Hi', occurredAt: NOW }],
    ],
    [
      'an attachment-only message',
      { type: 'message', id: 'm1', contact, attachments: [{ kind: 'file', url: 'https://x.io/f.pdf' }] },
      [
        {
          type: 'message',
          externalId: 'm1',
          contact: { externalId: 'cus_42' },
          attachments: [{ kind: 'file', url: 'https://x.io/f.pdf' }],
          occurredAt: NOW,
        },
      ],
    ],
    [
      'a typing event',
      { type: 'typing', contact, thread: 't1', state: 'off', occurredAt: '2024-06-01T13:00:00+01:00' },
      [
        {
          type: 'typing',
          contact: { externalId: 'cus_42' },
          threadKey: 't1',
          state: 'off',
          occurredAt: new Date('2024-06-01T12:00:00Z'),
        },
      ],
    ],
    [
      'a contact update',
      { type: 'contact.updated', contact: { id: 'cus_42', email: 'new@x.io' } },
      [{ type: 'contact_update', contact: { externalId: 'cus_42', email: 'new@x.io' }, occurredAt: NOW }],
    ],
    [
      'a delivery status',
      { type: 'message.status', messageId: 'r1', status: 'delivered' },
      [{ type: 'delivery_status', externalMessageId: 'r1', status: 'delivered', occurredAt: NOW }],
    ],
    ['an unknown type as nothing', { type: 'invoice.paid' }, []],
    ['an empty batch as nothing', { events: [] }, []],
  ])('maps %s', (_label, body, events) => {
    expect(map(body)).toMatchObject({ ok: true, events, skipped: [] });
  });

  it.each<[string, unknown, string[]]>([
    ['invalid JSON', '{"type":', ['the body is not valid JSON']],
    ['a JSON array', [], ['the body must be a JSON object: one event or { "events": [...] }']],
    ['a missing type', { id: 'm1' }, ['event.type must be a string']],
    ['events that is not an array', { events: {} }, ['events must be an array']],
    [
      'a message without id, contact id or content',
      { type: 'message', contact: {} },
      [
        'event.id must be a non-empty string',
        'event.contact.id must be a non-empty string',
        'event needs a text or at least one attachment',
      ],
    ],
    [
      'a message with a contact that is a string',
      { type: 'message', id: 'm', contact: 'cus_42', text: 'x' },
      ['event.contact must be an object with at least an id'],
    ],
    [
      'a timestamp without a zone',
      { type: 'message', id: 'm', contact, text: 'x', sentAt: '2024-06-01 12:00' },
      ['event.sentAt must be an ISO 8601 timestamp with a time zone, like 2024-06-01T12:00:00Z'],
    ],
    [
      'a bad attachment',
      {
        type: 'message',
        id: 'm',
        contact,
        attachments: [{ kind: 'sticker', url: 'ftp://x', sizeBytes: -1 }],
      },
      [
        'event.attachments[0].kind must be one of image, video, audio, file',
        'event.attachments[0].url must be an http(s) URL',
        'event.attachments[0].sizeBytes must be a non-negative integer when given',
      ],
    ],
    [
      'a typing state outside on/off',
      { type: 'typing', contact, state: 'maybe' },
      ['event.state must be one of on, off'],
    ],
    [
      'an unknown delivery status',
      { type: 'message.status', messageId: 'r1', status: 'seen' },
      ['event.status must be one of sent, delivered, read, failed'],
    ],
    [
      'metadata that is not an object',
      { type: 'message', id: 'm', contact, text: 'x', metadata: [1] },
      ['event.metadata must be an object when given'],
    ],
    [
      'a batch where every item is invalid',
      { events: [{ type: 'typing', contact }, 42] },
      ['events[0].state must be one of on, off', 'events[1] must be an object'],
    ],
    [
      'a batch that is too large',
      {
        events: Array.from({ length: API_MAX_BATCH_SIZE + 1 }, () => ({
          type: 'typing',
          contact,
          state: 'on',
        })),
      },
      [`events has ${API_MAX_BATCH_SIZE + 1} items; send at most ${API_MAX_BATCH_SIZE} per request`],
    ],
  ])('rejects %s with readable problems', (_label, body, problems) => {
    expect(map(body)).toEqual({ ok: false, problems });
  });

  it('keeps valid batch items, reports the skipped ones without their values, and counts ignored types', () => {
    const result = map({
      events: [
        { type: 'message', id: 'm1', contact, text: 'secret order 123' },
        { type: 'message', id: 'm2', contact: { id: '' }, text: 'private text' },
        { type: 'future.event' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      events: [
        {
          type: 'message',
          externalId: 'm1',
          contact: { externalId: 'cus_42' },
          text: 'secret order 123',
          occurredAt: NOW,
        },
      ],
      skipped: ['events[1].contact.id must be a non-empty string'],
      ignored: 1,
    });
  });

  it('keeps non-ASCII text exactly', () => {
    expect(
      map('{"type":"message","id":"m","contact":{"id":"c"},"text":"\\u00e9 ✓ </script>"}'),
    ).toMatchObject({
      events: [{ text: 'é ✓ </script>' }],
    });
  });
});
