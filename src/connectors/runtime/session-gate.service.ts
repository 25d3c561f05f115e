import { Injectable } from '@nestjs/common';

/**
 * Which integrations have a session that is ready in this process. A session's client (a browser)
 * lives in the one worker that holds its lease, so delivery for a session connector may only call
 * `send` here when this says so; otherwise the reply is held and the holder sends it. In-process on
 * purpose: it describes this process's own sessions, and is false (hold) when unsure.
 */
@Injectable()
export class SessionGate {
  private readonly ready = new Set<string>();

  setReady(integrationId: string, ready: boolean): void {
    if (ready) this.ready.add(integrationId);
    else this.ready.delete(integrationId);
  }

  isReadyHere(integrationId: string): boolean {
    return this.ready.has(integrationId);
  }
}
