import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { ContactIdentityRecord, ContactRecord, ContactRepository } from './contact.repository';

@Injectable()
export class ContactService {
  constructor(private readonly contacts: ContactRepository) {}

  /** The contact's identities; none for a contact of another workspace (rule 5). */
  async identitiesOf(principal: Principal, contact: ContactRecord): Promise<ContactIdentityRecord[]> {
    if (contact.workspaceId !== principal.workspaceId) return [];
    return this.contacts.identitiesOf(principal.workspaceId, contact.id);
  }
}
