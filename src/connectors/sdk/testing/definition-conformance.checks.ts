import { ConnectorDefinitionError, defineConnector } from '../define-connector';
import { findSettingsSchemaProblems, validateSettings } from '../settings-schema';
import type { ConformanceHarness } from './conformance-harness';

function findOptionProblems<S>(harness: ConformanceHarness<S>): string[] {
  const { definition, options } = harness;
  const capabilities = definition.manifest.capabilities;
  const problems: string[] = [];
  if (capabilities.inbound) {
    if (!options.sign) problems.push('the connector is inbound: give options.sign to sign fixture requests');
    if (!options.fixtures?.length)
      problems.push('the connector is inbound: give at least one options.fixtures entry');
    const field = options.secretField === undefined ? undefined : definition.settings[options.secretField];
    if (!field?.secret) {
      problems.push(
        'the connector is inbound: options.secretField must name a secret setting that signs webhooks',
      );
    }
  }
  if (capabilities.outbound) {
    if (!options.send) problems.push('the connector is outbound: give options.send');
    // A hub-delivered channel (send.expectRequest: null) has no provider to answer with an error.
    const hubDelivered = options.send?.expectRequest === null;
    if (!hubDelivered && !options.errors?.length)
      problems.push('the connector is outbound: give at least one options.errors case');
  }
  if (capabilities.handshake && !options.handshake?.length) {
    problems.push('the connector declares handshake: give at least one options.handshake case');
  }
  const names = (options.fixtures ?? []).map((f) => f.name);
  if (new Set(names).size !== names.length) problems.push('options.fixtures names must be unique');
  return problems;
}

/**
 * The manifest and settings schema are valid (`defineConnector` accepts them again), the sample
 * settings pass `validateSettings`, and the options cover every declared capability.
 *
 * @example
 * ```ts
 * expect(await checkDefinitionAndOptions(harness)).toEqual([]);
 * ```
 */
export async function checkDefinitionAndOptions<S>(harness: ConformanceHarness<S>): Promise<string[]> {
  const { definition, options } = harness;
  const problems: string[] = [];
  try {
    defineConnector({
      manifest: structuredClone(definition.manifest),
      settings: definition.settings, // defineConnector copies it (and keeps each field's check)
      hooks: { ...definition.hooks },
    });
  } catch (e) {
    if (e instanceof ConnectorDefinitionError) problems.push(...e.problems);
    else throw e;
  }
  problems.push(...findSettingsSchemaProblems(definition.settings));
  const result = validateSettings(definition.settings, options.settings(harness.server.baseUrl));
  if (!result.ok) problems.push(...result.problems.map((p) => `options.settings(): ${p}`));
  problems.push(...findOptionProblems(harness));
  return problems;
}
