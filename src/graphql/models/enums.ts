import { registerEnumType } from '@nestjs/graphql';

/**
 * GraphQL enums in SCREAMING_CASE whose internal values are the lower-case strings stored in
 * PostgreSQL, so records pass through unchanged.
 */
export const AgentStatusEnum = {
  ACCEPTING: 'accepting',
  NOT_ACCEPTING: 'not_accepting',
  OFFLINE: 'offline',
} as const;
export const AgentRoleEnum = { OWNER: 'owner', ADMIN: 'admin', AGENT: 'agent' } as const;
export const ConversationStatusEnum = {
  QUEUED: 'queued',
  OPEN: 'open',
  PENDING: 'pending',
  RESOLVED: 'resolved',
} as const;
export const MessageDirectionEnum = { INBOUND: 'inbound', OUTBOUND: 'outbound' } as const;
export const AuthorKindEnum = { CONTACT: 'contact', AGENT: 'agent', BOT: 'bot', SYSTEM: 'system' } as const;
export const DeliveryStatusEnum = {
  PENDING: 'pending',
  SENT: 'sent',
  DELIVERED: 'delivered',
  READ: 'read',
  FAILED: 'failed',
} as const;
export const AgentTierEnum = { FIRST: 'first', NORMAL: 'normal', LAST: 'last' } as const;
export const AttachmentKindEnum = { IMAGE: 'image', VIDEO: 'video', AUDIO: 'audio', FILE: 'file' } as const;

registerEnumType(AgentStatusEnum, {
  name: 'AgentStatus',
  description: 'Whether routing may assign conversations to the agent.',
});
registerEnumType(AgentRoleEnum, {
  name: 'AgentRole',
  description: 'Owners and admins manage the workspace; agents answer chats.',
});
registerEnumType(ConversationStatusEnum, { name: 'ConversationStatus' });
registerEnumType(MessageDirectionEnum, { name: 'MessageDirection' });
registerEnumType(AuthorKindEnum, { name: 'AuthorKind' });
registerEnumType(DeliveryStatusEnum, { name: 'DeliveryStatus' });
registerEnumType(AttachmentKindEnum, { name: 'AttachmentKind' });
registerEnumType(AgentTierEnum, {
  name: 'AgentTier',
  description:
    'Priority tier inside a team: FIRST members get chats before NORMAL ones, LAST only when nobody else can.',
});
