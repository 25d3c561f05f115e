import { Writable } from 'node:stream';
import pino from 'pino';
import { createConnectorLogger } from './connector-logger.adapter';

describe('createConnectorLogger', () => {
  function capture() {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
    return { root: pino({ level: 'debug' }, sink), lines };
  }

  it.each([
    [
      'the message',
      (log: ReturnType<typeof createConnectorLogger>) => log.warn('token whsec_s3cr3tvalue rejected'),
    ],
    [
      'a field',
      (log: ReturnType<typeof createConnectorLogger>) =>
        log.info('calling', { header: 'Bearer whsec_s3cr3tvalue' }),
    ],
    [
      'a nested field',
      (log: ReturnType<typeof createConnectorLogger>) =>
        log.error('failed', { cfg: { k: ['whsec_s3cr3tvalue'] } }),
    ],
  ])('blanks a secret value in %s and tags the line', (_where, write) => {
    const { root, lines } = capture();
    write(createConnectorLogger(root, { connector: 'api', integrationId: 'i-1' }, ['whsec_s3cr3tvalue']));
    expect(lines.join('')).not.toContain('s3cr3t');
    expect(lines.join('')).toContain('[redacted]');
    expect(JSON.parse(lines[0])).toMatchObject({ connector: 'api', integrationId: 'i-1' });
  });
});
