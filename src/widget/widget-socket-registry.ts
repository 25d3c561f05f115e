import { Injectable } from '@nestjs/common';
import type { DomainEvent } from '../core/realtime/domain-event';
import { RealtimeBus } from '../core/realtime/realtime-bus.service';
import type { WidgetSession } from './widget-session';

/**
 * The widget sockets of this process, indexed by conversation and workspace, and the realtime
 * bus subscriptions they need: one per workspace with at least one authenticated socket here.
 */
@Injectable()
export class WidgetSocketRegistry {
  private readonly sessions = new Set<WidgetSession>();
  private readonly perIp = new Map<string, number>();
  private readonly byConversation = new Map<string, Set<WidgetSession>>();
  private readonly byWorkspace = new Map<
    string,
    { sessions: Set<WidgetSession>; unsubscribe: Promise<() => Promise<void>> }
  >();

  constructor(private readonly bus: RealtimeBus) {}

  /** Registers a new socket; returns how many sockets its address now has open here. */
  open(s: WidgetSession): number {
    this.sessions.add(s);
    const count = (this.perIp.get(s.ip) ?? 0) + 1;
    this.perIp.set(s.ip, count);
    return count;
  }

  close(s: WidgetSession): void {
    this.sessions.delete(s);
    const n = (this.perIp.get(s.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(s.ip);
    else this.perIp.set(s.ip, n);
    this.unfollow(s);
    if (!s.integration) return;
    const entry = this.byWorkspace.get(s.integration.workspaceId);
    if (!entry) return;
    entry.sessions.delete(s);
    if (entry.sessions.size === 0) {
      this.byWorkspace.delete(s.integration.workspaceId);
      void entry.unsubscribe.then((unsubscribe) => unsubscribe()).catch(() => undefined);
    }
  }

  /** Adds an authenticated socket to its workspace, subscribing this process to it if needed. */
  async join(s: WidgetSession, workspaceId: string, listener: (event: DomainEvent) => void): Promise<void> {
    let entry = this.byWorkspace.get(workspaceId);
    if (!entry) {
      entry = { sessions: new Set(), unsubscribe: this.bus.subscribe(workspaceId, listener) };
      this.byWorkspace.set(workspaceId, entry);
    }
    entry.sessions.add(s);
    await entry.unsubscribe;
  }

  /** Makes the socket receive the conversation's events (and no other conversation's). */
  follow(s: WidgetSession, conversationId: string, assigneeId: string | null): void {
    this.unfollow(s);
    s.conversation = { id: conversationId, assigneeId };
    let set = this.byConversation.get(conversationId);
    if (!set) this.byConversation.set(conversationId, (set = new Set()));
    set.add(s);
  }

  private unfollow(s: WidgetSession): void {
    if (!s.conversation) return;
    const set = this.byConversation.get(s.conversation.id);
    set?.delete(s);
    if (set?.size === 0) this.byConversation.delete(s.conversation.id);
  }

  inConversation(conversationId: string): WidgetSession[] {
    return [...(this.byConversation.get(conversationId) ?? [])];
  }

  inWorkspace(workspaceId: string): WidgetSession[] {
    return [...(this.byWorkspace.get(workspaceId)?.sessions ?? [])];
  }

  all(): Iterable<WidgetSession> {
    return this.sessions;
  }
}
