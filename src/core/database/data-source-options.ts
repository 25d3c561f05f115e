import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { AgentEntity } from '../agents/agent.entity';
import { TeamEntity } from '../agents/team.entity';
import { TeamMemberEntity } from '../agents/team-member.entity';
import { CannedResponseEntity } from '../canned-responses/canned-response.entity';
import { ContactEntity } from '../contacts/contact.entity';
import { ContactIdentityEntity } from '../contacts/contact-identity.entity';
import { ConversationEntity } from '../conversations/conversation.entity';
import { ConversationReadEntity } from '../conversations/conversation-read.entity';
import { MessageEntity } from '../conversations/message.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { IntegrationEntity } from '../../connectors/runtime/integration.entity';
import { IntegrationStateEntity } from '../../connectors/runtime/integration-state.entity';

export const ENTITIES = [
  WorkspaceEntity,
  AgentEntity,
  TeamEntity,
  TeamMemberEntity,
  CannedResponseEntity,
  IntegrationEntity,
  IntegrationStateEntity,
  ContactEntity,
  ContactIdentityEntity,
  ConversationEntity,
  ConversationReadEntity,
  MessageEntity,
  OutboxEntity,
];

/** Migrations are compiled beside the sources (dist/migrations) or loaded by ts-jest (migrations/). */
const MIGRATIONS = [join(__dirname, '..', '..', '..', 'migrations', '*.{ts,js}')];

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  timeoutMs?: number;
}

/**
 * TypeORM options shared by the app, the CLI and tests. Never `synchronize`: the schema is owned by
 * hand-reviewed migrations. Short connection and query timeouts let a request answer 503 quickly
 * when PostgreSQL is down instead of hanging (rule 1: the provider retries).
 */
export function dataSourceOptions({
  url,
  poolSize = 10,
  timeoutMs = 1500,
}: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS.filter((m) => !m.endsWith('.d.ts')),
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    poolSize,
    extra: {
      connectionTimeoutMillis: timeoutMs,
      query_timeout: Math.max(timeoutMs * 4, 5000),
      idleTimeoutMillis: 30000,
      application_name: 'switchboard',
    },
  };
}
