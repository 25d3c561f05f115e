import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../../core/auth/auth.decorators';
import { GqlAuthGuard } from '../../core/auth/gql-auth.guard';
import type { Principal } from '../../core/auth/principal';
import type { MessageRecord } from '../../core/conversations/message.repository';
import { SendTemplateService } from '../../core/conversations/send-template.service';
import { SendTemplateInput } from '../inputs/send-template.input';
import { MessageModel } from '../models/message.model';
import { MessageTemplateModel } from '../models/message-template.model';
import { parseId } from '../parse-id';

/** Approved templates (WhatsApp) for when free text is not allowed: list them, send one. */
@Resolver(() => MessageTemplateModel)
@UseGuards(GqlAuthGuard)
export class MessageTemplateResolver {
  constructor(private readonly templates: SendTemplateService) {}

  @Query(() => [MessageTemplateModel], {
    description:
      "The integration's approved message templates, fetched from its channel and cached for a minute. Fails with INVALID_INPUT for channels without templates.",
  })
  async messageTemplates(
    @CurrentPrincipal() principal: Principal,
    @Args('integrationId', { type: () => ID }) integrationId: string,
  ): Promise<MessageTemplateModel[]> {
    const list = await this.templates.listTemplates(principal, parseId(integrationId));
    return list.map((t) => ({
      name: t.name,
      language: t.language,
      category: t.category ?? null,
      body: t.body,
      parameterCount: t.parameterCount,
    }));
  }

  @Mutation(() => MessageModel, {
    description:
      'Sends an approved template, also when the reply window is closed (replyWindow.templatesAllowed). Stored with the rendered body as text; idempotent on clientMessageId.',
  })
  async sendTemplate(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: SendTemplateInput,
  ): Promise<MessageRecord> {
    return this.templates.sendTemplate(principal, {
      conversationId: parseId(input.conversationId),
      clientMessageId: input.clientMessageId,
      templateName: input.templateName,
      language: input.language,
      parameters: input.parameters,
    });
  }
}
