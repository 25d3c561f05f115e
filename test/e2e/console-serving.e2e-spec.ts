import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startHub, TestHub } from '../support/hub';

/** The hub serves the built agent console at /console with a strict CSP (issue 4, safety). */
describe('agent console files', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startHub({ HUB_ROLE: 'api' });
  });
  afterAll(() => hub.close());

  it.each(['/console', '/console/', '/console/chats/42'])(
    'serves the app for %s with a strict CSP',
    async (path) => {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      const html = await res.text();
      expect(html).toContain('/console/assets/');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    },
  );

  it('serves the hashed assets and nothing outside them', async () => {
    const asset = readdirSync(join(__dirname, '..', '..', 'dist', 'web', 'console', 'assets')).find((f) =>
      f.endsWith('.js'),
    );
    const ok = await fetch(`${hub.url}/console/assets/${asset}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/javascript/);
    expect(ok.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${hub.url}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${hub.url}/console/assets/..%2f..%2f..%2fpackage.json`)).status).toBe(404);
  });
});
