import { Injectable } from '@nestjs/common';
import { WidgetConversationRepository } from './widget-conversation.repository';

const TTL_MS = 3000;

/** Whether a workspace has an agent taking chats, cached a few seconds per process. */
@Injectable()
export class WidgetAvailability {
  private readonly cache = new Map<string, { online: boolean; until: number }>();

  constructor(private readonly conversations: WidgetConversationRepository) {}

  async isOnline(workspaceId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.cache.get(workspaceId);
    if (hit && hit.until > now) return hit.online;
    const online = await this.conversations.anyAgentAccepting(workspaceId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(workspaceId, { online, until: now + TTL_MS });
    return online;
  }
}
