import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isAdmin, type Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { TagUsage, ConversationTagRepository } from './conversation-tag.repository';
import { normalizeTag, normalizeTags } from './conversation-tags.policy';
import { ConversationRecord, ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';

/** Tags agents put on conversations, and the workspace's tag list the console offers. */
@Injectable()
export class ConversationTagService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conversationService: ConversationService,
    private readonly conversations: ConversationRepository,
    private readonly tags: ConversationTagRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Replaces the conversation's tags (normalised: conversation-tags.policy.ts), resolved or not.
   * A change publishes `conversation.updated` through the outbox, in the same transaction;
   * setting the same tags again changes nothing and publishes nothing.
   */
  async setConversationTags(
    principal: Principal,
    conversationId: string,
    raw: readonly string[],
  ): Promise<ConversationRecord> {
    const tags = normalizeTags(raw);
    const { workspaceId } = principal;
    return this.conversationService.changeConversation(
      principal,
      conversationId,
      async (tx, before): Promise<OutboxPayload[]> => {
        if (before.tags.join(',') === tags.join(',')) return [];
        await this.conversations.setTags(tx, workspaceId, conversationId, tags);
        return [updated(workspaceId, conversationId)];
      },
    );
  }

  /** Every tag used in the caller's workspace, sorted. */
  async workspaceTags(principal: Principal): Promise<string[]> {
    return this.conversations.workspaceTags(principal.workspaceId);
  }

  /** Every tag used in the caller's workspace with how many conversations carry it, sorted by name. */
  async tagUsage(principal: Principal): Promise<TagUsage[]> {
    return this.tags.usage(principal.workspaceId);
  }

  /**
   * Admins: renames a tag on every conversation of the workspace; when `to` is already used, the
   * two merge. Each changed conversation publishes `conversation.updated`. Answers the tag's
   * usage afterwards; NOT_FOUND when no conversation carries `from`.
   */
  async renameTag(principal: Principal, rawFrom: string, rawTo: string): Promise<TagUsage> {
    requireAdmin(principal);
    const from = normalizeTag(rawFrom);
    const to = normalizeTag(rawTo);
    const usage = await this.tags.usage(principal.workspaceId);
    if (!usage.some((t) => t.name === from)) throw tagNotFound();
    if (from === to) return usage.find((t) => t.name === to) as TagUsage;
    await this.rewrite(principal, (tx, ws) => this.tags.rename(tx, ws, from, to));
    const after = (await this.tags.usage(principal.workspaceId)).find((t) => t.name === to);
    if (!after) throw tagNotFound(); // removed meanwhile
    return after;
  }

  /** Admins: removes a tag from every conversation of the workspace; answers how many changed. */
  async deleteTag(principal: Principal, raw: string): Promise<number> {
    requireAdmin(principal);
    const tag = normalizeTag(raw);
    const changed = await this.rewrite(principal, (tx, ws) => this.tags.remove(tx, ws, tag));
    if (changed === 0) throw tagNotFound();
    return changed;
  }

  private async rewrite(
    principal: Principal,
    change: (tx: EntityManager, workspaceId: string) => Promise<string[]>,
  ): Promise<number> {
    const { workspaceId } = principal;
    const { rows, count } = await this.db.transaction(async (tx) => {
      const ids = await change(tx, workspaceId);
      const events = ids.map((id) => updated(workspaceId, id));
      return { rows: await this.outbox.append(tx, workspaceId, events), count: ids.length };
    });
    this.relay.relayCommitted(rows);
    return count;
  }
}

function updated(workspaceId: string, conversationId: string): OutboxPayload {
  return { kind: 'event', event: { type: 'conversation.updated', workspaceId, conversationId } };
}

function requireAdmin(principal: Principal): void {
  if (!isAdmin(principal))
    throw new DomainError('FORBIDDEN', 'Only admins and owners can change tags workspace-wide.');
}

function tagNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No conversation carries this tag.');
}
