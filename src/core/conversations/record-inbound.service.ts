import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CanonicalEvent } from '../../connectors/sdk';
import { OutboxRecord, OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { InboundMessageRepository } from './inbound-message.repository';

export interface InboundOutcome {
  stored: number;
  duplicates: number;
  statusUpdates: number;
  /** Rows to relay once the transaction has committed. */
  outbox: OutboxRecord[];
}

/** Where a webhook's canonical events come from. */
export interface InboundSource {
  workspaceId: string;
  integrationId: string;
}

/**
 * Stores one webhook's canonical events in ONE transaction: dedupe, contact and conversation
 * upserts, messages with their seq, and the outbox rows describing the side effects. The caller
 * answers the provider only after this resolves (rule 1) and relays `outbox` afterwards.
 */
@Injectable()
export class RecordInboundService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inbound: InboundMessageRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async recordInboundEvents(source: InboundSource, events: CanonicalEvent[]): Promise<InboundOutcome> {
    const { workspaceId, integrationId } = source;
    return this.db.transaction(async (tx) => {
      const outcome: InboundOutcome = { stored: 0, duplicates: 0, statusUpdates: 0, outbox: [] };
      const payloads: OutboxPayload[] = [];
      for (const event of events) {
        switch (event.type) {
          case 'message': {
            if (await this.inbound.isDuplicate(tx, workspaceId, integrationId, event.externalId)) {
              outcome.duplicates++;
              break;
            }
            const contactId = await this.inbound.upsertContact(tx, workspaceId, integrationId, event.contact);
            const conversation = await this.inbound.findOrOpenConversation(
              tx,
              workspaceId,
              integrationId,
              contactId,
              event.threadKey ?? '',
            );
            const message = await this.inbound.insertInbound(tx, {
              workspaceId,
              integrationId,
              conversationId: conversation.id,
              externalId: event.externalId,
              text: event.text ?? null,
              attachments: event.attachments ?? [],
              occurredAt: event.occurredAt,
            });
            if (!message) {
              outcome.duplicates++;
              break;
            }
            outcome.stored++;
            const conversationId = conversation.id;
            if (conversation.created) {
              payloads.push(
                { kind: 'event', event: { type: 'conversation.created', workspaceId, conversationId } },
                {
                  kind: 'job',
                  queue: 'routing',
                  name: 'route-conversation',
                  data: { workspaceId, conversationId },
                },
              );
            } else if (await this.inbound.reopenIfPending(tx, workspaceId, conversationId)) {
              payloads.push({
                kind: 'event',
                event: { type: 'conversation.status_changed', workspaceId, conversationId, status: 'open' },
              });
            }
            payloads.push({
              kind: 'event',
              event: {
                type: 'message.created',
                workspaceId,
                conversationId,
                messageId: message.id,
                seq: message.seq,
              },
            });
            break;
          }
          case 'delivery_status': {
            const updated = await this.inbound.applyDeliveryStatus(
              tx,
              workspaceId,
              integrationId,
              event.externalMessageId,
              event.status,
              event.reason ?? null,
            );
            if (updated) {
              outcome.statusUpdates++;
              payloads.push({
                kind: 'event',
                event: {
                  type: 'message.updated',
                  workspaceId,
                  conversationId: updated.conversation_id,
                  messageId: updated.id,
                  seq: updated.seq,
                },
              });
            }
            break;
          }
          case 'contact_update': {
            const contactId = await this.inbound.contactIdFor(
              tx,
              workspaceId,
              integrationId,
              event.contact.externalId,
            );
            if (contactId) await this.inbound.updateProfile(tx, workspaceId, contactId, event.contact);
            break;
          }
          case 'typing':
            // Ephemeral: relayed live by the widget and console work, never stored.
            break;
          default:
            assertNever(event);
        }
      }
      outcome.outbox = await this.outbox.append(tx, workspaceId, payloads);
      return outcome;
    });
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled canonical event ${JSON.stringify(value)}`);
}
