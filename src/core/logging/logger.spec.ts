import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from './logger';

describe('log redaction', () => {
  it.each([
    [{ token: 'eyJsecret' }],
    [{ settings: { signingSecret: 'whsec_abc' } }],
    [{ message: { text: 'my card is 4242' } }],
    [{ contact: { email: 'a@b.c', phone: '+100' } }],
    [{ req: { headers: { authorization: 'Bearer eyJsecret' } } }],
  ])('hides %j', (fields) => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
    pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink).info(fields, 'hello');
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).not.toMatch(/eyJsecret|whsec_abc|4242|a@b\.c|\+100/);
  });
});
