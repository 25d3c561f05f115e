import { ConnectorError, type HttpClient, type HttpResponse } from '../sdk';
import { createMemoryStateStore } from '../sdk/testing';
import { graphUrl, sendGraphParts } from './graph-send';

/** An HttpClient that answers each request with the next status, recording what it was sent. */
function scriptedHttp(statuses: number[]) {
  const sent: { url: string; authorization?: string; json: unknown }[] = [];
  const http: HttpClient = {
    async request(req) {
      sent.push({ url: req.url, authorization: req.headers?.authorization, json: req.json });
      const status = statuses.shift() ?? 200;
      const text = JSON.stringify({ id: `id_${sent.length}` });
      return {
        status,
        headers: {},
        body: Buffer.from(text),
        text: () => text,
        json: <T>() => JSON.parse(text) as T,
      } satisfies HttpResponse;
    },
  };
  return { http, sent };
}

const send = (parts: string[]) => ({
  idempotencyKey: 'msg_1',
  parts,
  url: 'https://graph.example/v21.0/me/messages',
  accessToken: 'EAAGtoken',
  errorOf: (res: HttpResponse) => new ConnectorError('transient', `failed with ${res.status}`),
  messageIdOf: (res: HttpResponse) => res.json<{ id: string }>().id,
});

describe('graphUrl', () => {
  it.each<[string, string]>([
    ['https://graph.facebook.com', 'https://graph.facebook.com/v21.0/me/messages'],
    ['https://graph.facebook.com//', 'https://graph.facebook.com/v21.0/me/messages'],
    ['http://127.0.0.1:4000/graph/', 'http://127.0.0.1:4000/graph/v21.0/me/messages'],
  ])('joins %s', (graphBaseUrl, url) => {
    expect(graphUrl({ graphBaseUrl, apiVersion: 'v21.0' }, 'me/messages')).toBe(url);
  });
});

describe('sendGraphParts', () => {
  it('POSTs every part in order with the bearer token and returns the first id', async () => {
    const { http, sent } = scriptedHttp([]);
    const result = await sendGraphParts({ http, state: createMemoryStateStore() }, send(['a', 'b']));
    expect(result).toEqual({ providerMessageId: 'id_1' });
    expect(sent).toEqual([
      { url: 'https://graph.example/v21.0/me/messages', authorization: 'Bearer EAAGtoken', json: 'a' },
      { url: 'https://graph.example/v21.0/me/messages', authorization: 'Bearer EAAGtoken', json: 'b' },
    ]);
  });

  it('throws the product’s error, then resends only the parts that were not sent', async () => {
    const { http, sent } = scriptedHttp([200, 500, 200]);
    const ctx = { http, state: createMemoryStateStore() };
    await expect(sendGraphParts(ctx, send(['a', 'b']))).rejects.toThrow('failed with 500');
    expect(await sendGraphParts(ctx, send(['a', 'b']))).toEqual({ providerMessageId: 'id_1' });
    expect(sent.map((r) => r.json)).toEqual(['a', 'b', 'b']);
  });

  it('records nothing for a reply of one part', async () => {
    const { http, sent } = scriptedHttp([]);
    const ctx = { http, state: createMemoryStateStore() };
    await sendGraphParts(ctx, send(['a']));
    await sendGraphParts(ctx, send(['a']));
    expect(sent).toHaveLength(2);
  });
});
