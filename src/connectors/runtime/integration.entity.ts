import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A connector configured in one workspace. Secrets are AES-256-GCM ciphertext, never returned. */
@Entity('integrations')
export class IntegrationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @Column('text', { name: 'connector_id' }) connectorId!: string;
  @Column('text') name!: string;
  @Column('jsonb') settings!: Record<string, unknown>;
  @Column('bytea', { name: 'secrets_ciphertext', select: false }) secretsCiphertext!: Buffer;
  @Column('boolean') enabled!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
