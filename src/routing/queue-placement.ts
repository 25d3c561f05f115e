import { isOpen } from './policy/business-hours';
import { evaluateRules } from './policy/rule-evaluation';
import type { QueuePlacement, UnroutedConversation } from './routing-queue.repository';
import type { WorkspaceRouting } from './routing-settings.repository';

/**
 * Where rules send a conversation. A team that is closed now (business hours) or unknown (deleted
 * since the rule was saved) is not waited on: its overflow team takes the chat when it is open,
 * or the chat becomes an offline message (pending, unassigned). A rule's bot is tried at once,
 * ahead of the queue (RoutingService), for chats that are queued.
 */
export function placementFor(
  setup: WorkspaceRouting,
  u: UnroutedConversation,
  now: Date,
  /** A team a person already chose (a transfer before routing ran): it wins over the rules' team. */
  presetTeamId: string | null = null,
): QueuePlacement {
  const decision = evaluateRules(
    setup.policy,
    u.context,
    now,
    (teamId) => setup.teams.get(teamId)?.businessHours,
  );
  const reason: Record<string, unknown> = {
    ruleId: decision.ruleId,
    ruleName: decision.ruleName,
    decidedAt: now.toISOString(),
  };
  const base = {
    conversationId: u.id,
    priority: decision.action.priority,
    requiredSkills: decision.action.requiredSkills ?? [],
    preferredAgentId: decision.action.preferredAgentId ?? null,
    botAgentId: decision.action.botAgentId ?? null,
  };
  if (presetTeamId !== null) reason.teamSetBy = 'transfer';
  let teamId = presetTeamId ?? decision.action.teamId ?? null;
  if (teamId !== null && !setup.teams.has(teamId)) {
    reason.unknownTeamId = teamId;
    teamId = null;
  }
  const settings = teamId === null ? setup.pool : setup.teams.get(teamId)!;
  if (!isOpen(settings.businessHours, now)) {
    const overflow = settings.overflowTeamId ? setup.teams.get(settings.overflowTeamId) : undefined;
    if (overflow && isOpen(overflow.businessHours, now)) {
      return {
        ...base,
        teamId: settings.overflowTeamId,
        status: 'queued',
        reason: { ...reason, teamId, overflow: 'closed' },
      };
    }
    return { ...base, teamId, status: 'pending', reason: { ...reason, teamId, overflow: 'offline_message' } };
  }
  return { ...base, teamId, status: 'queued', reason: { ...reason, teamId } };
}
