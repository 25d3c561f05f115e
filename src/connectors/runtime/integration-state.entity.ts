import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The small per-integration key/value store connectors get through their context. */
@Entity('integration_state')
export class IntegrationStateEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @PrimaryColumn('uuid', { name: 'integration_id' }) integrationId!: string;
  @PrimaryColumn('text') key!: string;
  @Column('jsonb') value!: unknown;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
}
