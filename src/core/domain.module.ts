import { Module } from '@nestjs/common';
import { AgentDeactivationService } from './agents/agent-deactivation.service';
import { AgentHandoverRepository } from './agents/agent-handover.repository';
import { AgentInvitationRepository } from './agents/agent-invitation.repository';
import { AgentInvitationService } from './agents/agent-invitation.service';
import { AgentRepository } from './agents/agent.repository';
import { AgentService } from './agents/agent.service';
import { TeamRepository } from './agents/team.repository';
import { TeamService } from './agents/team.service';
import { AuthTokenService } from './auth/auth-token.service';
import { AuthService } from './auth/auth.service';
import { GqlAuthGuard } from './auth/gql-auth.guard';
import { PasswordHasher } from './auth/password-hasher.service';
import { ContactRepository } from './contacts/contact.repository';
import { ContactService } from './contacts/contact.service';
import { ConversationRepository } from './conversations/conversation.repository';
import { ConversationTagRepository } from './conversations/conversation-tag.repository';
import { ConversationTagService } from './conversations/conversation-tag.service';
import { ConversationTransferService } from './conversations/conversation-transfer.service';
import { ConversationService } from './conversations/conversation.service';
import { MessageRepository } from './conversations/message.repository';
import { SendMessageService } from './conversations/send-message.service';
import { SendTemplateService } from './conversations/send-template.service';
import { WorkspaceRepository } from './workspaces/workspace.repository';
import { WorkspaceService } from './workspaces/workspace.service';

const SERVICES = [
  WorkspaceService,
  AgentService,
  AgentInvitationService,
  AgentDeactivationService,
  TeamService,
  ContactService,
  ConversationService,
  ConversationTagService,
  ConversationTransferService,
  SendMessageService,
  SendTemplateService,
  AuthService,
  AuthTokenService,
  PasswordHasher,
  GqlAuthGuard,
];

/**
 * The canonical model's use cases: workspaces, agents and teams, conversations and replies, and
 * authentication. Repositories stay private to this module; edges (GraphQL, CLI, seed) use the
 * services. Infrastructure (PostgreSQL, outbox, clock, keys) comes from the global CoreModule.
 */
@Module({
  providers: [
    WorkspaceRepository,
    AgentRepository,
    AgentInvitationRepository,
    AgentHandoverRepository,
    TeamRepository,
    ConversationTagRepository,
    ContactRepository,
    ConversationRepository,
    MessageRepository,
    ...SERVICES,
  ],
  exports: SERVICES,
})
export class DomainModule {}
