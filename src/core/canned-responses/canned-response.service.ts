import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import {
  assertCanManage,
  CannedResponseInput,
  cannedResponseSearch,
  ownerAfterChange,
  validCannedResponse,
} from './canned-response.policy';
import {
  CannedResponseFields,
  CannedResponseRecord,
  CannedResponseRepository,
  SHORTCUT_PER_OWNER,
} from './canned-response.repository';

/**
 * Saved replies: shared ones (the workspace's, managed by admins) and each agent's own, which no
 * one else can see or change, admins included.
 */
@Injectable()
export class CannedResponseService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly responses: CannedResponseRepository,
  ) {}

  /** Shared and the caller's own; `search` matches a shortcut prefix, the title or the text. */
  async listCannedResponses(principal: Principal, search?: string | null): Promise<CannedResponseRecord[]> {
    return this.responses.listVisible(principal.workspaceId, principal.agentId, cannedResponseSearch(search));
  }

  async createCannedResponse(
    principal: Principal,
    input: CannedResponseInput,
  ): Promise<CannedResponseRecord> {
    const valid = validCannedResponse(input);
    const fields = { ...valid, ownerAgentId: ownerAfterChange(principal, undefined, valid.shared) };
    return withShortcutConflict(fields, () => this.responses.insert(principal.workspaceId, fields));
  }

  /** Replaces every field; `shared` may move one between the workspace and the caller (admins). */
  async updateCannedResponse(
    principal: Principal,
    id: string,
    input: CannedResponseInput,
  ): Promise<CannedResponseRecord> {
    const valid = validCannedResponse(input);
    return this.db.transaction(async (tx) => {
      const existing = await this.responses.lockVisible(tx, principal.workspaceId, principal.agentId, id);
      if (!existing) throw notFound();
      const fields = { ...valid, ownerAgentId: ownerAfterChange(principal, existing, valid.shared) };
      return withShortcutConflict(fields, () => this.responses.update(tx, principal.workspaceId, id, fields));
    });
  }

  async deleteCannedResponse(principal: Principal, id: string): Promise<boolean> {
    await this.db.transaction(async (tx) => {
      const existing = await this.responses.lockVisible(tx, principal.workspaceId, principal.agentId, id);
      if (!existing) throw notFound();
      assertCanManage(principal, existing);
      await this.responses.delete(tx, principal.workspaceId, id);
    });
    return true;
  }
}

/** A duplicate shortcut answers CONFLICT, naming it and where it is taken. */
async function withShortcutConflict<T>(fields: CannedResponseFields, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const error = e as { code?: string; constraint?: string };
    if (error.code === '23505' && error.constraint === SHORTCUT_PER_OWNER)
      throw new DomainError(
        'CONFLICT',
        fields.ownerAgentId === null
          ? `A shared canned response already uses the shortcut "${fields.shortcut}".`
          : `One of your canned responses already uses the shortcut "${fields.shortcut}".`,
      );
    throw e;
  }
}

function notFound(): DomainError {
  return new DomainError('NOT_FOUND', 'Canned response not found.');
}
