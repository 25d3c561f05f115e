import { describe, expect, it } from '@jest/globals';
import {
  locationText,
  mapWhatsappWebAck,
  mapWhatsappWebMessage,
  vcardText,
  type InboundFilter,
} from './whatsapp-web-inbound.mapper';
import { fakeWaMessage } from './testing/fake-whatsapp-web.client';
import type { WaAck } from './whatsapp-web-client.port';

const NONE: InboundFilter = { includeGroups: false, includeStatusBroadcasts: false };
const ALL: InboundFilter = { includeGroups: true, includeStatusBroadcasts: true };
const GROUP = '120363025555555555@g.us';
const ADA = '4915112345678@c.us';

describe('mapWhatsappWebMessage', () => {
  it.each([
    ['own message', fakeWaMessage({ fromMe: true, from: '4930123456789@c.us', to: ADA }), ALL, 'from-me'],
    ['group by default', fakeWaMessage({ from: GROUP, author: ADA, body: 'hi' }), NONE, 'group'],
    [
      'status by default',
      fakeWaMessage({ from: 'status@broadcast', author: ADA, isStatus: true }),
      NONE,
      'status',
    ],
    ['deleted message', fakeWaMessage({ type: 'revoked' }), ALL, 'not-a-message'],
    ['encryption notice', fakeWaMessage({ type: 'e2e_notification' }), ALL, 'not-a-message'],
    ['not yet decrypted', fakeWaMessage({ type: 'ciphertext' }), ALL, 'not-a-message'],
  ])('ignores %s', (_name, message, filter, reason) => {
    expect(mapWhatsappWebMessage(message, filter)).toEqual({ kind: 'ignored', reason });
  });

  it.each([
    [
      'a one-to-one chat',
      fakeWaMessage({ body: 'Hallo' }),
      NONE,
      { externalId: ADA, phone: '+4915112345678' },
    ],
    [
      'a group, as the group',
      fakeWaMessage({ from: GROUP, author: ADA, body: 'Hallo' }),
      ALL,
      { externalId: GROUP },
    ],
    [
      'a privacy id (no phone number)',
      fakeWaMessage({ from: '123456789012345@lid', body: 'Hallo' }),
      NONE,
      { externalId: '123456789012345@lid' },
    ],
  ])('maps a message from %s', (_name, message, filter, contact) => {
    const mapped = mapWhatsappWebMessage(message, filter);
    expect(mapped.kind).toBe('event');
    if (mapped.kind !== 'event') return;
    expect(mapped.event.contact).toEqual(contact);
    expect(mapped.event.externalId).toBe(message.id._serialized);
    expect(mapped.event.occurredAt).toEqual(new Date(message.timestamp * 1000));
  });

  it('keeps the serialized id with the participant for group messages, so each member message is distinct', () => {
    const message = fakeWaMessage({ from: GROUP, author: ADA, id: 'ABC', body: 'x' });
    const mapped = mapWhatsappWebMessage(message, ALL);
    expect(mapped).toMatchObject({ kind: 'event', event: { externalId: `false_${GROUP}_ABC_${ADA}` } });
  });
});

describe('text renderings', () => {
  it.each([
    [{ latitude: 52.52, longitude: 13.405 }, '📍 https://maps.google.com/?q=52.52,13.405'],
    [
      { latitude: '48.8584', longitude: '2.2945', name: 'Tour Eiffel' },
      '📍 Tour Eiffel\nhttps://maps.google.com/?q=48.8584,2.2945',
    ],
  ])('location %#', (location, text) => {
    expect(locationText(location)).toBe(text);
  });

  it.each([
    [
      'BEGIN:VCARD\nFN:Ada Lovelace\nTEL;type=CELL:+44 20 7946 0000\nEND:VCARD',
      'Contact: Ada Lovelace, +44 20 7946 0000',
    ],
    [
      'BEGIN:VCARD\r\nFN:Grace\r\n  Hopper\r\nitem1.TEL:+1 555 0100\r\nitem2.TEL:+1 555 0101\r\nEND:VCARD',
      'Contact: Grace Hopper, +1 555 0100, +1 555 0101',
    ],
    ['BEGIN:VCARD\nEND:VCARD', 'Contact: unnamed'],
  ])('vcard %#', (vcard, text) => {
    expect(vcardText(vcard)).toBe(text);
  });
});

describe('mapWhatsappWebAck', () => {
  const at = new Date('2024-06-01T12:00:00Z');
  const ours = fakeWaMessage({ fromMe: true, from: '4930123456789@c.us', to: ADA, id: 'SENT1' });
  it.each<[WaAck, string | null]>([
    [-1, 'failed'],
    [0, null],
    [1, 'sent'],
    [2, 'delivered'],
    [3, 'read'],
    [4, 'read'],
  ])('ack %i → %s', (ack, status) => {
    const event = mapWhatsappWebAck(ours, ack, at);
    expect(event?.status ?? null).toBe(status);
    if (event) expect(event.externalMessageId).toBe(`true_${ADA}_SENT1`);
  });

  it('ignores acks of messages we did not send', () => {
    expect(mapWhatsappWebAck(fakeWaMessage({ id: 'IN1' }), 3, at)).toBeNull();
  });
});
