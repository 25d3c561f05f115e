import type { CanonicalEvent } from '../canonical-event';
import type { ConnectorContext } from '../connector-context';
import type { ConnectorDefinition } from '../define-connector';
import type { InboundRequest } from '../inbound-request';
import { secretFieldNames, validateSettings } from '../settings-schema';
import { buildContext } from './build-context';
import { createCapturingLogger, type CapturedLogLine } from './capturing-logger';
import type { ConformanceOptions, ConformanceRequest } from './conformance-options';
import { createFakeProviderServer, type FakeProviderServer } from './fake-provider-server';
import { fixedClock, type FixedClock } from './fixed-clock';
import { createMemoryStateStore } from './memory-state-store';
import type { NetworkGuard } from './network-guard';

/** Default fixed time of a conformance run. */
export const CONFORMANCE_NOW = new Date('2024-06-01T12:00:00.000Z');

/**
 * The shared state of one conformance run: the fake server, the fixed clock, the resolved settings,
 * and everything the connector produced (log lines, thrown errors, events) for the secret scan.
 * Checks are plain functions of a harness, so the kit's own tests can run them on broken connectors.
 *
 * @example
 * ```ts
 * const harness = createConformanceHarness(definition, options);
 * await harness.start();
 * expect(await checkVerifyRejects(harness, 'wrong-secret')).toEqual([]);
 * await harness.stop();
 * ```
 */
export interface ConformanceHarness<S = Record<string, unknown>> {
  readonly definition: ConnectorDefinition<S>;
  readonly options: ConformanceOptions;
  readonly clock: FixedClock;
  readonly server: FakeProviderServer;
  readonly integrationId: string;
  /** Every log line any context of this run wrote. */
  readonly logLines: CapturedLogLine[];
  /** Every error a hook threw during checks. */
  readonly errors: unknown[];
  /** Every event `parse` returned during checks. */
  readonly events: CanonicalEvent[];
  /** Every secret setting value used in this run (generated ones included). */
  readonly secrets: Set<string>;
  /** Set by the suite while the network guard is installed. */
  guard?: NetworkGuard;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Validated, merged settings for a provider at `baseUrl` (the fake server by default). */
  settingsFor(baseUrl?: string): Record<string, unknown>;
  /** A fresh context (new state store) with the run's clock and shared capturing logger. */
  context(settings?: Record<string, unknown>): ConnectorContext<S>;
  /** The signing secret from the run's settings. */
  signingSecret(): string;
  /** Builds the InboundRequest for `request`, signed when `signing` is given. */
  inboundRequest(
    request: ConformanceRequest,
    signing?: { secret: string; timestamp: Date },
    defaultMethod?: 'GET' | 'POST',
  ): InboundRequest;
  /** Runs `fn`, recording a thrown error in `errors`. */
  capture<T>(fn: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false; error: unknown }>;
}

/** Serialises a request body exactly as the kit sends it. */
export function requestBodyBytes(body: ConformanceRequest['body']): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/** Creates the {@link ConformanceHarness} for one run. */
export function createConformanceHarness<S>(
  definition: ConnectorDefinition<S>,
  options: ConformanceOptions,
): ConformanceHarness<S> {
  const clock = fixedClock(options.now ?? CONFORMANCE_NOW);
  const server = createFakeProviderServer();
  const integrationId = options.integrationId ?? 'int_conformance';
  const logLines: CapturedLogLine[] = [];
  const errors: unknown[] = [];
  const events: CanonicalEvent[] = [];
  const secrets = new Set<string>();
  let runSettings: Record<string, unknown> | undefined;

  const harness: ConformanceHarness<S> = {
    definition,
    options,
    clock,
    server,
    integrationId,
    logLines,
    errors,
    events,
    secrets,
    async start() {
      await server.start();
    },
    async stop() {
      await server.stop();
    },
    settingsFor(baseUrl?: string) {
      if (baseUrl === undefined && runSettings) return runSettings;
      const result = validateSettings(definition.settings, options.settings(baseUrl ?? server.baseUrl));
      if (!result.ok) {
        throw new Error(`options.settings() is invalid:\n  - ${result.problems.join('\n  - ')}`);
      }
      const merged = { ...result.settings, ...result.secrets };
      for (const name of secretFieldNames(definition.settings)) {
        const value = merged[name];
        if (typeof value === 'string' && value !== '') secrets.add(value);
      }
      if (baseUrl === undefined) runSettings = merged;
      return merged;
    },
    context(settings?: Record<string, unknown>) {
      return buildContext(definition, settings ?? harness.settingsFor(), {
        integrationId,
        clock,
        state: createMemoryStateStore({ clock }),
        logger: createCapturingLogger({ sink: logLines }),
      });
    },
    signingSecret() {
      const field = options.secretField;
      const value = field === undefined ? undefined : harness.settingsFor()[field];
      if (typeof value !== 'string' || value === '') {
        throw new Error(`options.secretField (${String(field)}) does not name a secret setting with a value`);
      }
      return value;
    },
    inboundRequest(request, signing, defaultMethod = 'POST') {
      const rawBody = requestBodyBytes(request.body);
      const path = request.path ?? `/webhooks/${integrationId}`;
      const query = request.query ?? {};
      const search = new URLSearchParams(query).toString();
      const url = search ? `${path}?${search}` : path;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
      if (signing) {
        if (!options.sign) throw new Error('options.sign is required to sign inbound requests');
        const signed = options.sign(rawBody, { ...signing, url });
        for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
      }
      return { method: request.method ?? defaultMethod, path, url, query, headers, rawBody };
    },
    async capture(fn) {
      try {
        return { ok: true, value: await fn() };
      } catch (error) {
        errors.push(error);
        return { ok: false, error };
      }
    },
  };
  return harness;
}
