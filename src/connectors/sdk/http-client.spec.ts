import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isConnectorError } from './connector-error';
import { createHttpClient } from './http-client';
import { createFakeProviderServer } from './testing/fake-provider-server';

describe('createHttpClient', () => {
  const server = createFakeProviderServer();
  let host: string;

  beforeAll(async () => {
    host = new URL(await server.start()).host;
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it('returns non-2xx replies with lower-cased headers instead of throwing', async () => {
    server.setDefaultReply({ status: 422, headers: { 'X-Request-Id': 'r1' }, body: { error: 'bad' } });
    const res = await createHttpClient({ allowedHosts: [host] }).request({
      method: 'GET',
      url: `${server.baseUrl}/x`,
    });
    expect(res.status).toBe(422);
    expect(res.headers['x-request-id']).toBe('r1');
    expect(res.json()).toEqual({ error: 'bad' });
    expect(res.text()).toBe('{"error":"bad"}');
  });

  it('sends a string body byte for byte, so signatures over it hold', async () => {
    const body = '{ "b": 1,\n  "a": "é/<" }  ';
    await createHttpClient({ allowedHosts: [host] }).request({
      method: 'POST',
      url: `${server.baseUrl}/hook`,
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(server.requests[0].body.equals(Buffer.from(body, 'utf8'))).toBe(true);
  });

  it('serialises json with a JSON content type', async () => {
    await createHttpClient({ allowedHosts: [host] }).request({
      method: 'PUT',
      url: `${server.baseUrl}/j`,
      json: { a: 1 },
    });
    expect(server.requests[0]).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
    });
    expect(server.requests[0].json()).toEqual({ a: 1 });
  });

  it('does not follow redirects', async () => {
    server.setDefaultReply({ status: 302, headers: { location: `${server.baseUrl}/landed` } });
    const res = await createHttpClient({ allowedHosts: [host] }).request({
      method: 'GET',
      url: `${server.baseUrl}/r`,
    });
    expect(res.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [
      'a host outside the allowed hosts',
      'http://203.0.113.1/bot123:SECRET/send?token=SECRET',
      /Host 203\.0\.113\.1 is not in the connector's allowed hosts/,
    ],
    ['a non-http scheme', 'file:///etc/passwd', /must use http or https/],
    ['a relative URL', '/relative', /not a valid absolute URL/],
  ])('refuses %s with a config error that quotes no path or query', async (_label, url, message) => {
    const error = await createHttpClient({ allowedHosts: [host] })
      .request({ method: 'GET', url })
      .catch((e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('config');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('SECRET');
  });

  it('turns a refused connection into a transient error', async () => {
    const closed = createFakeProviderServer();
    const closedUrl = await closed.start();
    await closed.stop();
    const error = await createHttpClient({ allowedHosts: [new URL(closedUrl).host] })
      .request({ method: 'GET', url: `${closedUrl}/x?token=SECRET` })
      .catch((e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('transient');
    expect((error as Error).message).not.toContain('SECRET');
  });

  describe('with a server that never answers', () => {
    let silent: Server;
    let silentUrl: string;
    beforeAll(async () => {
      silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('turns a timeout into a transient error', async () => {
      const error = await createHttpClient({ allowedHosts: [new URL(silentUrl).host], timeoutMs: 50 })
        .request({ method: 'GET', url: silentUrl })
        .catch((e: unknown) => e);
      expect(isConnectorError(error) && error.kind).toBe('transient');
      expect((error as Error).message).toMatch(/timed out after 50 ms/);
    });
  });

  it('refuses a response larger than maxResponseBytes', async () => {
    server.setDefaultReply({ status: 200, body: 'x'.repeat(2048) });
    const error = await createHttpClient({ allowedHosts: [host], maxResponseBytes: 1024 })
      .request({ method: 'GET', url: `${server.baseUrl}/big` })
      .catch((e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('permanent');
  });

  it('throws a permanent error when json() reads a non-JSON body', async () => {
    server.setDefaultReply({ status: 200, body: 'OK' });
    const res = await createHttpClient({ allowedHosts: [host] }).request({
      method: 'GET',
      url: `${server.baseUrl}/`,
    });
    expect(() => res.json()).toThrow(expect.objectContaining({ kind: 'permanent' }));
  });
});
