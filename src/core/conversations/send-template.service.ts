import { Inject, Injectable } from '@nestjs/common';
import type { MessageTemplate } from '../../connectors/sdk';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { ConversationRepository } from './conversation.repository';
import { canAccessConversation, conversationNotFound } from './conversation.service';
import { MESSAGE_TEMPLATE_CATALOGUE, type MessageTemplateCatalogue } from './message-template.port';
import type { MessageRecord } from './message.repository';
import { SendMessageService } from './send-message.service';

export interface SendTemplateInput {
  conversationId: string;
  /** Chosen by the agent's client; a retry with the same id returns the first message. */
  clientMessageId: string;
  templateName: string;
  language: string;
  /** The body's `{{1}}`, `{{2}}`... values, in order. */
  parameters: string[];
}

/** WhatsApp's limit for one text parameter is not published; a body is at most 1024 characters. */
export const MAX_TEMPLATE_PARAMETER_LENGTH = 1024;

/**
 * The body as the customer will read it: `{{n}}` replaced by the n-th parameter. Pure.
 *
 * @example
 * ```ts
 * renderTemplateBody('Hi {{1}}, order {{2}} has shipped.', ['Ada', '#4711']); // 'Hi Ada, order #4711 has shipped.'
 * ```
 */
export function renderTemplateBody(body: string, parameters: readonly string[]): string {
  return body.replace(
    /\{\{\s*(\d{1,2})\s*\}\}/g,
    (placeholder, n: string) => parameters[Number(n) - 1] ?? placeholder,
  );
}

/** Checks the agent's parameters against the template; every problem names what to fix. */
export function checkTemplateParameters(template: MessageTemplate, parameters: readonly string[]): string[] {
  if (parameters.length !== template.parameterCount) {
    throw new DomainError(
      'INVALID_INPUT',
      `Template ${template.name} takes ${template.parameterCount} parameter(s); got ${parameters.length}.`,
    );
  }
  return parameters.map((raw, i) => {
    // PostgreSQL text cannot hold U+0000; WhatsApp rejects parameters with new lines and tabs.
    const value = raw
      .replaceAll('\u0000', '')
      .replace(/[\n\t]+/g, ' ')
      .trim();
    if (value === '') throw new DomainError('INVALID_INPUT', `parameters[${i}] must not be empty.`);
    if (value.length > MAX_TEMPLATE_PARAMETER_LENGTH)
      throw new DomainError(
        'INVALID_INPUT',
        `parameters[${i}] must be at most ${MAX_TEMPLATE_PARAMETER_LENGTH} characters.`,
      );
    return value;
  });
}

/**
 * An agent's template message (WhatsApp's approved templates, the only messages allowed outside
 * its 24-hour window): looked up among the integration's approved templates, rendered, stored as
 * an outbound message whose text is the rendered body, and delivered by the normal delivery
 * worker with the template payload (`OutboundMessage.template`). Idempotent on clientMessageId.
 */
@Injectable()
export class SendTemplateService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly sender: SendMessageService,
    @Inject(MESSAGE_TEMPLATE_CATALOGUE) private readonly catalogue: MessageTemplateCatalogue,
  ) {}

  /** The approved templates of an integration of the caller's workspace. */
  async listTemplates(principal: Principal, integrationId: string): Promise<MessageTemplate[]> {
    return this.catalogue.approvedTemplates(principal.workspaceId, integrationId);
  }

  async sendTemplate(principal: Principal, input: SendTemplateInput): Promise<MessageRecord> {
    const conversation = await this.conversations.findById(
      principal.workspaceId,
      input.conversationId,
      principal.agentId,
    );
    if (!conversation || !canAccessConversation(principal, conversation)) throw conversationNotFound();
    const templates = await this.catalogue.approvedTemplates(
      principal.workspaceId,
      conversation.integrationId,
    );
    const template = templates.find((t) => t.name === input.templateName && t.language === input.language);
    if (!template) {
      throw new DomainError(
        'INVALID_INPUT',
        `No approved template ${input.templateName} in ${input.language}; list them with messageTemplates.`,
      );
    }
    const parameters = checkTemplateParameters(template, input.parameters);
    const clientMessageId = input.clientMessageId.trim();
    if (clientMessageId.length === 0 || clientMessageId.length > 100)
      throw new DomainError('INVALID_INPUT', 'clientMessageId must be 1 to 100 characters.');
    return this.sender.storeOutbound(principal, {
      conversationId: conversation.id,
      clientMessageId,
      text: renderTemplateBody(template.body, parameters),
      attachments: [],
      private: false,
      template: { name: template.name, language: template.language, parameters },
    });
  }
}
