import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isAdmin, type Principal } from '../auth/principal';
import { assertCanManageRole } from '../auth/role.policy';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxRecord, OutboxRepository } from '../outbox/outbox.repository';
import type { OutboxPayload } from '../outbox/outbox.types';
import { AgentHandoverRepository, RequeuedConversation } from './agent-handover.repository';
import { AgentRecord, AgentRepository } from './agent.repository';
import { agentChangeEffects } from './agent.service';

/**
 * The side effects of handing conversations back to the queue, like unassigning one
 * (conversation.service assignLocked): `conversation.assigned` to nobody, the status change to
 * queued, and one routing job for them all.
 */
export function requeueEffects(
  workspaceId: string,
  requeued: readonly RequeuedConversation[],
): OutboxPayload[] {
  if (requeued.length === 0) return [];
  const effects: OutboxPayload[] = [];
  for (const c of requeued) {
    effects.push({
      kind: 'event',
      event: {
        type: 'conversation.assigned',
        workspaceId,
        conversationId: c.id,
        assigneeId: null,
        teamId: c.teamId,
      },
    });
    if (c.previousStatus !== 'queued')
      effects.push({
        kind: 'event',
        event: { type: 'conversation.status_changed', workspaceId, conversationId: c.id, status: 'queued' },
      });
  }
  effects.push({
    kind: 'job',
    queue: 'routing',
    name: 'route-conversations',
    data: { workspaceId, conversationIds: requeued.map((c) => c.id) },
  });
  return effects;
}

/**
 * Deactivating and reactivating agents (admins; an owner only by an owner; never oneself). A
 * deactivated agent cannot log in, its tokens stop working (AuthService.authenticate), it is
 * OFFLINE and cannot be assigned, and its unresolved conversations go back to the queue to be
 * routed again, all in one transaction.
 */
@Injectable()
export class AgentDeactivationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agents: AgentRepository,
    private readonly handover: AgentHandoverRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /** Deactivating a deactivated agent again only hands back what it might still hold. */
  async deactivateAgent(actor: Principal, agentId: string): Promise<AgentRecord> {
    return this.change(actor, agentId, true);
  }

  async reactivateAgent(actor: Principal, agentId: string): Promise<AgentRecord> {
    return this.change(actor, agentId, false);
  }

  private async change(actor: Principal, agentId: string, deactivate: boolean): Promise<AgentRecord> {
    if (!isAdmin(actor)) throw new DomainError('FORBIDDEN', 'Only admins and owners can do this.');
    const { workspaceId } = actor;
    const result = await this.db.transaction(async (tx) => {
      // Conversation locks first, then the agent's: the order routing and assignment use.
      if (deactivate) await this.handover.lockOpenConversationsOf(tx, workspaceId, agentId);
      const before = await this.agents.lockAnyById(tx, workspaceId, agentId);
      if (!before) throw new DomainError('NOT_FOUND', 'Agent not found.');
      if (before.id === actor.agentId)
        throw new DomainError('FORBIDDEN', 'You cannot deactivate or reactivate yourself.');
      assertCanManageRole(actor, before.role);
      const after = (await this.agents.setDeactivated(tx, workspaceId, agentId, deactivate)) as AgentRecord;
      const requeued = deactivate
        ? await this.handover.requeueOpenConversationsOf(tx, workspaceId, agentId)
        : [];
      const effects: OutboxPayload[] = [
        ...agentChangeEffects(workspaceId, before, after),
        ...requeueEffects(workspaceId, requeued),
      ];
      // Ends the agent's open subscriptions (workspace-event.stream): tokens are checked only at connect.
      if (deactivate)
        effects.push({ kind: 'event', event: { type: 'agent.deactivated', workspaceId, agentId } });
      const rows: OutboxRecord[] = await this.outbox.append(tx, workspaceId, effects);
      return { rows, agentId: after.id };
    });
    this.relay.relayCommitted(result.rows);
    // Reread: the requeue moved open_count after the agent row was returned.
    return (await this.agents.findById(workspaceId, result.agentId)) as AgentRecord;
  }
}
