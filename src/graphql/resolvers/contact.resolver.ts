import { UseGuards } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { ContactIdentityRecord, ContactRecord } from '../../core/contacts/contact.repository';
import { ContactService } from '../../core/contacts/contact.service';
import { ContactIdentityModel } from '../models/contact-identity.model';
import { ContactModel } from '../models/contact.model';

@Resolver(() => ContactModel)
@UseGuards(GqlAuthGuard)
export class ContactResolver {
  constructor(private readonly contactsService: ContactService) {}

  /** One query per contact, scoped by the caller's workspace. */
  @ResolveField(() => [ContactIdentityModel], {
    description: "The contact's identities across the workspace's integrations, oldest first.",
  })
  async identities(
    @CurrentPrincipal() principal: Principal,
    @Parent() contact: ContactRecord,
  ): Promise<ContactIdentityRecord[]> {
    return this.contactsService.identitiesOf(principal, contact);
  }
}
