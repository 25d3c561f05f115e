import pino, { Logger } from 'pino';

/**
 * Paths pino replaces with [redacted]: tokens, secrets and message bodies and personal data never
 * reach the logs (rule 7).
 */
export const REDACT_PATHS = [
  'password',
  'token',
  'secret',
  'secrets',
  'text',
  'body',
  'email',
  'phone',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.signingSecret',
  '*.text',
  '*.body',
  '*.email',
  '*.phone',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["webhook-signature"]',
  'req.headers["x-hub-signature-256"]',
];

export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
