import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgentRecord } from '../agents/agent.repository';
import { isAdmin, type Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { Clock, CLOCK } from '../tokens';
import { transferNoteText, transferRefusal, validTransferNote } from './conversation-transfer.policy';
import { ConversationRecord, ConversationRepository, ConversationRow } from './conversation.repository';
import { ConversationService, requireAssignmentTarget } from './conversation.service';
import { MessageRepository } from './message.repository';
import { agentMessageCreated } from './send-message.service';

export interface TransferInput {
  agentId?: string;
  teamId?: string;
  /** Why, for the next agent; kept in the private note the transfer writes. */
  note?: string;
  /** An admin's override of the target agent's status and capacity. */
  force?: boolean;
}

/**
 * Hands a conversation to another agent or team. It assigns exactly like assignConversation (same
 * access rules, locks and events) but asks the target agent's consent (ACCEPTING, with room;
 * an admin may force it) and leaves a private note by the caller, all in one transaction.
 */
@Injectable()
export class ConversationTransferService {
  constructor(
    private readonly conversationService: ConversationService,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async transferConversation(
    principal: Principal,
    conversationId: string,
    input: TransferInput,
  ): Promise<ConversationRecord> {
    requireAssignmentTarget(input);
    const note = validTransferNote(input.note);
    return this.conversationService.changeConversation(principal, conversationId, async (tx, before) => {
      let targetName = '';
      const assigned = await this.conversationService.assignLocked(
        tx,
        before,
        input,
        async ({ agent, team }) => {
          if (agent) await this.admit(tx, principal, before, agent, input.force === true);
          targetName = agent?.name ?? team?.name ?? '';
        },
      );
      const occurredAt = this.clock.now();
      const written = await this.messages.insertOutbound(tx, {
        workspaceId: before.workspaceId,
        conversationId: before.id,
        integrationId: before.integrationId,
        seq: before.lastSeq + 1,
        authorAgentId: principal.agentId,
        clientMessageId: null,
        text: transferNoteText(targetName, note),
        attachments: [],
        private: true,
        occurredAt,
      });
      if (!written) throw new Error('a note without clientMessageId cannot collide');
      await this.conversations.recordMessage(tx, before.workspaceId, before.id, written.seq, occurredAt);
      return [...assigned, agentMessageCreated(written)];
    });
  }

  /** The caller holds the agent's row lock (assignLocked took it), so its load cannot change meanwhile. */
  private async admit(
    tx: EntityManager,
    principal: Principal,
    before: ConversationRow,
    agent: AgentRecord,
    force: boolean,
  ): Promise<void> {
    // Already theirs: the transfer adds nothing to their load.
    if (agent.id === before.assigneeId) return;
    const openCount = (await this.conversations.openCountOf(tx, before.workspaceId, agent.id)) ?? 0;
    const refusal = transferRefusal({ ...agent, openCount });
    if (!refusal || (force && isAdmin(principal))) return;
    throw new DomainError(
      'CONFLICT',
      force
        ? `${refusal}; only an admin can force a transfer.`
        : `${refusal}; an admin can force the transfer.`,
    );
  }
}
