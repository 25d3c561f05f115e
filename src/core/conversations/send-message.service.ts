import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OutboundTemplate } from '../../connectors/sdk';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { FileService } from '../files/file.service';
import { Clock, CLOCK } from '../tokens';
import { ConversationRepository } from './conversation.repository';
import { canAccessConversation, conversationNotFound } from './conversation.service';
import type { StoredAttachment } from './message.entity';
import { MessageRecord, MessageRepository } from './message.repository';
import { REPLY_WINDOW_POLICY, type ReplyWindowPolicy } from './reply-window.port';

/** An attachment an agent sends: an uploaded file, or a URL the provider can fetch. */
export type OutgoingAttachment = Partial<StoredAttachment>;

export interface SendMessageInput {
  conversationId: string;
  /** Chosen by the agent's client; a retry with the same id returns the first message. */
  clientMessageId: string;
  text: string;
  attachments?: OutgoingAttachment[];
  /** A note for agents only: stored with the next seq, never delivered, allowed when resolved. */
  private?: boolean;
}

/** A checked agent message, ready to store: a reply, a note, or a template (with its rendered text). */
export interface OutboundDraft {
  conversationId: string;
  clientMessageId: string;
  text: string;
  attachments: StoredAttachment[];
  private: boolean;
  /** Sent as this approved template (never a note); allowed while the window is closed if the channel says so. */
  template?: OutboundTemplate;
}

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_ATTACHMENTS = 10;
const ATTACHMENT_KINDS: readonly StoredAttachment['kind'][] = ['image', 'video', 'audio', 'file'];

/** Checks and normalises what an agent sends; every problem names the field to fix. */
export function validateOutgoing(input: Pick<SendMessageInput, 'clientMessageId' | 'text' | 'attachments'>): {
  clientMessageId: string;
  text: string;
  attachments: StoredAttachment[];
  fileIds: string[];
} {
  const clientMessageId = input.clientMessageId.trim();
  if (clientMessageId.length === 0 || clientMessageId.length > 100)
    throw invalid('clientMessageId must be 1 to 100 characters.');
  // PostgreSQL text cannot hold U+0000; it is never meaningful in a chat message.
  const text = input.text.replaceAll('\u0000', '').trim();
  const attachments = input.attachments ?? [];
  if (text.length === 0 && attachments.length === 0) throw invalid('text must not be empty.');
  if (text.length > MAX_TEXT_LENGTH)
    throw invalid(`text must be at most ${MAX_TEXT_LENGTH} characters (got ${text.length}).`);
  if (attachments.length > MAX_ATTACHMENTS)
    throw invalid(`at most ${MAX_ATTACHMENTS} attachments per message.`);
  const fileIds: string[] = [];
  for (const [i, a] of attachments.entries()) {
    if (a.fileId !== undefined) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.fileId))
        throw invalid(`attachments[${i}].fileId must be a file id from POST /files.`);
      fileIds.push(a.fileId);
      continue;
    }
    if (!a.kind || !ATTACHMENT_KINDS.includes(a.kind))
      throw invalid(`attachments[${i}].kind must be one of ${ATTACHMENT_KINDS.join(', ')}.`);
    if (!a.url || !/^https?:\/\/\S+$/i.test(a.url))
      throw invalid(`attachments[${i}] needs a fileId or an http(s) url.`);
    if (a.sizeBytes !== undefined && (!Number.isInteger(a.sizeBytes) || a.sizeBytes < 0))
      throw invalid(`attachments[${i}].sizeBytes must be ≥ 0.`);
  }
  const stored = attachments.map(({ fileId, kind, url, mimeType, name, sizeBytes }) =>
    fileId
      ? { kind: 'file' as const, fileId }
      : { kind: kind as StoredAttachment['kind'], url, mimeType, name, sizeBytes },
  );
  return { clientMessageId, text, attachments: stored, fileIds };
}

function invalid(message: string): DomainError {
  return new DomainError('INVALID_INPUT', message);
}

/**
 * The event of an agent's new message. Listeners tell replies (created pending) and notes from
 * the contact's messages by `direction` without a query; the widget skips both.
 */
export function agentMessageCreated(message: MessageRecord): OutboxPayload {
  return {
    kind: 'event',
    event: {
      type: 'message.created',
      workspaceId: message.workspaceId,
      conversationId: message.conversationId,
      messageId: message.id,
      seq: message.seq,
      direction: 'outbound',
    },
  };
}

/**
 * An agent's reply: stored as a pending outbound message with the conversation's next seq, and
 * handed to the delivery worker through the outbox, all in one transaction (rules 3 and 4). A
 * reply the channel's reply window does not allow now is refused with REPLY_WINDOW_CLOSED. A
 * private note is stored the same way but gets no delivery job and no delivery status, so no
 * connector and no recovery sweep ever sends it.
 */
@Injectable()
export class SendMessageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly files: FileService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REPLY_WINDOW_POLICY) private readonly replyWindows: ReplyWindowPolicy,
  ) {}

  async sendMessage(principal: Principal, input: SendMessageInput): Promise<MessageRecord> {
    const checked = validateOutgoing(input);
    // Uploaded files are resolved to what the hub stored about them (kind, name, type, size).
    const uploaded = await this.files.attachmentsFor(principal.workspaceId, checked.fileIds);
    const attachments = checked.attachments.map((a) =>
      a.fileId ? (uploaded.find((u) => u.fileId === a.fileId) as StoredAttachment) : a,
    );
    return this.storeOutbound(principal, {
      conversationId: input.conversationId,
      clientMessageId: checked.clientMessageId,
      text: checked.text,
      attachments,
      private: input.private === true,
    });
  }

  /**
   * Stores a checked agent message and hands it to delivery (see the class comment); also the
   * path of template sends (SendTemplateService), which the reply window allows while it is
   * closed when the channel says `templatesAllowed`.
   */
  async storeOutbound(principal: Principal, draft: OutboundDraft): Promise<MessageRecord> {
    const { workspaceId } = principal;
    const { clientMessageId, text, attachments, template } = draft;
    const { message, rows } = await this.db.transaction(async (tx) => {
      // The row lock serialises writers of this conversation: seqs stay gapless and a retry of
      // the same clientMessageId waits here, then finds the first attempt's message.
      const conversation = await this.conversations.lockById(tx, workspaceId, draft.conversationId);
      if (!conversation || !canAccessConversation(principal, conversation)) throw conversationNotFound();
      const earlier = await this.messages.findByClientMessageId(
        tx,
        workspaceId,
        conversation.id,
        clientMessageId,
      );
      if (earlier) return { message: earlier, rows: [] };
      const isNote = draft.private === true && !template;
      if (conversation.status === 'resolved' && !isNote)
        throw new DomainError('CONFLICT', 'The conversation is resolved; reopen it to reply.');
      if (!isNote) {
        // Refused before anything is stored or sent: the agent learns it now, not from a failed delivery.
        const window = await this.replyWindows.windowFor(tx, workspaceId, conversation.id);
        if (window.state === 'closed' && !(template && window.templatesAllowed))
          throw new DomainError(
            'REPLY_WINDOW_CLOSED',
            window.reason ?? 'This channel does not accept a reply in this conversation now.',
          );
      }
      const occurredAt = this.clock.now();
      const inserted = await this.messages.insertOutbound(tx, {
        workspaceId,
        conversationId: conversation.id,
        integrationId: conversation.integrationId,
        seq: conversation.lastSeq + 1,
        authorAgentId: principal.agentId,
        clientMessageId,
        text,
        attachments,
        private: isNote,
        occurredAt,
      });
      if (!inserted) throw new Error('clientMessageId conflict despite the conversation lock');
      if (template) await this.messages.setTemplate(tx, workspaceId, inserted.id, template);
      await this.conversations.recordMessage(tx, workspaceId, conversation.id, inserted.seq, occurredAt);
      const delivery: OutboxPayload[] = isNote
        ? []
        : [
            {
              kind: 'job',
              queue: 'delivery',
              name: 'deliver-message',
              data: { workspaceId, messageId: inserted.id },
            },
          ];
      const outboxRows = await this.outbox.append(tx, workspaceId, [
        ...delivery,
        agentMessageCreated(inserted),
      ]);
      return { message: inserted, rows: outboxRows };
    });
    this.relay.relayCommitted(rows);
    return message;
  }
}
