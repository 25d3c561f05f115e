/**
 * The GraphQL operations of the admin screens (integrations, agents, teams, tags). Kept apart
 * from graphql-documents.ts so they load with those screens, not with the console.
 */
const AGENT_FIELDS =
  'id name email role status capacity avatarUrl openConversations lastSeenAt deactivated invitationPending skills';
// The list never asks for the QR code (a linking secret): the linking panel subscribes to it.
const INTEGRATION_FIELDS =
  'id connectorId name enabled webhookUrl createdAt session { integrationId state detail updatedAt }';
const SESSION_FIELDS = 'integrationId state detail qr updatedAt';
const TEAM_FIELDS = 'id name members { id name } memberTiers { agentId tier }';
const INVITATION_FIELDS = `invitationUrl expiresAt agent { ${AGENT_FIELDS} }`;

export const INTEGRATIONS = `query Integrations { integrations { ${INTEGRATION_FIELDS} } }`;

export const CREATE_INTEGRATION = `mutation CreateIntegration($input: CreateIntegrationInput!) {
  createIntegration(input: $input) { integration { ${INTEGRATION_FIELDS} } generatedSecrets }
}`;

export const WIDGET_CONFIG = `query WidgetConfig($integrationId: ID!) { widgetConfig(integrationId: $integrationId) }`;

export const UPDATE_WIDGET_CONFIG = `mutation UpdateWidgetConfig($integrationId: ID!, $config: JSONObject!) {
  updateWidgetConfig(integrationId: $integrationId, config: $config)
}`;

export const ADMIN_AGENTS = `query AdminAgents { agents { ${AGENT_FIELDS} } }`;

export const INVITE_AGENT = `mutation InviteAgent($input: InviteAgentInput!) { inviteAgent(input: $input) { ${INVITATION_FIELDS} } }`;

export const REINVITE_AGENT = `mutation ReinviteAgent($id: ID!) { reinviteAgent(id: $id) { ${INVITATION_FIELDS} } }`;

export const UPDATE_AGENT = `mutation UpdateAgent($id: ID!, $input: UpdateAgentInput!) {
  updateAgent(id: $id, input: $input) { ${AGENT_FIELDS} }
}`;

export const DEACTIVATE_AGENT = `mutation DeactivateAgent($id: ID!) { deactivateAgent(id: $id) { ${AGENT_FIELDS} } }`;

export const REACTIVATE_AGENT = `mutation ReactivateAgent($id: ID!) { reactivateAgent(id: $id) { ${AGENT_FIELDS} } }`;

export const ACCEPT_INVITATION = `mutation AcceptInvitation($token: String!, $password: String!) {
  acceptInvitation(token: $token, password: $password) {
    token expiresAt agent { id name email role status capacity avatarUrl openConversations lastSeenAt }
  }
}`;

export const ADMIN_TEAMS_AND_AGENTS = `query AdminTeams { teams { ${TEAM_FIELDS} } agents { ${AGENT_FIELDS} } }`;

export const CREATE_TEAM = `mutation CreateTeam($name: String!) { createTeam(name: $name) { ${TEAM_FIELDS} } }`;

export const RENAME_TEAM = `mutation RenameTeam($id: ID!, $name: String!) { renameTeam(id: $id, name: $name) { ${TEAM_FIELDS} } }`;

export const DELETE_TEAM = `mutation DeleteTeam($id: ID!) { deleteTeam(id: $id) }`;

export const ADD_TEAM_MEMBER = `mutation AddTeamMember($teamId: ID!, $agentId: ID!) {
  addTeamMember(teamId: $teamId, agentId: $agentId) { ${TEAM_FIELDS} }
}`;

export const REMOVE_TEAM_MEMBER = `mutation RemoveTeamMember($teamId: ID!, $agentId: ID!) {
  removeTeamMember(teamId: $teamId, agentId: $agentId) { ${TEAM_FIELDS} }
}`;

export const TAG_USAGE = `query TagUsage { tagUsage { name conversations } }`;

export const RENAME_TAG = `mutation RenameTag($from: String!, $to: String!) { renameTag(from: $from, to: $to) { name conversations } }`;

export const DELETE_TAG = `mutation DeleteTag($name: String!) { deleteTag(name: $name) }`;

export const ROUTING_QUEUES = `query RoutingQueues {
  routingQueues { teamId teamName waiting oldestWaitSeconds overSla slaSeconds strategy acceptingAgents freeSlots }
}`;

/** What the routing screen lets an admin pick from: teams, agents, integrations. */
export const ROUTING_SETUP = `query RoutingSetup {
  routingPolicy
  teams { id name }
  agents { id name role deactivated }
  integrations { id name connectorId }
}`;

export const SET_ROUTING_POLICY = `mutation SetRoutingPolicy($policy: JSONObject!) { setRoutingPolicy(policy: $policy) }`;

export const TEAM_ROUTING = `query TeamRouting($teamId: ID) { teamRouting(teamId: $teamId) }`;

export const SET_TEAM_ROUTING = `mutation SetTeamRouting($teamId: ID, $settings: JSONObject!) {
  setTeamRouting(teamId: $teamId, settings: $settings)
}`;

export const SET_TEAM_MEMBER_TIER = `mutation SetTeamMemberTier($teamId: ID!, $agentId: ID!, $tier: AgentTier!) {
  setTeamMemberTier(teamId: $teamId, agentId: $agentId, tier: $tier)
}`;

export const SET_AGENT_SKILLS = `mutation SetAgentSkills($agentId: ID!, $skills: JSONObject!) {
  setAgentSkills(agentId: $agentId, skills: $skills)
}`;

/** Null when none is set; never the secret. */
export const EXTERNAL_ROUTER = `query ExternalRouter { externalRouter { url timeoutMs } }`;

export const SET_EXTERNAL_ROUTER = `mutation SetExternalRouter($url: String, $secret: String, $timeoutMs: Int!) {
  setExternalRouter(url: $url, secret: $secret, timeoutMs: $timeoutMs)
}`;

/** WhatsApp Web linking (docs/console-api.md): the state now, then every change, QR codes included. */
export const INTEGRATION_SESSION_EVENTS = `subscription IntegrationSession($integrationId: ID!) {
  integrationSession(integrationId: $integrationId) { ${SESSION_FIELDS} }
}`;

/** Restarts the session now; a new QR code follows on the subscription when the phone is not linked. */
export const RELINK_INTEGRATION = `mutation RelinkIntegration($id: ID!) { relinkIntegration(id: $id) { ${SESSION_FIELDS} } }`;
