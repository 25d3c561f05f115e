import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { HubConfig } from '../../core/config/config.schema';
import { RecordInboundService } from '../../core/conversations/record-inbound.service';
import { RealtimeBus } from '../../core/realtime/realtime-bus.service';
import { CONFIG, ROOT_LOGGER } from '../../core/tokens';
import type { CanonicalEvent, ConnectorError, SessionContext, SessionStatusReport } from '../sdk';
import { ConnectorRegistry } from './connector-registry.service';
import { DeliveryService } from './delivery.service';
import { IntegrationService } from './integration.service';
import { SessionGate } from './session-gate.service';
import { SessionMediaStore } from './session-media.store';
import { sessionStateOf } from './session-state';
import { SessionCandidate, SessionStoreRepository } from './session-store.repository';
import { SessionSupervisor } from './session-supervisor';

/** How often a worker looks for sessions to run, renews its leases and sends held replies. */
export const SESSION_TICK_MS = 1000;
/** A lease not renewed for this long is free: another worker takes the session over. */
export const SESSION_LEASE_TTL_MS = 15_000;

interface HostedSession {
  workspaceId: string;
  integrationId: string;
  supervisor: SessionSupervisor;
  renewedAt: number;
  ready: boolean;
  /** Status reports of one session are stored one after the other, in the order they were made. */
  reports: Promise<void>;
  flushing?: Promise<void>;
}

/**
 * Runs the long-lived sessions of connectors with `startSession` (WhatsApp Web) in the worker
 * role: exactly one worker holds each enabled integration's session (a lease in
 * integration_sessions, renewed every tick), a supervisor restarts it with backoff, events it emits
 * are stored like webhooks, its state is kept and pushed to admins, and the replies delivery held
 * while it was down are sent, in order, once it is ready.
 */
@Injectable()
export class SessionHost implements OnApplicationBootstrap, OnModuleDestroy {
  /** This process, as lease holder: unique even for two workers in one container. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly hosted = new Map<string, HostedSession>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopping = false;

  constructor(
    private readonly store: SessionStoreRepository,
    private readonly registry: ConnectorRegistry,
    private readonly integrations: IntegrationService,
    private readonly recorder: RecordInboundService,
    private readonly delivery: DeliveryService,
    private readonly gate: SessionGate,
    private readonly media: SessionMediaStore,
    private readonly bus: RealtimeBus,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.HUB_ROLE === 'api' || this.sessionConnectorIds().length === 0) return;
    this.timer = setInterval(() => void this.tick(), SESSION_TICK_MS);
    void this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.hosted.values()].map((s) => this.release(s)));
  }

  /** Integrations whose session runs in this process (for tests and metrics). */
  hostedIntegrationIds(): string[] {
    return [...this.hosted.keys()];
  }

  /** One pass: take or renew leases, start and stop sessions, act on relink requests, flush. */
  async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      const candidates = await this.store.listCandidates(this.sessionConnectorIds());
      const wanted = new Set(candidates.map((c) => c.integrationId));
      for (const candidate of candidates) await this.tend(candidate);
      for (const session of [...this.hosted.values()]) {
        if (!wanted.has(session.integrationId)) await this.release(session); // disabled or deleted
      }
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'session host tick failed');
    } finally {
      this.dropExpired();
      this.ticking = false;
    }
  }

  private async tend(candidate: SessionCandidate): Promise<void> {
    const { workspaceId, integrationId } = candidate;
    let held: boolean;
    try {
      held = await this.store.acquireLease(workspaceId, integrationId, this.holder, SESSION_LEASE_TTL_MS);
    } catch (e) {
      this.logger.warn({ err: (e as Error).message, integrationId }, 'session lease renewal failed');
      return;
    }
    const session = this.hosted.get(integrationId);
    if (!held) {
      if (session) await this.stop(session, 'lease taken over'); // we were too late renewing it
      return;
    }
    if (!session) {
      this.host(candidate);
      if (candidate.relinkRequestedAt)
        await this.store.clearRelink(workspaceId, integrationId, candidate.relinkRequestedAt);
      return;
    }
    session.renewedAt = Date.now();
    if (candidate.relinkRequestedAt) {
      this.logger.info({ integrationId }, 'restarting session on an admin request');
      session.supervisor.restartNow();
      await this.store.clearRelink(workspaceId, integrationId, candidate.relinkRequestedAt);
    } else if (session.ready) this.flush(session);
  }

  private host(candidate: SessionCandidate): void {
    const session: HostedSession = {
      workspaceId: candidate.workspaceId,
      integrationId: candidate.integrationId,
      renewedAt: Date.now(),
      ready: false,
      reports: Promise.resolve(),
      supervisor: new SessionSupervisor({
        run: (signal) => this.runOnce(session, signal),
        onRunFailed: (error, delayMs) => this.onRunFailed(session, error, delayMs),
      }),
    };
    this.hosted.set(candidate.integrationId, session);
    this.logger.info({ integrationId: candidate.integrationId, holder: this.holder }, 'session hosted here');
    session.supervisor.start();
  }

  /** One run of the connector's session, with a fresh context (settings may have changed). */
  private async runOnce(session: HostedSession, signal: AbortSignal): Promise<void> {
    const loaded = await this.integrations.loadInWorkspace(session.workspaceId, session.integrationId);
    const hooks = loaded?.connector.hooks;
    if (!loaded || !hooks?.startSession) return;
    const ctx: SessionContext = {
      ...loaded.context,
      signal,
      emit: (events) => this.emit(session, events),
      reportStatus: (status) => this.report(session, status),
    };
    try {
      await hooks.startSession(ctx);
    } finally {
      this.setReady(session, false);
      await hooks
        .stopSession?.(ctx)
        .catch((e: unknown) =>
          this.logger.warn(
            { err: (e as Error).message, integrationId: session.integrationId },
            'stopSession failed',
          ),
        );
    }
  }

  private onRunFailed(session: HostedSession, error: ConnectorError, delayMs: number | undefined): void {
    this.logger.warn(
      { integrationId: session.integrationId, kind: error.kind, reason: error.message, retryInMs: delayMs },
      'session ended with an error',
    );
    const detail =
      delayMs === undefined
        ? `${error.message} Fix the settings, then relink.`
        : `${error.message} Restarting in ${Math.ceil(delayMs / 1000)} s.`;
    void this.report(session, { state: delayMs === undefined ? 'error' : 'connecting', detail });
  }

  private async emit(session: HostedSession, events: CanonicalEvent[]): Promise<void> {
    if (events.length === 0) return;
    const kept = await this.media.keepInlineFiles(session.workspaceId, session.integrationId, events);
    await this.recorder.recordInboundEvents(
      { workspaceId: session.workspaceId, integrationId: session.integrationId },
      kept,
    );
  }

  /** Stores and publishes a status report, after the session's earlier ones. */
  private report(session: HostedSession, status: SessionStatusReport): Promise<void> {
    const state = sessionStateOf(status.state);
    this.setReady(session, state === 'READY');
    const stored = session.reports.then(async () => {
      const view = await this.store.recordState(
        session.workspaceId,
        session.integrationId,
        this.holder,
        state,
        status.detail ?? null,
        status.qr ?? null,
      );
      if (!view) return; // the lease is gone: the new holder speaks for the session
      await this.bus.publish([
        {
          type: 'integration.session_changed',
          workspaceId: session.workspaceId,
          integrationId: session.integrationId,
          state: view.state,
          detail: view.detail,
          qr: view.qr,
          updatedAt: new Date(view.updatedAt).toISOString(),
        },
      ]);
      if (state === 'READY') this.flush(session);
    });
    session.reports = stored.catch((e: unknown) =>
      this.logger.warn(
        { err: (e as Error).message, integrationId: session.integrationId },
        'session state not stored',
      ),
    );
    return stored;
  }

  private setReady(session: HostedSession, ready: boolean): void {
    session.ready = ready;
    this.gate.setReady(session.integrationId, ready);
  }

  /** Sends held replies; one flush at a time per session, later requests ride on the next tick. */
  private flush(session: HostedSession): void {
    if (session.flushing) return;
    session.flushing = this.delivery
      .deliverHeld(session.workspaceId, session.integrationId)
      .then(
        (sent) => {
          if (sent > 0) this.logger.info({ integrationId: session.integrationId, sent }, 'held replies sent');
        },
        (e: unknown) =>
          this.logger.warn(
            { err: (e as Error).message, integrationId: session.integrationId },
            'held replies not sent',
          ),
      )
      .finally(() => (session.flushing = undefined));
  }

  /** Without a renewal for most of the lease, another worker may take over: stop first. */
  private dropExpired(): void {
    const limit = Date.now() - SESSION_LEASE_TTL_MS * 0.8;
    for (const session of this.hosted.values()) {
      if (session.renewedAt < limit) void this.stop(session, 'lease not renewed');
    }
  }

  private async stop(session: HostedSession, why: string): Promise<void> {
    if (this.hosted.get(session.integrationId) !== session) return;
    this.hosted.delete(session.integrationId);
    this.setReady(session, false);
    this.logger.info({ integrationId: session.integrationId, why }, 'session stopped here');
    await session.supervisor.stop();
  }

  private async release(session: HostedSession): Promise<void> {
    await this.stop(session, 'released');
    await session.reports;
    await this.store
      .releaseLease(session.workspaceId, session.integrationId, this.holder)
      .catch((e: unknown) => this.logger.warn({ err: (e as Error).message }, 'session lease not released'));
  }

  private sessionConnectorIds(): string[] {
    return this.registry
      .list()
      .filter((c) => c.manifest.capabilities.sessions && c.hooks.startSession)
      .map((c) => c.manifest.id);
  }
}
