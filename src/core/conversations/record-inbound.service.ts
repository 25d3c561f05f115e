import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CanonicalEvent } from '../../connectors/sdk';
import type { HubConfig } from '../config/config.schema';
import { GroupCommit, isStatementError } from '../database/group-commit';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRecord, OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { CONFIG } from '../tokens';
import { InboundMessageItem, InboundMessageRepository } from './inbound-message.repository';

export interface InboundOutcome {
  stored: number;
  duplicates: number;
  statusUpdates: number;
}

/** Where a webhook's canonical events come from. */
export interface InboundSource {
  workspaceId: string;
  integrationId: string;
}

interface PendingRequest {
  source: InboundSource;
  events: CanonicalEvent[];
}

/**
 * Stores webhooks' canonical events: dedupe, contact and conversation upserts, messages with their
 * seq, and the outbox rows of their side effects, in one transaction; resolves only after commit
 * (rule 1), then relays the outbox. Concurrent webhooks share transactions (GroupCommit): under
 * load one commit and one round trip serve many of them.
 */
@Injectable()
export class RecordInboundService {
  private readonly group: GroupCommit<PendingRequest, InboundOutcome>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inbound: InboundMessageRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    @Inject(CONFIG) config: HubConfig,
  ) {
    this.group = new GroupCommit<PendingRequest, InboundOutcome>((batch) => this.storeAndRelay(batch), {
      // One batch at a time: requests that arrive meanwhile join the next one, so batches grow
      // with the load and a batch waits at most for the one before it (bench/ingest: 2 or 4 at
      // once made smaller batches, more statements and routing jobs per message, and at half
      // load a busier machine and a longer p99). The rest of the pool stays free for GraphQL
      // and workers.
      maxInFlight: 1,
      maxBatchSize: 200,
      weight: (request) => request.events.length,
      retryAlone: isStatementError,
      lingerMs: config.INGEST_LINGER_MS,
    });
  }

  recordInboundEvents(source: InboundSource, events: CanonicalEvent[]): Promise<InboundOutcome> {
    return this.group.submit({ source, events });
  }

  private async storeAndRelay(batch: PendingRequest[]): Promise<InboundOutcome[]> {
    // Messages with provider media also write a download-media job: a transaction, so both commit.
    const onlyMessages = batch.every((request) =>
      request.events.every((e) => e.type === 'message' && !hasProviderMedia(e.attachments)),
    );
    // The common case is one statement that commits on its own; receipts and profile updates
    // share a transaction with the messages of their batch.
    const { outcomes, rows } = onlyMessages
      ? await this.store(this.db.manager, batch)
      : await this.db.transaction((tx) => this.store(tx, batch));
    this.relay.relayCommitted(rows);
    return outcomes;
  }

  private async store(
    db: EntityManager,
    batch: PendingRequest[],
  ): Promise<{ outcomes: InboundOutcome[]; rows: OutboxRecord[] }> {
    const outcomes: InboundOutcome[] = batch.map(() => ({ stored: 0, duplicates: 0, statusUpdates: 0 }));
    const items: InboundMessageItem[] = [];
    const requestOf: number[] = [];
    batch.forEach(({ source, events }, r) => {
      for (const event of events) {
        if (event.type !== 'message') continue;
        requestOf.push(r);
        items.push({
          idx: items.length,
          workspaceId: source.workspaceId,
          integrationId: source.integrationId,
          externalId: event.externalId,
          contact: event.contact,
          threadKey: event.threadKey ?? '',
          text: event.text ?? null,
          attachments: event.attachments ?? [],
          occurredAt: event.occurredAt,
          prechat: event.prechat,
        });
      }
    });
    // Concurrent batches take conversation locks in the same order: no deadlocks.
    items.sort((a, b) => compareKeys(lockKey(a), lockKey(b)));
    const { results, outbox } = await this.inbound.recordMessages(db, items);
    const effects = new Map<string, OutboxPayload[]>();
    const itemByIdx = new Map(items.map((m) => [m.idx, m]));
    for (const result of results) {
      if (result.outcome === 'duplicate') outcomes[requestOf[result.idx]].duplicates++;
      else outcomes[requestOf[result.idx]].stored++;
      const item = itemByIdx.get(result.idx);
      if (result.outcome === 'stored' && item && hasProviderMedia(item.attachments)) {
        effects.set(item.workspaceId, [
          ...(effects.get(item.workspaceId) ?? []),
          {
            kind: 'job',
            queue: 'delivery',
            name: 'download-media',
            data: { workspaceId: item.workspaceId, messageId: result.messageId },
          },
        ]);
      }
    }

    for (const [r, { source, events }] of batch.entries()) {
      const { workspaceId, integrationId } = source;
      for (const event of events) {
        switch (event.type) {
          case 'message':
            break; // stored above, together
          case 'delivery_status': {
            const updated = await this.inbound.applyDeliveryStatus(
              db,
              workspaceId,
              integrationId,
              event.externalMessageId,
              event.status,
              event.reason ?? null,
            );
            if (!updated) break;
            outcomes[r].statusUpdates++;
            effects.set(workspaceId, [
              ...(effects.get(workspaceId) ?? []),
              {
                kind: 'event',
                event: {
                  type: 'message.updated',
                  workspaceId,
                  conversationId: updated.conversation_id,
                  messageId: updated.id,
                  seq: updated.seq,
                },
              },
            ]);
            break;
          }
          case 'delivery_watermark': {
            const updated = await this.inbound.applyDeliveryWatermark(db, workspaceId, integrationId, {
              contactExternalId: event.contact.externalId,
              threadKey: event.threadKey,
              status: event.status,
              watermark: event.watermark,
            });
            if (updated.length === 0) break;
            outcomes[r].statusUpdates += updated.length;
            effects.set(workspaceId, [
              ...(effects.get(workspaceId) ?? []),
              ...updated.map((m): OutboxPayload => ({
                kind: 'event',
                event: {
                  type: 'message.updated',
                  workspaceId,
                  conversationId: m.conversation_id,
                  messageId: m.id,
                  seq: m.seq,
                },
              })),
            ]);
            break;
          }
          case 'contact_update': {
            const contactId = await this.inbound.contactIdFor(
              db,
              workspaceId,
              integrationId,
              event.contact.externalId,
            );
            if (contactId) await this.inbound.updateProfile(db, workspaceId, contactId, event.contact);
            break;
          }
          case 'typing':
            // Ephemeral: relayed live by the widget and console work, never stored.
            break;
          default:
            assertNever(event);
        }
      }
    }
    const rows: OutboxRecord[] = [...outbox];
    for (const [workspaceId, payloads] of effects)
      rows.push(...(await this.outbox.append(db, workspaceId, payloads)));
    return { outcomes, rows };
  }
}

/** Attachments a connector described by the provider's media id: the hub downloads them later. */
function hasProviderMedia(attachments: readonly object[] | undefined): boolean {
  return (attachments ?? []).some(
    (a) => 'providerMediaId' in a && typeof a.providerMediaId === 'string' && a.providerMediaId !== '',
  );
}

function lockKey(m: InboundMessageItem): string[] {
  return [m.workspaceId, m.integrationId, m.contact.externalId, m.threadKey];
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

function assertNever(value: never): never {
  throw new Error(`unhandled canonical event ${JSON.stringify(value)}`);
}
