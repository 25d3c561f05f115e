import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isEmailAddress, isValidUserHash, visitorExternalId, type WidgetConfig } from '../connectors/widget';
import { RecordInboundService } from '../core/conversations/record-inbound.service';
import { DomainError } from '../core/errors/domain-error';
import { Clock, CLOCK } from '../core/tokens';
import { WidgetConversationRepository, type VisitorConversation } from './widget-conversation.repository';
import type { WidgetIntegration } from './widget-integration.loader';
import { VisitorClaims, VisitorTokenService } from './visitor-token.service';
import { VisitorPage, WidgetVisitorRepository } from './widget-visitor.repository';
import { WidgetAvailability } from './widget-availability.service';

export interface BootInput {
  visitorToken?: unknown;
  identity?: unknown;
  page?: unknown;
  locale?: unknown;
  newVisit?: unknown;
}

export interface BootResult {
  visitorToken: string;
  visitorId: string;
  identified: boolean;
  config: WidgetConfig & { integrationId: string; version: number };
  online: boolean;
  unread: number;
  conversation: Pick<VisitorConversation, 'id' | 'status' | 'lastSeq'> | null;
}

/** Parses a page report from a browser; anything odd is dropped rather than stored. */
export function parsePage(raw: unknown, now: Date): VisitorPage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { url, title } = raw as { url?: unknown; title?: unknown };
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.length > 2000) return null;
  return { url, title: typeof title === 'string' ? title.slice(0, 300) : '', at: now.toISOString() };
}

/**
 * Who the visitor is: anonymous tokens, identity verification (an HMAC of the user id made by the
 * business's server), profile, pages and session variables.
 */
@Injectable()
export class WidgetVisitorService {
  constructor(
    private readonly tokens: VisitorTokenService,
    private readonly visitors: WidgetVisitorRepository,
    private readonly conversations: WidgetConversationRepository,
    private readonly availability: WidgetAvailability,
    private readonly recorder: RecordInboundService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async boot(
    integration: WidgetIntegration,
    input: BootInput,
    userAgent: string | null,
  ): Promise<BootResult> {
    const claims = await this.resolveVisitor(integration, input);
    const identified = claims.externalId.startsWith('u_');
    const now = this.clock.now();
    const locale = typeof input.locale === 'string' ? input.locale.slice(0, 35) : null;
    await this.visitors.recordBoot(integration.workspaceId, integration.id, claims.externalId, {
      page: parsePage(input.page, now),
      newVisit: input.newVisit !== false,
      userAgent: userAgent?.slice(0, 500) ?? null,
      locale,
    });
    if (identified) await this.applyIdentityProfile(integration, claims, input.identity);
    const conversation = await this.conversations.findCurrent(
      integration.workspaceId,
      integration.id,
      claims.externalId,
    );
    return {
      visitorToken: await this.tokens.issue(claims),
      visitorId: claims.externalId,
      identified,
      config: { ...integration.config, integrationId: integration.id, version: integration.version },
      online: await this.availability.isOnline(integration.workspaceId),
      unread: conversation
        ? await this.conversations.unreadCount(integration.workspaceId, conversation.id)
        : 0,
      conversation: conversation
        ? { id: conversation.id, status: conversation.status, lastSeq: conversation.lastSeq }
        : null,
    };
  }

  /** The visitor a token names, or UNAUTHENTICATED. */
  async authenticate(integration: WidgetIntegration, token: string | undefined): Promise<VisitorClaims> {
    const claims = await this.tokens.verify(token, integration.id);
    if (!claims || claims.workspaceId !== integration.workspaceId)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Missing or invalid visitor token for this widget; boot again.',
      );
    return claims;
  }

  async setProfile(integration: WidgetIntegration, claims: VisitorClaims, raw: unknown): Promise<void> {
    const { name, email } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      name?: unknown;
      email?: unknown;
    };
    const profile: { name?: string; email?: string } = {};
    if (name !== undefined) {
      if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200)
        throw new DomainError('INVALID_INPUT', 'name must be 1 to 200 characters.');
      profile.name = name.trim();
    }
    if (email !== undefined) {
      if (typeof email !== 'string' || !isEmailAddress(email.trim()))
        throw new DomainError('INVALID_INPUT', 'email must be an email address like ada@example.com.');
      profile.email = email.trim();
    }
    if (!profile.name && !profile.email) throw new DomainError('INVALID_INPUT', 'Give a name or an email.');
    await this.visitors.setProfile(integration.workspaceId, integration.id, claims.externalId, profile);
    // An existing contact is updated at once; a new one gets the profile with its first message.
    await this.recorder.recordInboundEvents(
      { workspaceId: integration.workspaceId, integrationId: integration.id },
      [
        {
          type: 'contact_update',
          contact: { externalId: claims.externalId, ...profile },
          occurredAt: this.clock.now(),
        },
      ],
    );
  }

  async setSessionVariables(
    integration: WidgetIntegration,
    claims: VisitorClaims,
    raw: unknown,
  ): Promise<void> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new DomainError('INVALID_INPUT', 'variables must be an object of strings.');
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length > 50) throw new DomainError('INVALID_INPUT', 'at most 50 session variables.');
    const variables: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (!/^[\w.-]{1,100}$/.test(key))
        throw new DomainError(
          'INVALID_INPUT',
          `session variable name "${key.slice(0, 100)}" must be 1 to 100 letters, digits, _ . -`,
        );
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new DomainError(
          'INVALID_INPUT',
          `session variable ${key} must be a string, number or boolean.`,
        );
      variables[key] = String(value).slice(0, 1000);
    }
    await this.visitors.mergeSessionVariables(
      integration.workspaceId,
      integration.id,
      claims.externalId,
      variables,
    );
  }

  async recordPage(integration: WidgetIntegration, claims: VisitorClaims, raw: unknown): Promise<void> {
    const page = parsePage(raw, this.clock.now());
    if (!page) throw new DomainError('INVALID_INPUT', 'page needs an http(s) url and a title.');
    await this.visitors.recordPage(integration.workspaceId, integration.id, claims.externalId, page);
  }

  private async resolveVisitor(integration: WidgetIntegration, input: BootInput): Promise<VisitorClaims> {
    const base = { workspaceId: integration.workspaceId, integrationId: integration.id };
    if (input.identity !== undefined && input.identity !== null) {
      const { userId, userHash } = input.identity as { userId?: unknown; userHash?: unknown };
      if (typeof userId !== 'string' || userId.length === 0 || userId.length > 200)
        throw new DomainError('INVALID_INPUT', 'identity.userId must be 1 to 200 characters.');
      if (typeof userHash !== 'string' || !isValidUserHash(integration.identitySecret, userId, userHash))
        throw new DomainError(
          'UNAUTHENTICATED',
          'identity.userHash does not match: compute hex HMAC-SHA256 of the user id with the identity secret on your server.',
        );
      return { ...base, externalId: visitorExternalId('user', userId) };
    }
    const token = typeof input.visitorToken === 'string' ? input.visitorToken : undefined;
    const existing = await this.tokens.verify(token, integration.id);
    // An identified token is kept until the host page calls reset (which drops the token).
    if (existing && existing.workspaceId === integration.workspaceId) return existing;
    return { ...base, externalId: visitorExternalId('anonymous', randomUUID()) };
  }

  private async applyIdentityProfile(integration: WidgetIntegration, claims: VisitorClaims, raw: unknown) {
    const { name, email } = (raw ?? {}) as { name?: unknown; email?: unknown };
    const profile: { name?: string; email?: string } = {};
    if (typeof name === 'string' && name.trim()) profile.name = name.trim().slice(0, 200);
    if (typeof email === 'string' && isEmailAddress(email.trim())) profile.email = email.trim();
    if (profile.name || profile.email) await this.setProfile(integration, claims, profile);
  }
}
