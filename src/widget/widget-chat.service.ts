import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { attachmentFileIds, mapVisitorMessage, type VisitorMessageFrame } from '../connectors/widget';
import type { HubConfig } from '../core/config/config.schema';
import { RecordInboundService } from '../core/conversations/record-inbound.service';
import { DomainError } from '../core/errors/domain-error';
import { FileService } from '../core/files/file.service';
import type { FileRecord } from '../core/files/file.repository';
import { RateLimiter } from '../core/rate-limit/rate-limiter.service';
import { RealtimeBus } from '../core/realtime/realtime-bus.service';
import { Clock, CLOCK, CONFIG, ROOT_LOGGER } from '../core/tokens';
import type { VisitorClaims } from './visitor-token.service';
import { VisitorConversation, WidgetConversationRepository } from './widget-conversation.repository';
import type { WidgetIntegration } from './widget-integration.loader';
import { WidgetMessage, WidgetMessagePresenter } from './widget-message.presenter';
import { WidgetVisitorRepository } from './widget-visitor.repository';

export const MAX_DRAFT = 2000;
const PAGE = 200;

/**
 * A visitor's conversation: writing (through the same ingest as every webhook), reading by seq,
 * receipts, typing and uploads. Every method takes the authenticated visitor and touches only
 * their own conversations.
 */
@Injectable()
export class WidgetChatService {
  constructor(
    private readonly conversations: WidgetConversationRepository,
    private readonly visitors: WidgetVisitorRepository,
    private readonly presenter: WidgetMessagePresenter,
    private readonly recorder: RecordInboundService,
    private readonly files: FileService,
    private readonly limiter: RateLimiter,
    private readonly bus: RealtimeBus,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** Stores the visitor's message and answers it as stored; a resend of one clientMessageId is stored once. */
  async postMessage(
    integration: WidgetIntegration,
    visitor: VisitorClaims,
    frame: VisitorMessageFrame,
    ip: string,
  ): Promise<WidgetMessage> {
    const perMinute = this.config.WIDGET_MESSAGES_PER_MINUTE;
    await this.limiter.hit(
      'messages',
      [
        { key: `wv:${integration.id}:${visitor.externalId}`, limit: perMinute },
        { key: `wip:${ip}`, limit: perMinute * 10 },
      ],
      60_000,
    );
    const fileIds = attachmentFileIds(frame);
    if (typeof fileIds === 'string') throw new DomainError('INVALID_INPUT', fileIds);
    const attachments = await this.files.attachmentsFor(integration.workspaceId, fileIds, {
      kind: 'contact',
      id: visitor.externalId,
      integrationId: integration.id,
    });
    const profile = await this.visitors.find(integration.workspaceId, integration.id, visitor.externalId);
    // A message that opens a conversation must carry the survey when it has required fields.
    const survey = integration.config.prechat;
    let checked = frame;
    if (
      survey.enabled &&
      survey.fields.some((f) => f.required) &&
      (frame.prechat === undefined || frame.prechat === null)
    ) {
      const current = await this.currentConversation(integration, visitor);
      if (!current || current.status === 'resolved') checked = { ...frame, prechat: {} };
    }
    const mapping = mapVisitorMessage(
      checked,
      {
        externalId: visitor.externalId,
        ...(profile?.name ? { name: profile.name } : {}),
        ...(profile?.email ? { email: profile.email } : {}),
        ...(profile?.locale ? { locale: profile.locale } : {}),
      },
      integration.config,
      attachments,
      this.clock.now(),
    );
    if (!mapping.ok) throw new DomainError('INVALID_INPUT', mapping.problem);
    try {
      await this.recorder.recordInboundEvents(
        { workspaceId: integration.workspaceId, integrationId: integration.id },
        [mapping.event],
      );
    } catch (e) {
      this.logger.warn(
        { err: (e as Error).message, integrationId: integration.id },
        'widget message not stored',
      );
      throw new DomainError(
        'UNAVAILABLE',
        'The message could not be stored right now; it will be sent again.',
      );
    }
    const row = await this.conversations.messageByExternalId(
      integration.workspaceId,
      integration.id,
      mapping.event.externalId,
    );
    if (!row)
      throw new DomainError('UNAVAILABLE', 'The message could not be read back; it will be sent again.');
    return this.presenter.present(row, integration.config);
  }

  /** The visitor's current conversation and its messages after `afterSeq` (oldest first). */
  async messagesAfter(
    integration: WidgetIntegration,
    visitor: VisitorClaims,
    afterSeq: number,
  ): Promise<{ conversation: VisitorConversation | null; messages: WidgetMessage[] }> {
    const conversation = await this.currentConversation(integration, visitor);
    if (!conversation) return { conversation: null, messages: [] };
    const rows = await this.conversations.messagesAfter(
      integration.workspaceId,
      conversation.id,
      afterSeq,
      PAGE,
    );
    return { conversation, messages: rows.map((r) => this.presenter.present(r, integration.config)) };
  }

  currentConversation(
    integration: WidgetIntegration,
    visitor: VisitorClaims,
  ): Promise<VisitorConversation | undefined> {
    return this.conversations.findCurrent(integration.workspaceId, integration.id, visitor.externalId);
  }

  /** Records receipts for the visitor's replies up to `seq`, through the ingest like any channel's receipts. */
  async recordReceipts(
    integration: WidgetIntegration,
    conversationId: string,
    uptoSeq: number,
    status: 'delivered' | 'read',
  ): Promise<void> {
    const ids = await this.conversations.receiptCandidates(
      integration.workspaceId,
      conversationId,
      uptoSeq,
      status,
    );
    if (ids.length === 0) return;
    const occurredAt = this.clock.now();
    await this.recorder.recordInboundEvents(
      { workspaceId: integration.workspaceId, integrationId: integration.id },
      ids.map((externalMessageId) => ({
        type: 'delivery_status' as const,
        externalMessageId,
        status,
        occurredAt,
      })),
    );
  }

  async markRead(integration: WidgetIntegration, visitor: VisitorClaims, seq: unknown): Promise<void> {
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1)
      throw new DomainError('INVALID_INPUT', 'seq must be a positive integer.');
    const conversation = await this.currentConversation(integration, visitor);
    if (conversation) await this.recordReceipts(integration, conversation.id, seq, 'read');
  }

  /** Publishes the visitor's typing state (and draft, when sneak peek is on) to the agents. Never stored. */
  async publishTyping(
    integration: WidgetIntegration,
    conversation: Pick<VisitorConversation, 'id' | 'assigneeId'>,
    on: boolean,
    draft: unknown,
  ): Promise<void> {
    const text =
      on && integration.config.sneakPeek && typeof draft === 'string' ? draft.slice(0, MAX_DRAFT) : null;
    await this.bus.publish([
      {
        type: 'conversation.typing',
        workspaceId: integration.workspaceId,
        conversationId: conversation.id,
        actor: 'contact',
        agentId: null,
        on,
        draft: text,
        assigneeId: conversation.assigneeId,
      },
    ]);
  }

  async upload(
    integration: WidgetIntegration,
    visitor: VisitorClaims,
    file: { name: string; mimeType: string; body: Buffer },
    ip: string,
  ): Promise<FileRecord> {
    const { attachments } = integration.config;
    if (!attachments.enabled) throw new DomainError('FORBIDDEN', 'This chat does not accept files.');
    await this.limiter.hit(
      'uploads',
      [
        { key: `wvu:${integration.id}:${visitor.externalId}`, limit: 20 },
        { key: `wipu:${ip}`, limit: 200 },
      ],
      60_000,
    );
    return this.files.upload({
      workspaceId: integration.workspaceId,
      integrationId: integration.id,
      uploadedByKind: 'contact',
      uploadedBy: visitor.externalId,
      name: file.name,
      mimeType: file.mimeType,
      body: file.body,
      maxBytes: attachments.maxBytes,
      allowedTypes: attachments.allowedTypes,
    });
  }
}
