import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { OutboxPayload } from '../outbox/outbox.types';
import { normalizeTags } from './conversation-tags.policy';
import { ConversationRecord, ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';

/** Tags agents put on conversations, and the workspace's tag list the console offers. */
@Injectable()
export class ConversationTagService {
  constructor(
    private readonly conversationService: ConversationService,
    private readonly conversations: ConversationRepository,
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
        return [{ kind: 'event', event: { type: 'conversation.updated', workspaceId, conversationId } }];
      },
    );
  }

  /** Every tag used in the caller's workspace, sorted. */
  async workspaceTags(principal: Principal): Promise<string[]> {
    return this.conversations.workspaceTags(principal.workspaceId);
  }
}
