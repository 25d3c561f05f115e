import { Injectable } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error';
import type { DomainEvent } from '../../core/realtime/domain-event';
import { RealtimeBus } from '../../core/realtime/realtime-bus.service';
import { ConnectorRegistry } from './connector-registry.service';
import { IntegrationService, type IntegrationView } from './integration.service';
import type { SessionView } from './session-state';
import { SessionStoreRepository } from './session-store.repository';

type SessionChanged = Extract<DomainEvent, { type: 'integration.session_changed' }>;

/**
 * What admins do with sessions, from any api process: read an integration's session state,
 * follow it live (the QR code while linking) and ask for a restart. The worker holding the
 * session (SessionHost) writes the state and acts on the request.
 */
@Injectable()
export class SessionAdminService {
  constructor(
    private readonly integrations: IntegrationService,
    private readonly registry: ConnectorRegistry,
    private readonly store: SessionStoreRepository,
    private readonly bus: RealtimeBus,
  ) {}

  hasSession(integration: Pick<IntegrationView, 'connectorId'>): boolean {
    return !!this.registry.find(integration.connectorId)?.manifest.capabilities.sessions;
  }

  /** The session's state; null for an integration whose connector keeps no session. */
  async sessionOf(workspaceId: string, integrationId: string): Promise<SessionView | null> {
    const integration = await this.integrations.getIntegration(workspaceId, integrationId);
    if (!this.hasSession(integration)) return null;
    return (await this.store.findView(workspaceId, integrationId)) ?? notStarted(integrationId, integration);
  }

  /** States of several integrations at once (the integrations list); missing ones not started yet. */
  async sessionsOf(workspaceId: string, integrations: IntegrationView[]): Promise<Map<string, SessionView>> {
    const withSession = integrations.filter((i) => this.hasSession(i));
    const found = await this.store.findViews(
      workspaceId,
      withSession.map((i) => i.id),
    );
    const byId = new Map(found.map((v) => [v.integrationId, v]));
    return new Map(withSession.map((i) => [i.id, byId.get(i.id) ?? notStarted(i.id, i)]));
  }

  /** Restarts the session now (backoff reset), which shows a new QR code when it is not linked. */
  async requestRelink(workspaceId: string, integrationId: string): Promise<SessionView> {
    const integration = await this.integrations.getIntegration(workspaceId, integrationId);
    if (!this.hasSession(integration))
      throw new DomainError('INVALID_INPUT', 'This integration has no session to relink.');
    if (!integration.enabled) throw new DomainError('INVALID_INPUT', 'Enable the integration first.');
    await this.store.requestRelink(workspaceId, integrationId);
    return (await this.store.findView(workspaceId, integrationId)) ?? notStarted(integrationId, integration);
  }

  /**
   * The session's state now, then every change, until the caller returns. Subscribes before
   * reading, so a change between the two is not lost (at worst the first state comes twice).
   */
  async watch(workspaceId: string, integrationId: string): Promise<AsyncIterableIterator<SessionView>> {
    const source = await this.bus.iterate(workspaceId);
    let current: SessionView | null;
    try {
      current = await this.sessionOf(workspaceId, integrationId);
      if (!current) throw new DomainError('INVALID_INPUT', 'This integration has no session to follow.');
    } catch (e) {
      await source.return?.();
      throw e;
    }
    let first: SessionView | undefined = current;
    const stream: AsyncIterableIterator<SessionView> = {
      async next() {
        if (first) {
          const value = first;
          first = undefined;
          return { value, done: false };
        }
        for (;;) {
          const result = await source.next();
          if (result.done) return { value: undefined, done: true };
          const event = result.value;
          if (event.type !== 'integration.session_changed') continue;
          if (event.workspaceId !== workspaceId || event.integrationId !== integrationId) continue;
          return { value: viewOf(event), done: false };
        }
      },
      async return() {
        await source.return?.();
        return { value: undefined, done: true };
      },
      async throw(error: unknown) {
        await source.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => stream,
    };
    return stream;
  }
}

function viewOf(event: SessionChanged): SessionView {
  return {
    integrationId: event.integrationId,
    state: event.state,
    detail: event.detail,
    qr: event.qr,
    updatedAt: new Date(event.updatedAt),
  };
}

function notStarted(
  integrationId: string,
  integration: Pick<IntegrationView, 'enabled' | 'createdAt'>,
): SessionView {
  return {
    integrationId,
    state: 'CONNECTING',
    detail: integration.enabled
      ? 'Waiting for a worker to start the session.'
      : 'The integration is disabled; no session runs.',
    qr: null,
    updatedAt: integration.createdAt,
  };
}
