/**
 * The shapes the console reads from the hub's GraphQL API (schema.gql and docs/console-api.md),
 * narrowed to the fields the console selects in graphql-documents.ts.
 */
export type AgentRole = 'OWNER' | 'ADMIN' | 'AGENT';
export type AgentStatus = 'ACCEPTING' | 'NOT_ACCEPTING' | 'OFFLINE';
export type ConversationStatus = 'OPEN' | 'PENDING' | 'QUEUED' | 'RESOLVED';
export type DeliveryStatus = 'PENDING' | 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';
export type AttachmentKind = 'AUDIO' | 'FILE' | 'IMAGE' | 'VIDEO';
export type AuthorKind = 'AGENT' | 'BOT' | 'CONTACT' | 'SYSTEM';

export const AGENT_STATUSES: readonly AgentStatus[] = ['ACCEPTING', 'NOT_ACCEPTING', 'OFFLINE'];

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: AgentRole;
  status: AgentStatus;
  capacity: number;
  avatarUrl: string | null;
  openConversations: number;
  lastSeenAt: string | null;
  /** Deactivated agents are listed but take no chats (absent in sessions stored before it existed). */
  deactivated?: boolean;
}

export interface Team {
  id: string;
  name: string;
}

/** An agent's routing skills: { "billing": 3 } (levels 1-5). */
export type AgentSkills = Record<string, number>;

/** An agent as the admin screens see it. */
export interface ManagedAgent extends Agent {
  deactivated: boolean;
  invitationPending: boolean;
  skills: AgentSkills;
}

/** `Team.memberTiers`: one row per member. */
export interface TeamMemberTier {
  agentId: string;
  tier: AgentTier;
}

export interface TeamWithMembers extends Team {
  members: { id: string; name: string }[];
  memberTiers: TeamMemberTier[];
}

/** The `externalRouter` query (admins): where it is; the hub never returns its secret. */
export interface ExternalRouter {
  url: string;
  timeoutMs: number;
}

export interface Integration {
  id: string;
  connectorId: string;
  name: string;
  enabled: boolean;
  webhookUrl: string;
  createdAt: string;
  /** WhatsApp Web's linked session (without the QR code); null for connectors that keep none. */
  session: Omit<IntegrationSession, 'qr'> | null;
}

/** `IntegrationSession.state` (docs/console-api.md, "WhatsApp Web linking"). */
export type IntegrationSessionState = 'CONNECTING' | 'QR_REQUIRED' | 'READY' | 'NEEDS_RELINKING' | 'ERROR';

/** A connector's long-lived session (WhatsApp Web): its state and, while linking, the QR payload. */
export interface IntegrationSession {
  integrationId: string;
  state: IntegrationSessionState;
  /** Plain words from the hub (English). */
  detail: string | null;
  /** The raw QR payload to render while QR_REQUIRED or NEEDS_RELINKING; a linking secret: never log it. */
  qr: string | null;
  updatedAt: string;
}

/** inviteAgent / reinviteAgent: the link is shown once. */
export interface AgentInvitation {
  invitationUrl: string;
  expiresAt: string;
  agent: ManagedAgent;
}

export interface TagUsage {
  name: string;
  conversations: number;
}

export interface ContactSummary {
  id: string;
  name: string | null;
  email: string | null;
  avatarUrl: string | null;
}

/** How one integration knows the contact. */
export interface ContactIdentity {
  integrationId: string;
  integrationName: string;
  connectorId: string;
  externalId: string;
}

export interface Contact extends ContactSummary {
  phone: string | null;
  locale: string | null;
  createdAt: string;
  identities: ContactIdentity[];
}

/** What a chat list row needs; kept live from workspaceEvents. */
export interface ConversationSummary {
  id: string;
  status: ConversationStatus;
  createdAt: string;
  lastMessageAt: string | null;
  assignedAt: string | null;
  resolvedAt: string | null;
  lastSeq: number;
  assigneeId: string | null;
  teamId: string | null;
  unreadCount: number;
  lastReadSeq: number;
  tags: string[];
  contact: ContactSummary;
  assignee: { id: string; name: string } | null;
}

export interface PrechatAnswer {
  fieldId: string;
  label: string;
  type: string;
  value: string;
  answeredAt: string | null;
}

export interface VisitedPage {
  url: string;
  title: string;
  at: string;
}

export interface WidgetVisitor {
  currentPage: VisitedPage | null;
  recentPages: VisitedPage[];
  sessionVariables: Record<string, unknown>;
  visits: number;
  firstSeenAt: string;
  lastSeenAt: string;
  locale: string | null;
  userAgent: string | null;
}

/** `ReplyWindow.state`: OPEN as usual, TAG_REQUIRED still sendable (marked), CLOSED refuses free text. */
export type ReplyWindowState = 'OPEN' | 'TAG_REQUIRED' | 'CLOSED';

/** `Conversation.replyWindow`: whether the channel takes a free-form reply now. */
export interface ReplyWindow {
  open: boolean;
  state: ReplyWindowState;
  /** When free-form replies stop; null when they never do or already have. */
  closesAt: string | null;
  /** The hub's plain words (English) when not simply open. */
  reason: string | null;
  /** Approved templates may be sent (sendTemplate), also while closed (WhatsApp). */
  templatesAllowed: boolean;
}

/** An approved template of the conversation's channel (`messageTemplates`). */
export interface MessageTemplate {
  name: string;
  /** The code to send it with, like en_US. */
  language: string;
  category: string | null;
  /** The body with {{1}}, {{2}}... placeholders. */
  body: string;
  parameterCount: number;
}

/** The open chat: the row plus what the contact panel shows. */
export interface ConversationDetail extends Omit<ConversationSummary, 'contact'> {
  contact: Contact;
  prechat: PrechatAnswer[] | null;
  visitor: WidgetVisitor | null;
  integrationId: string;
  replyWindow: ReplyWindow;
}

export interface Attachment {
  fileId: string | null;
  kind: AttachmentKind;
  name: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  url: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'INBOUND' | 'OUTBOUND';
  authorKind: AuthorKind;
  authorAgentId: string | null;
  clientMessageId: string | null;
  text: string | null;
  private: boolean;
  createdAt: string;
  deliveryStatus: DeliveryStatus | null;
  failureReason: string | null;
  attachments: Attachment[];
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string;
  text: string;
  shared: boolean;
  updatedAt: string;
}

export interface CannedResponseInput {
  shortcut: string;
  title: string;
  text: string;
  shared: boolean;
}

/** One item of the workspaceEvents subscription; the console refetches what it names. */
export interface WorkspaceEvent {
  type: string;
  conversationId: string | null;
  messageId: string | null;
  seq: number | null;
  assigneeId: string | null;
  teamId: string | null;
  status: string | null;
  actor: string | null;
  agentId: string | null;
  typing: boolean | null;
  draft: string | null;
}

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface ConversationPage {
  edges: { node: ConversationSummary }[];
  pageInfo: PageInfo;
}

/** A team's queue, or the workspace pool's (teamId null), as supervision shows it. */
export interface RoutingQueue {
  teamId: string | null;
  teamName: string | null;
  waiting: number;
  oldestWaitSeconds: number | null;
  /** Waiting longer than slaSeconds now. */
  overSla: number;
  slaSeconds: number;
  strategy: string;
  acceptingAgents: number;
  freeSlots: number;
}

export type AgentTier = 'FIRST' | 'NORMAL' | 'LAST';

/** `Conversation.routing` (docs/routing.md, "Visibility (GraphQL)"). */
export interface ConversationRouting {
  /** 0-100, higher is served first. */
  priority: number;
  /** 1 = next, while it waits in a queue. */
  queuePosition: number | null;
  etaSeconds: number | null;
  /** Stored when routing placed it: ruleId/ruleName, teamId, strategy, choice, tier, timers' marks. */
  reason: Record<string, unknown> | null;
}

/** POST /files answer. */
export interface UploadedFile {
  fileId: string;
  kind: AttachmentKind;
  name: string;
  mimeType: string;
  sizeBytes: number;
  url: string;
}
