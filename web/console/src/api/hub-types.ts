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
}

export interface Team {
  id: string;
  name: string;
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

/** The open chat: the row plus what the contact panel shows. */
export interface ConversationDetail extends Omit<ConversationSummary, 'contact'> {
  contact: Contact;
  prechat: PrechatAnswer[] | null;
  visitor: WidgetVisitor | null;
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

/** POST /files answer. */
export interface UploadedFile {
  fileId: string;
  kind: AttachmentKind;
  name: string;
  mimeType: string;
  sizeBytes: number;
  url: string;
}
