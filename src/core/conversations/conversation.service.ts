import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgentRecord, AgentRepository } from '../agents/agent.repository';
import { assignQueuedJob } from '../agents/agent.service';
import { TeamRecord, TeamRepository } from '../agents/team.repository';
import type { Principal } from '../auth/principal';
import { ContactRepository } from '../contacts/contact.repository';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRecord, OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { CONVERSATION_STATUSES, ConversationStatus } from './conversation.entity';
import { normalizeTag } from './conversation-tags.policy';
import {
  ConversationPosition,
  ConversationRecord,
  ConversationRepository,
  ConversationRow,
} from './conversation.repository';
import { MessageRecord, MessageRepository } from './message.repository';

export interface ConversationFilter {
  status?: ConversationStatus;
  assigneeId?: string;
  /** Only the caller's own conversations. */
  mine?: boolean;
  /** Case-insensitive substring of the contact's name or email, or of a message (notes excluded). */
  search?: string;
  /** Conversations carrying this tag (normalised like the tags themselves). */
  tag?: string;
  /** Conversations of this contact. */
  contactId?: string;
}

/** Who an assignment goes to, as found under lock; the team is set only when one was named. */
export interface AssignmentTarget {
  agent: AgentRecord | null;
  team: TeamRecord | null;
}

export interface ConversationPage {
  rows: ConversationRecord[];
  hasNextPage: boolean;
}

export const MAX_PAGE_SIZE = 100;
export const MAX_MESSAGES_PER_CALL = 500;
export const MAX_SEARCH_LENGTH = 200;

/**
 * The single seam for conversation visibility. In v0 every agent of the workspace sees every
 * conversation of it; team- or assignee-scoped visibility changes only this function. A
 * conversation the caller may not see answers NOT_FOUND, exactly like one that does not exist.
 */
export function canAccessConversation(
  principal: Principal,
  conversation: Pick<ConversationRow, 'workspaceId'>,
): boolean {
  return conversation.workspaceId === principal.workspaceId;
}

export function conversationNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'Conversation not found.');
}

@Injectable()
export class ConversationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly agents: AgentRepository,
    private readonly teams: TeamRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly contacts: ContactRepository,
  ) {}

  /** With the caller's read mark and unread count. */
  async getConversation(principal: Principal, conversationId: string): Promise<ConversationRecord> {
    const found = await this.conversations.findById(principal.workspaceId, conversationId, principal.agentId);
    if (!found || !canAccessConversation(principal, found)) throw conversationNotFound();
    return found;
  }

  async listConversations(
    principal: Principal,
    filter: ConversationFilter,
    first: number,
    after?: ConversationPosition,
  ): Promise<ConversationPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      throw new DomainError('INVALID_INPUT', `first must be 1 to ${MAX_PAGE_SIZE}.`);
    if (filter.mine && filter.assigneeId)
      throw new DomainError('INVALID_INPUT', 'Pass either mine or assigneeId, not both.');
    if (filter.status && !CONVERSATION_STATUSES.includes(filter.status))
      throw new DomainError('INVALID_INPUT', 'Unknown status.');
    const search = filter.search?.trim() || undefined;
    if (search && search.length > MAX_SEARCH_LENGTH)
      throw new DomainError('INVALID_INPUT', `search must be at most ${MAX_SEARCH_LENGTH} characters.`);
    const tag = filter.tag === undefined ? undefined : normalizeTag(filter.tag);
    // An unknown assignee answers NOT_FOUND, like every other id of another workspace (rule 5).
    if (filter.assigneeId && !(await this.agents.findById(principal.workspaceId, filter.assigneeId))) {
      throw new DomainError('NOT_FOUND', 'Agent not found.');
    }
    if (filter.contactId && !(await this.contacts.findById(principal.workspaceId, filter.contactId))) {
      throw new DomainError('NOT_FOUND', 'Contact not found.');
    }
    const assigneeId = filter.mine ? principal.agentId : filter.assigneeId;
    const rows = await this.conversations.page(principal.workspaceId, {
      viewerAgentId: principal.agentId,
      status: filter.status,
      assigneeId,
      tag,
      search,
      contactId: filter.contactId,
      after,
      limit: first + 1,
    });
    const visible = rows.filter((c) => canAccessConversation(principal, c));
    return { rows: visible.slice(0, first), hasNextPage: rows.length > first };
  }

  /** Messages of a conversation after `afterSeq`, in seq order (rule 3). */
  async messagesSince(
    principal: Principal,
    conversationId: string,
    afterSeq: number,
    limit: number,
  ): Promise<MessageRecord[]> {
    const conversation = await this.getConversation(principal, conversationId);
    return this.messagesOf(conversation, afterSeq, limit);
  }

  /** For a conversation the caller already loaded (and so may see). */
  async messagesOf(
    conversation: Pick<ConversationRow, 'workspaceId' | 'id'>,
    afterSeq: number,
    limit: number,
  ): Promise<MessageRecord[]> {
    if (!Number.isInteger(afterSeq) || afterSeq < 0)
      throw new DomainError('INVALID_INPUT', 'afterSeq must be a whole number ≥ 0.');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MESSAGES_PER_CALL) {
      throw new DomainError('INVALID_INPUT', `limit must be 1 to ${MAX_MESSAGES_PER_CALL}.`);
    }
    return this.messages.listAfterSeq(conversation.workspaceId, conversation.id, afterSeq, limit);
  }

  /**
   * Assigns or transfers. With an agent the conversation opens for that agent (a person's choice
   * may exceed the agent's capacity, unlike routing's); with only a team it goes back to the queue
   * for that team and is routed again. Locks the conversation row, then the agent row: the order
   * routing uses, so the two never deadlock.
   */
  async assignConversation(
    principal: Principal,
    conversationId: string,
    to: { agentId?: string; teamId?: string },
  ): Promise<ConversationRecord> {
    requireAssignmentTarget(to);
    return this.changeConversation(principal, conversationId, (tx, before) =>
      this.assignLocked(tx, before, to),
    );
  }

  /**
   * The assignment itself, for a caller inside `changeConversation` (assign, transfer): finds the
   * target agent (taking its row lock) and team, refuses a resolved conversation, lets `admit`
   * refuse the target before anything changes, then assigns. Returns the outbox rows to append.
   */
  async assignLocked(
    tx: EntityManager,
    before: ConversationRow,
    to: { agentId?: string; teamId?: string },
    admit?: (target: AssignmentTarget) => Promise<void>,
  ): Promise<OutboxPayload[]> {
    const { workspaceId, id: conversationId } = before;
    const agent = to.agentId ? await this.agents.lockById(tx, workspaceId, to.agentId) : undefined;
    if (to.agentId && !agent) throw new DomainError('NOT_FOUND', 'Agent not found.');
    const team = to.teamId ? await this.teams.findById(workspaceId, to.teamId, tx) : undefined;
    if (to.teamId && !team) throw new DomainError('NOT_FOUND', 'Team not found.');
    if (before.status === 'resolved')
      throw new DomainError('CONFLICT', 'The conversation is resolved; reopen it before assigning.');
    await admit?.({ agent: agent ?? null, team: team ?? null });
    const assigneeId = to.agentId ?? null;
    const teamId = to.teamId ?? before.teamId;
    const status: ConversationStatus = assigneeId
      ? before.status === 'queued'
        ? 'open'
        : before.status
      : 'queued';
    await this.conversations.assign(tx, workspaceId, conversationId, { assigneeId, teamId, status });
    const payloads: OutboxPayload[] = [
      {
        kind: 'event',
        event: { type: 'conversation.assigned', workspaceId, conversationId, assigneeId, teamId },
      },
    ];
    if (status !== before.status) payloads.push(statusChanged(workspaceId, conversationId, status));
    if (before.assigneeId && before.assigneeId !== assigneeId) payloads.push(assignQueuedJob(workspaceId));
    if (!assigneeId) payloads.push(routeJob(workspaceId, conversationId));
    return payloads;
  }

  /** Resolving twice is a no-op. The assignee keeps the history but gets the slot back. */
  async resolveConversation(principal: Principal, conversationId: string): Promise<ConversationRecord> {
    const { workspaceId } = principal;
    return this.changeConversation(principal, conversationId, async (tx, before) => {
      if (before.status === 'resolved') return [];
      await this.conversations.setStatus(tx, workspaceId, conversationId, 'resolved');
      const payloads = [statusChanged(workspaceId, conversationId, 'resolved')];
      if (before.assigneeId) payloads.push(assignQueuedJob(workspaceId));
      return payloads;
    });
  }

  /**
   * Reopens a resolved conversation: open again for its last assignee when it still has one, or
   * queued and routed again otherwise. Reopening anything else is a no-op. Fails with CONFLICT
   * when the contact has started a newer conversation on the same thread meanwhile.
   */
  async reopenConversation(principal: Principal, conversationId: string): Promise<ConversationRecord> {
    const { workspaceId } = principal;
    return this.changeConversation(principal, conversationId, async (tx, before) => {
      if (before.status !== 'resolved') return [];
      const status: ConversationStatus = before.assigneeId ? 'open' : 'queued';
      try {
        await this.conversations.setStatus(tx, workspaceId, conversationId, status);
      } catch (e) {
        if ((e as { code?: string }).code === '23505') {
          throw new DomainError(
            'CONFLICT',
            'The contact has a newer active conversation on this channel; continue there.',
          );
        }
        throw e;
      }
      const payloads = [statusChanged(workspaceId, conversationId, status)];
      if (status === 'queued') payloads.push(routeJob(workspaceId, conversationId));
      return payloads;
    });
  }

  /**
   * The caller's read mark moves forward to `seq` (clamped to the last message); an older mark is
   * a no-op. Answers the conversation with the caller's new unread count.
   */
  async markConversationRead(
    principal: Principal,
    conversationId: string,
    seq: number,
  ): Promise<ConversationRecord> {
    if (!Number.isInteger(seq) || seq < 0)
      throw new DomainError('INVALID_INPUT', 'seq must be a whole number ≥ 0.');
    await this.getConversation(principal, conversationId);
    await this.conversations.markRead(principal.workspaceId, conversationId, principal.agentId, seq);
    return this.getConversation(principal, conversationId);
  }

  /**
   * Locks the conversation, applies `apply` and its outbox rows in one transaction, relays after
   * commit. Everything inside must use `tx`: a query on another pool connection while holding the
   * row lock starves the pool when many requests wait for the same conversation.
   */
  async changeConversation(
    principal: Principal,
    conversationId: string,
    apply: (tx: EntityManager, before: ConversationRow) => Promise<OutboxPayload[]>,
  ): Promise<ConversationRecord> {
    const rows: OutboxRecord[] = await this.db.transaction(async (tx) => {
      const before = await this.conversations.lockById(tx, principal.workspaceId, conversationId);
      if (!before || !canAccessConversation(principal, before)) throw conversationNotFound();
      return this.outbox.append(tx, principal.workspaceId, await apply(tx, before));
    });
    this.relay.relayCommitted(rows);
    return this.getConversation(principal, conversationId);
  }
}

export function requireAssignmentTarget(to: { agentId?: string; teamId?: string }): void {
  if (!to.agentId && !to.teamId) throw new DomainError('INVALID_INPUT', 'Pass agentId, teamId or both.');
}

function statusChanged(
  workspaceId: string,
  conversationId: string,
  status: ConversationStatus,
): OutboxPayload {
  return {
    kind: 'event',
    event: { type: 'conversation.status_changed', workspaceId, conversationId, status },
  };
}

function routeJob(workspaceId: string, conversationId: string): OutboxPayload {
  return {
    kind: 'job',
    queue: 'routing',
    name: 'route-conversations',
    data: { workspaceId, conversationIds: [conversationId] },
  };
}
