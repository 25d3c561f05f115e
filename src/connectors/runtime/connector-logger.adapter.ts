import type { Logger } from 'pino';
import type { ConnectorLogger } from '../sdk';

/**
 * A connector's logger: a pino child tagged with the connector and integration, which also blanks
 * any secret value that a connector might put into a message or field by mistake (rule 7).
 */
export function createConnectorLogger(
  root: Logger,
  tags: Record<string, string>,
  secretValues: string[],
): ConnectorLogger {
  const child = root.child(tags);
  const secrets = secretValues.filter((s) => s.length >= 4);
  const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  const scrubFields = (fields?: Record<string, unknown>) =>
    fields && secrets.length > 0
      ? (JSON.parse(scrub(JSON.stringify(fields))) as Record<string, unknown>)
      : fields;
  return {
    debug: (m, f) => child.debug(scrubFields(f) ?? {}, scrub(m)),
    info: (m, f) => child.info(scrubFields(f) ?? {}, scrub(m)),
    warn: (m, f) => child.warn(scrubFields(f) ?? {}, scrub(m)),
    error: (m, f) => child.error(scrubFields(f) ?? {}, scrub(m)),
  };
}
