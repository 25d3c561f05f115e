import { readStored, writeStored } from '../shared/storage';
import type { PendingMessage } from './message-store';

/**
 * The visitor's unacknowledged messages, kept in the hub origin's localStorage per integration so
 * a reload, a crash or a page change loses nothing: they are resent with the same clientMessageId
 * (the hub stores each id once).
 */
export class Outbox {
  private readonly key: string;

  constructor(integrationId: string) {
    this.key = `switchboard:${integrationId}:outbox`;
  }

  load(): PendingMessage[] {
    try {
      const parsed: unknown = JSON.parse(readStored('localStorage', this.key) ?? '[]');
      return Array.isArray(parsed)
        ? parsed.filter((p): p is PendingMessage => typeof p?.clientMessageId === 'string')
        : [];
    } catch {
      return [];
    }
  }

  save(messages: PendingMessage[]): void {
    writeStored('localStorage', this.key, messages.length ? JSON.stringify(messages) : null);
  }
}
