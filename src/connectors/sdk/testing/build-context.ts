import { resolveAllowedHosts } from '../allowed-hosts';
import { systemClock } from '../clock';
import type { ConnectorContext } from '../connector-context';
import type { ConnectorDefinition } from '../define-connector';
import { createHttpClient } from '../http-client';
import { validateSettings } from '../settings-schema';
import { createCapturingLogger } from './capturing-logger';
import { createMemoryStateStore } from './memory-state-store';

/**
 * Builds the context the host would give a connector: the input is validated with the
 * connector's schema (defaults applied, missing `generate` secrets generated) and merged with the
 * secrets, and `http` is the real client limited to the manifest's resolved allowed hosts.
 * Throws when the settings are invalid. Override any part, for example a clock or a logger you keep
 * a reference to.
 *
 * @example
 * ```ts
 * const logger = createCapturingLogger();
 * const ctx = buildContext(acmeConnector, { apiKey: 'test-key', baseUrl: server.baseUrl }, { logger });
 * await acmeConnector.hooks.send!(ctx, message);
 * ```
 */
export function buildContext<S>(
  definition: ConnectorDefinition<S>,
  settings: Record<string, unknown>,
  overrides: Partial<Omit<ConnectorContext<S>, 'settings'>> = {},
): ConnectorContext<S> {
  const result = validateSettings(definition.settings, settings);
  if (!result.ok) {
    throw new Error(`Invalid settings for ${definition.manifest.id}:\n  - ${result.problems.join('\n  - ')}`);
  }
  const merged = { ...result.settings, ...result.secrets };
  const clock = overrides.clock ?? systemClock;
  return {
    integrationId: overrides.integrationId ?? 'int_test',
    settings: merged as S,
    http:
      overrides.http ?? createHttpClient({ allowedHosts: resolveAllowedHosts(definition.manifest, merged) }),
    state: overrides.state ?? createMemoryStateStore({ clock }),
    logger: overrides.logger ?? createCapturingLogger(),
    clock,
  };
}
