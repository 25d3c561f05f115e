import { createCapturingLogger } from '../sdk/testing';
import { isConnectorError, type CanonicalEvent } from '../sdk';
import {
  dropUndefined,
  isJsonObject,
  mapMetaWebhook,
  readMetaWebhookBody,
  usableWebhookMapping,
} from './meta-webhook-body';

describe('readMetaWebhookBody', () => {
  it.each<[string, string, ReturnType<typeof readMetaWebhookBody>]>([
    ['entries of the product', '{"object":"page","entry":[1,{}]}', { kind: 'entries', entries: [1, {}] }],
    ['another product', '{"object":"instagram"}', { kind: 'other-object' }],
    ['malformed JSON', '{"object":', { kind: 'invalid', problem: 'the body is not valid JSON' }],
    ['an empty body', '', { kind: 'invalid', problem: 'the body is not valid JSON' }],
    ['a JSON array', '[]', { kind: 'invalid', problem: 'the body must be a JSON object' }],
    ['no entry', '{"object":"page"}', { kind: 'invalid', problem: 'entry must be an array' }],
  ])('reads %s', (_name, body, expected) => {
    expect(readMetaWebhookBody(Buffer.from(body, 'utf8'), 'page')).toEqual(expected);
  });
});

describe('mapMetaWebhook', () => {
  const product = {
    object: 'page',
    ignored: { otherPages: 0, otherTypes: 0 },
    otherObject: 'otherTypes' as const,
  };
  const event: CanonicalEvent = {
    type: 'message',
    externalId: 'm',
    contact: { externalId: 'p' },
    text: 'x',
    occurredAt: new Date(0),
  };
  const map = (body: string) =>
    mapMetaWebhook(Buffer.from(body), product, (entry, at, record) => {
      if (entry.id !== '1') return record({ ignored: 'otherPages' });
      record({ problem: `${at} is the problem` });
      record({ events: [event] });
    });

  it('records every entry’s items and skips entries that are not objects', () => {
    expect(map('{"object":"page","entry":[{"id":"1"},null,{"id":"2"}]}')).toEqual({
      ok: true,
      events: [event],
      skipped: ['entry[0] is the problem', 'entry[1] must be an object'],
      ignored: { otherPages: 1, otherTypes: 0 },
    });
  });

  it('counts another product’s body under its reason, and passes on an unusable body', () => {
    expect(map('{"object":"instagram"}')).toEqual({
      ok: true,
      events: [],
      skipped: [],
      ignored: { otherPages: 0, otherTypes: 1 },
    });
    expect(map('[]')).toEqual({ ok: false, problem: 'the body must be a JSON object' });
  });

  it('leaves the product’s zero counts alone', () => {
    map('{"object":"instagram"}');
    expect(product.ignored).toEqual({ otherPages: 0, otherTypes: 0 });
  });
});

describe('isJsonObject and dropUndefined', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [[], false],
    [null, false],
    ['{}', false],
  ])('isJsonObject(%p) is %p', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });

  it('drops undefined fields only', () => {
    expect(dropUndefined({ a: undefined, b: null, c: 0, d: '' })).toEqual({ b: null, c: 0, d: '' });
    expect(Object.keys(dropUndefined({ a: undefined, b: 1 }))).toEqual(['b']);
  });
});

describe('usableWebhookMapping', () => {
  const logger = createCapturingLogger();

  it('throws a permanent error naming the product when nothing is usable', () => {
    const rejection = (() => {
      try {
        return usableWebhookMapping({ ok: false, problem: 'entry must be an array' }, 'Messenger', logger);
      } catch (e) {
        return e;
      }
    })();
    expect(isConnectorError(rejection) && rejection.kind).toBe('permanent');
    expect(isConnectorError(rejection) && rejection.message).toBe(
      'Request body is not a Messenger webhook: entry must be an array',
    );
  });

  it('returns a usable mapping, skipped items and all', () => {
    const mapping = { ok: true as const, events: [], skipped: ['entry[0] must be an object'], ignored: {} };
    expect(usableWebhookMapping(mapping, 'WhatsApp', logger)).toBe(mapping);
  });
});
