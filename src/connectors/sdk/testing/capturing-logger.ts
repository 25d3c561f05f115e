import type { ConnectorLogger } from '../connector-logger';

/** One line a {@link CapturingLogger} recorded. */
export interface CapturedLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * A {@link ConnectorLogger} that records lines instead of printing them; the conformance kit scans
 * them for leaked secrets. Prefer asserting on behaviour over asserting on log lines.
 *
 * @example
 * ```ts
 * const logger = createCapturingLogger();
 * const ctx = buildContext(definition, settings, { logger });
 * ...
 * expect(JSON.stringify(logger.lines)).not.toContain(settings.apiKey);
 * ```
 */
export interface CapturingLogger extends ConnectorLogger {
  readonly lines: CapturedLogLine[];
  clear(): void;
}

/** Creates a {@link CapturingLogger}; pass `sink` to also append every line to a shared array. */
export function createCapturingLogger(opts: { sink?: CapturedLogLine[] } = {}): CapturingLogger {
  const lines: CapturedLogLine[] = [];
  const record = (level: CapturedLogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    const line: CapturedLogLine = fields === undefined ? { level, message } : { level, message, fields };
    lines.push(line);
    opts.sink?.push(line);
  };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    clear() {
      lines.length = 0;
    },
  };
}
