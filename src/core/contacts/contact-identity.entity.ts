import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** How one integration knows a contact: its external id there (a PSID, a phone number...). */
@Entity('contact_identities')
export class ContactIdentityEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId!: string;
  @PrimaryColumn('uuid', { name: 'integration_id' }) integrationId!: string;
  @PrimaryColumn('text', { name: 'external_id' }) externalId!: string;
  @Column('uuid', { name: 'contact_id' }) contactId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
