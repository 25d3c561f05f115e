import { allowedHostPlaceholderField, isValidHostPattern } from './allowed-hosts';
import type { ConnectorHooks } from './connector-hooks';
import type { ConnectorCapabilities, ConnectorManifest } from './connector-manifest';
import { findSettingsSchemaProblems, type SettingsSchema } from './settings-schema';

/**
 * A validated, frozen connector: what a plugin's `index.ts` exports and the host's registry loads.
 *
 * @example
 * ```ts
 * export const acmeConnector: ConnectorDefinition<AcmeSettings> = defineConnector({ manifest, settings, hooks });
 * ```
 */
export interface ConnectorDefinition<S = Record<string, unknown>> {
  readonly manifest: Readonly<ConnectorManifest>;
  readonly settings: Readonly<SettingsSchema>;
  readonly hooks: Readonly<ConnectorHooks<S>>;
}

/**
 * Thrown by {@link defineConnector} with every problem at once, so a plugin author fixes them in one
 * pass and the host can stop at boot with a useful message.
 *
 * @example
 * ```ts
 * try { defineConnector(input); } catch (e) { if (e instanceof ConnectorDefinitionError) console.error(e.problems); }
 * ```
 */
export class ConnectorDefinitionError extends Error {
  override readonly name = 'ConnectorDefinitionError';
  readonly problems: string[];

  constructor(connectorId: string, problems: string[]) {
    super(`Connector ${connectorId} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const ID_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const KNOWN_CAPABILITIES: readonly (keyof ConnectorCapabilities)[] = [
  'inbound',
  'outbound',
  'handshake',
  'sessions',
  'typing',
  'deliveryStatus',
  'attachments',
];
const KNOWN_HOOKS: readonly (keyof ConnectorHooks)[] = [
  'handshake',
  'verify',
  'parse',
  'acknowledge',
  'send',
  'replyWindow',
  'listTemplates',
  'fetchMedia',
  'startSession',
  'stopSession',
];

// Which capability each hook belongs to: a hook without it would never be called, which is a bug.
const HOOK_CAPABILITY: Record<keyof ConnectorHooks, keyof ConnectorCapabilities> = {
  handshake: 'handshake',
  verify: 'inbound',
  parse: 'inbound',
  acknowledge: 'inbound',
  send: 'outbound',
  replyWindow: 'outbound',
  listTemplates: 'outbound',
  fetchMedia: 'attachments',
  startSession: 'sessions',
  stopSession: 'sessions',
};
const REQUIRED_HOOKS: Partial<Record<keyof ConnectorCapabilities, (keyof ConnectorHooks)[]>> = {
  inbound: ['verify', 'parse'],
  outbound: ['send'],
  handshake: ['handshake'],
  sessions: ['startSession', 'stopSession'],
};

function findManifestProblems(manifest: ConnectorManifest): string[] {
  const problems: string[] = [];
  if (typeof manifest.id !== 'string' || !ID_PATTERN.test(manifest.id)) {
    problems.push(
      'manifest.id must be kebab-case: a lower-case letter, then 1-40 of a-z, 0-9 or - (like acme-sms)',
    );
  }
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version)) {
    problems.push('manifest.version must be a semver version x.y.z (like 1.0.0)');
  }
  if (typeof manifest.displayName !== 'string' || manifest.displayName.trim() === '') {
    problems.push('manifest.displayName is missing; give the name admins see (like "Acme SMS")');
  }
  if (manifest.description !== undefined && typeof manifest.description !== 'string') {
    problems.push('manifest.description must be a string when given');
  }
  return problems;
}

function findCapabilityProblems(
  capabilities: ConnectorCapabilities,
  hooks: ConnectorHooks<unknown>,
): string[] {
  if (typeof capabilities !== 'object' || capabilities === null) {
    return ['manifest.capabilities is missing; declare at least { inbound: boolean, outbound: boolean }'];
  }
  const problems: string[] = [];
  for (const name of ['inbound', 'outbound'] as const) {
    if (typeof capabilities[name] !== 'boolean')
      problems.push(`manifest.capabilities.${name} must be true or false`);
  }
  for (const [name, value] of Object.entries(capabilities)) {
    if (!KNOWN_CAPABILITIES.includes(name as keyof ConnectorCapabilities)) {
      problems.push(`manifest.capabilities.${name} is unknown; use ${KNOWN_CAPABILITIES.join(', ')}`);
    } else if (value !== undefined && typeof value !== 'boolean') {
      problems.push(`manifest.capabilities.${name} must be true or false`);
    }
  }
  if (!capabilities.inbound && !capabilities.outbound && !capabilities.sessions) {
    problems.push('manifest.capabilities declares nothing to do; enable inbound, outbound or sessions');
  }
  for (const [capability, required] of Object.entries(REQUIRED_HOOKS)) {
    if (!capabilities[capability as keyof ConnectorCapabilities]) continue;
    for (const hook of required) {
      if (typeof hooks[hook] !== 'function') {
        problems.push(`capability ${capability} needs hooks.${hook}; implement it or turn ${capability} off`);
      }
    }
  }
  for (const [hook, value] of Object.entries(hooks)) {
    if (!KNOWN_HOOKS.includes(hook as keyof ConnectorHooks)) {
      problems.push(`hooks.${hook} is not a connector hook; use ${KNOWN_HOOKS.join(', ')}`);
      continue;
    }
    if (value === undefined) continue;
    if (typeof value !== 'function') {
      problems.push(`hooks.${hook} must be a function`);
      continue;
    }
    const capability = HOOK_CAPABILITY[hook as keyof ConnectorHooks];
    if (!capabilities[capability]) {
      problems.push(
        `hooks.${hook} is given but capability ${capability} is off; set capabilities.${capability}: true or remove the hook`,
      );
    }
  }
  return problems;
}

function findAllowedHostProblems(allowedHosts: unknown, settings: SettingsSchema): string[] {
  if (!Array.isArray(allowedHosts)) {
    return [
      'manifest.allowedHosts must be an array of hosts (use [] for a connector that makes no requests)',
    ];
  }
  const problems: string[] = [];
  for (const entry of allowedHosts) {
    if (typeof entry !== 'string') {
      problems.push('manifest.allowedHosts entries must be strings');
      continue;
    }
    const field = allowedHostPlaceholderField(entry);
    if (field !== undefined) {
      const setting = settings[field];
      if (!setting)
        problems.push(
          `manifest.allowedHosts entry ${entry} refers to settings.${field}, which does not exist`,
        );
      else if (setting.type !== 'url') {
        problems.push(
          `manifest.allowedHosts entry ${entry} refers to settings.${field}, which must be of type url`,
        );
      }
    } else if (entry.includes('${')) {
      problems.push(
        `manifest.allowedHosts entry ${entry} is not a valid placeholder; write it as \${settings.<urlSetting>}`,
      );
    } else if (!isValidHostPattern(entry)) {
      problems.push(
        `manifest.allowedHosts entry "${entry}" is not a host; use a lower-case hostname with an optional :port, or *.domain for subdomains`,
      );
    }
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Declares a connector: checks the manifest, the settings schema and that capabilities and hooks
 * agree, then returns a frozen definition. Throws {@link ConnectorDefinitionError} listing every
 * problem, each saying how to fix it; the host calls this at boot, so a broken plugin stops startup.
 *
 * The inputs are copied before freezing, so the caller's objects stay mutable.
 *
 * @example
 * ```ts
 * export const acmeConnector = defineConnector<AcmeSettings>({
 *   manifest: { id: 'acme-sms', version: '1.0.0', displayName: 'Acme SMS',
 *     capabilities: { inbound: true, outbound: true }, allowedHosts: ['api.acme-sms.com'] },
 *   settings: { apiKey: { type: 'string', label: 'API key', secret: true, required: true } },
 *   hooks: { verify, parse, send },
 * });
 * ```
 */
export function defineConnector<S = Record<string, unknown>>(input: {
  manifest: ConnectorManifest;
  settings: SettingsSchema;
  hooks: ConnectorHooks<S>;
}): ConnectorDefinition<S> {
  const manifest = input.manifest ?? ({} as ConnectorManifest);
  const settings = input.settings ?? {};
  const hooks = input.hooks ?? {};
  const problems = [
    ...findManifestProblems(manifest),
    ...findCapabilityProblems(manifest.capabilities, hooks as ConnectorHooks<unknown>),
    ...findAllowedHostProblems(manifest.allowedHosts, settings),
    ...findSettingsSchemaProblems(settings),
  ];
  if (problems.length > 0) {
    throw new ConnectorDefinitionError(typeof manifest.id === 'string' ? manifest.id : '(no id)', problems);
  }
  return Object.freeze({
    manifest: deepFreeze(structuredClone(manifest)),
    // Field by field rather than structuredClone: a field's `check` is a function.
    settings: deepFreeze(
      Object.fromEntries(
        Object.entries(settings).map(([name, field]) => [
          name,
          {
            ...field,
            ...(field.options ? { options: [...field.options] } : {}),
            ...(field.generate ? { generate: { ...field.generate } } : {}),
          },
        ]),
      ),
    ),
    hooks: Object.freeze({ ...hooks }),
  });
}
