import type { BootResponse, PageInfo } from '../shared/protocol';
import { readStored, writeStored } from '../shared/storage';

export interface Identity {
  userId: string;
  userHash: string;
  name?: string;
  email?: string;
}

export interface BootRequest {
  visitorToken?: string;
  identity?: Identity;
  page: PageInfo;
  locale: string;
  /** False for a page load within a browser session already counted as a visit. */
  newVisit: boolean;
}

/** What `bootWidget` throws: the hub's `{"error":{"code":…}}` and status, or `NETWORK` and 0. */
export interface BootFailure {
  code: string;
  status: number;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `POST /widget/api/:id/boot` (cross-origin, so the browser sends no cookies). A refused origin or identity is final; a network failure or a 5xx
 * (the hub answers 503 while PostgreSQL is down) is retried twice, after 1 s and 4 s.
 */
export async function bootWidget(
  hub: string,
  integrationId: string,
  body: BootRequest,
): Promise<BootResponse> {
  for (let attempt = 0; ; attempt++) {
    let error: BootFailure;
    try {
      const res = await fetch(`${hub}/widget/api/${encodeURIComponent(integrationId)}/boot`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.ok) return (await res.json()) as BootResponse;
      const payload = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      error = { code: payload?.error?.code ?? `HTTP_${res.status}`, status: res.status };
    } catch {
      error = { code: 'NETWORK', status: 0 };
    }
    if ((error.status && error.status < 500) || attempt === 2) throw error;
    await delay(attempt ? 4000 : 1000);
  }
}

/** `POST …/invitations/:id/shown|accepted`: fire and forget, a simple CORS request without body or cookies. */
export function countInvitation(
  hub: string,
  integrationId: string,
  invitationId: string,
  what: string,
): void {
  const url = `${hub}/widget/api/${encodeURIComponent(integrationId)}/invitations/${encodeURIComponent(invitationId)}/${what}`;
  fetch(url, { method: 'POST', keepalive: true }).catch(() => undefined);
}

/** Storage keys on the host page's origin. The token key is the one the protocol names. */
export const tokenKey = (integrationId: string): string => `switchboard:${integrationId}`;
const visitsKey = (integrationId: string): string => `switchboard:${integrationId}:visits`;
const sessionKey = (integrationId: string): string => `switchboard:${integrationId}:session`;

/**
 * Distinct browser sessions of this visitor, this one included: a sessionStorage flag marks the
 * session as counted, a localStorage counter survives across sessions. A visitor with more than
 * one visit is "returning".
 */
export let sessionCounted = false;

export function countVisit(integrationId: string): number {
  const stored = Number(readStored('localStorage', visitsKey(integrationId))) || 0;
  sessionCounted = !!readStored('sessionStorage', sessionKey(integrationId));
  if (sessionCounted) return Math.max(stored, 1);
  writeStored('sessionStorage', sessionKey(integrationId), '1');
  writeStored('localStorage', visitsKey(integrationId), String(stored + 1));
  return stored + 1;
}
