import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { HubConfig } from '../../core/config/config.schema';
import type { StoredAttachment } from '../../core/conversations/message.entity';
import { FileService } from '../../core/files/file.service';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { OutboxRelay } from '../../core/outbox/outbox-relay.service';
import { OutboxRepository } from '../../core/outbox/outbox.repository';
import { QueueProducer } from '../../core/queue/queue-producer.service';
import { CONFIG, ROOT_LOGGER } from '../../core/tokens';
import { ConnectorError, invokeSend, OutboundMessage, toConnectorError } from '../sdk';
import { ClaimedDelivery, DeliveryRepository } from './delivery.repository';
import { decideDeliveryRetry } from './delivery-retry.policy';
import { IntegrationService } from './integration.service';
import { SessionGate } from './session-gate.service';

const LEASE_MS = 60_000;

export type DeliveryOutcome =
  | { result: 'sent'; providerMessageId: string }
  | { result: 'failed'; reason: string }
  | { result: 'retry'; delayMs: number; reason: string }
  | { result: 'wait'; delayMs: number }
  | { result: 'skipped' }
  /** A session connector's session is not ready in this process: the holder sends it when it is. */
  | { result: 'held' };

/**
 * Delivers one pending agent reply through its connector's `send`, in conversation order, with
 * retries decided by error kind. A message already sent is never sent again: `invokeSend`
 * records the idempotency key, and the message id is that key.
 */
@Injectable()
export class DeliveryService {
  private readonly failures: Counter<'connector' | 'kind'>;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly integrations: IntegrationService,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly queues: QueueProducer,
    private readonly files: FileService,
    private readonly sessions: SessionGate,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.failures = metrics.counter('switchboard_delivery_failures_total', 'Failed delivery attempts', [
      'connector',
      'kind',
    ]);
  }

  async deliverMessage(workspaceId: string, messageId: string): Promise<DeliveryOutcome> {
    const claim = await this.deliveries.claim(workspaceId, messageId, LEASE_MS);
    if (claim === 'earlier-pending') return { result: 'wait', delayMs: 250 };
    if (claim === 'done' || claim === 'claimed-elsewhere') return { result: 'skipped' };

    const loaded = await this.integrations.loadInWorkspace(workspaceId, claim.integrationId);
    if (!loaded || !loaded.connector.hooks.send) {
      return this.finish(
        workspaceId,
        claim,
        'failed',
        'This channel cannot send replies (integration removed or inbound-only).',
      );
    }
    if (!claim.recipientExternalId)
      return this.finish(workspaceId, claim, 'failed', 'The contact has no identity on this channel.');
    // A session's client lives in the worker holding it; elsewhere, or while it is down, the reply
    // waits (no attempt spent) and that worker sends it, in order, once the session is ready.
    if (loaded.connector.manifest.capabilities.sessions && !this.sessions.isReadyHere(claim.integrationId)) {
      await this.deliveries.unclaim(workspaceId, claim.id);
      return { result: 'held' };
    }
    try {
      const result = await invokeSend(loaded.connector, loaded.context, this.toOutbound(claim));
      return this.finish(workspaceId, claim, 'sent', result.providerMessageId);
    } catch (e) {
      const error: ConnectorError = toConnectorError(e);
      this.failures.inc({ connector: loaded.connector.manifest.id, kind: error.kind });
      const reason = `${error.kind}: ${error.message}`;
      const decision = decideDeliveryRetry(
        error.kind,
        claim.attempts,
        this.config.DELIVERY_MAX_ATTEMPTS,
        error.retryAfterMs,
      );
      this.logger.warn(
        { messageId, kind: error.kind, attempt: claim.attempts, decision: decision.action },
        'delivery attempt failed',
      );
      if (decision.action === 'fail') return this.finish(workspaceId, claim, 'failed', reason);
      await this.deliveries.release(workspaceId, claim.id, reason, decision.delayMs);
      return { result: 'retry', delayMs: decision.delayMs, reason };
    }
  }

  /**
   * Sends an integration's held replies in conversation order, here (the worker holding its
   * session). Stops at the first reply that cannot go now (the session dropped again, or another
   * attempt holds it); the next call picks up from there. Returns how many were sent.
   */
  async deliverHeld(workspaceId: string, integrationId: string): Promise<number> {
    let sent = 0;
    const blocked = new Set<string>();
    for (const pending of await this.deliveries.pendingForIntegration(workspaceId, integrationId, 500)) {
      if (blocked.has(pending.conversationId)) continue;
      const outcome = await this.deliverMessage(workspaceId, pending.messageId);
      if (outcome.result === 'held') break;
      if (outcome.result === 'sent') sent += 1;
      else if (outcome.result === 'wait' || outcome.result === 'retry') blocked.add(pending.conversationId);
    }
    return sent;
  }

  /**
   * Enqueues pending replies whose job was lost; returns how many. The job id includes the attempt
   * count, so a sweep that runs again before the job does adds nothing.
   */
  async requeueStalled(ageMs: number): Promise<number> {
    const stalled = await this.deliveries.findStalled(ageMs, 500);
    await this.queues.addBulk(
      'delivery',
      stalled.map((s) => ({
        name: 'deliver-message' as const,
        data: { workspaceId: s.workspaceId, messageId: s.messageId },
        opts: { jobId: `recover-${s.messageId}-${s.attempts}` },
      })),
    );
    return stalled.length;
  }

  /**
   * Replies of one conversation go out in order, so the next one's own job may be waiting for this
   * one (retried after a short delay). Enqueuing the next reply now lets a burst flow at the speed
   * of the channel instead of one reply per retry delay; its own job later finds it done.
   */
  private async handOff(workspaceId: string, conversationId: string): Promise<void> {
    const next = await this.deliveries.nextPending(workspaceId, conversationId);
    if (!next) return;
    await this.queues.addBulk('delivery', [
      { name: 'deliver-message', data: { workspaceId, messageId: next }, opts: { jobId: `next-${next}` } },
    ]);
  }

  private toOutbound(claim: ClaimedDelivery): OutboundMessage {
    return {
      idempotencyKey: claim.id,
      conversationId: claim.conversationId,
      threadKey: claim.threadKey || undefined,
      recipient: { externalId: claim.recipientExternalId as string },
      text: claim.text ?? undefined,
      // Providers fetch hub-kept files by a signed URL that outlives their retries.
      attachments: (claim.attachments as StoredAttachment[]).map((a) => this.files.present(a, 7 * 86400)),
      author: { kind: claim.authorKind, name: claim.authorName ?? undefined },
      createdAt: new Date(claim.createdAt),
      lastInboundAt: claim.lastInboundAt === null ? null : new Date(claim.lastInboundAt),
      ...(claim.template && { template: claim.template }),
    };
  }

  private async finish(
    workspaceId: string,
    claim: ClaimedDelivery,
    status: 'sent' | 'failed',
    detail: string,
  ): Promise<DeliveryOutcome> {
    const rows = await this.db.transaction(async (tx) => {
      if (status === 'sent') await this.deliveries.markSent(tx, workspaceId, claim.id, detail);
      else await this.deliveries.markFailed(tx, workspaceId, claim.id, detail);
      return this.outbox.append(tx, workspaceId, [
        {
          kind: 'event',
          event: {
            type: 'message.updated',
            workspaceId,
            conversationId: claim.conversationId,
            messageId: claim.id,
            seq: claim.seq,
          },
        },
      ]);
    });
    this.relay.relayCommitted(rows);
    await this.handOff(workspaceId, claim.conversationId);
    return status === 'sent'
      ? { result: 'sent', providerMessageId: detail }
      : { result: 'failed', reason: detail };
  }
}
