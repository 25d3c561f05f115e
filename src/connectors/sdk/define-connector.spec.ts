import type { ConnectorHooks } from './connector-hooks';
import type { ConnectorManifest } from './connector-manifest';
import { ConnectorDefinitionError, defineConnector } from './define-connector';
import type { SettingsSchema } from './settings-schema';

const manifest: ConnectorManifest = {
  id: 'acme-sms',
  version: '1.2.3',
  displayName: 'Acme SMS',
  capabilities: { inbound: true, outbound: true },
  allowedHosts: ['api.acme-sms.com', '${settings.regionEndpoint}'],
};
const settings: SettingsSchema = {
  regionEndpoint: { type: 'url', label: 'Region endpoint' },
  apiKey: { type: 'string', label: 'API key', secret: true, required: true },
};
const hooks: ConnectorHooks = {
  verify: () => undefined,
  parse: () => [],
  send: async () => ({ providerMessageId: 'p1' }),
};

function problemsOf(input: Parameters<typeof defineConnector>[0]): string[] {
  try {
    defineConnector(input);
  } catch (e) {
    if (e instanceof ConnectorDefinitionError) return e.problems;
    throw e;
  }
  return [];
}

describe('defineConnector', () => {
  it('returns a deeply frozen copy of a valid definition', () => {
    const definition = defineConnector({ manifest, settings, hooks });
    expect(definition.manifest).toEqual(manifest);
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.manifest.capabilities)).toBe(true);
    expect(Object.isFrozen(definition.settings.apiKey)).toBe(true);
    expect(Object.isFrozen(definition.hooks)).toBe(true);
    expect(Object.isFrozen(manifest)).toBe(false);
  });

  it.each<[string, Partial<ConnectorManifest>, Partial<ConnectorHooks> | undefined, RegExp]>([
    ['an id with capitals', { id: 'AcmeSMS' }, undefined, /manifest\.id must be kebab-case/],
    ['a one-letter id', { id: 'a' }, undefined, /manifest\.id must be kebab-case/],
    ['a non-semver version', { version: '1.0' }, undefined, /manifest\.version must be a semver/],
    ['an empty displayName', { displayName: ' ' }, undefined, /manifest\.displayName is missing/],
    [
      'an unknown capability',
      { capabilities: { inbound: true, outbound: true, fax: true } as never },
      undefined,
      /capabilities\.fax is unknown/,
    ],
    [
      'no capability at all',
      { capabilities: { inbound: false, outbound: false } },
      { verify: undefined, parse: undefined, send: undefined },
      /declares nothing to do/,
    ],
    ['inbound without parse', {}, { parse: undefined }, /capability inbound needs hooks\.parse/],
    ['inbound without verify', {}, { verify: undefined }, /capability inbound needs hooks\.verify/],
    ['outbound without send', {}, { send: undefined }, /capability outbound needs hooks\.send/],
    [
      'handshake without its hook',
      { capabilities: { inbound: true, outbound: true, handshake: true } },
      undefined,
      /capability handshake needs hooks\.handshake/,
    ],
    [
      'sessions without stopSession',
      { capabilities: { inbound: true, outbound: true, sessions: true } },
      { startSession: async () => undefined },
      /capability sessions needs hooks\.stopSession/,
    ],
    [
      'a hook without its capability',
      {},
      { startSession: async () => undefined },
      /hooks\.startSession is given but capability sessions is off/,
    ],
    [
      'an unknown hook',
      {},
      { deliver: async () => undefined } as never,
      /hooks\.deliver is not a connector hook/,
    ],
    ['a URL as allowed host', { allowedHosts: ['https://api.acme.com'] }, undefined, /is not a host/],
    ['a bare wildcard', { allowedHosts: ['*'] }, undefined, /is not a host/],
    [
      'a placeholder to a missing setting',
      { allowedHosts: ['${settings.baseUrl}'] },
      undefined,
      /settings\.baseUrl, which does not exist/,
    ],
    [
      'a placeholder to a non-url setting',
      { allowedHosts: ['${settings.apiKey}'] },
      undefined,
      /settings\.apiKey, which must be of type url/,
    ],
    [
      'a malformed placeholder',
      { allowedHosts: ['${regionEndpoint}'] },
      undefined,
      /not a valid placeholder/,
    ],
  ])('rejects %s, saying how to fix it', (_label, manifestChange, hooksChange, problem) => {
    const problems = problemsOf({
      manifest: { ...manifest, ...manifestChange },
      settings,
      hooks: { ...hooks, ...hooksChange },
    });
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });

  it('reports every problem at once in the error message', () => {
    const call = () =>
      defineConnector({
        manifest: { ...manifest, id: 'X', version: 'v1' },
        settings: { region: { type: 'enum', label: 'Region' } },
        hooks: { verify: hooks.verify, parse: hooks.parse },
      });
    expect(call).toThrow(ConnectorDefinitionError);
    expect(call).toThrow(
      /Connector X is invalid:\n {2}- manifest\.id[\s\S]*manifest\.version[\s\S]*hooks\.send[\s\S]*settings\.regionEndpoint[\s\S]*settings\.region is an enum/,
    );
  });
});
