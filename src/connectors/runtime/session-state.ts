import type { SessionStatusReport } from '../sdk';

/** What admins see of a long-lived connector session. */
export type SessionState = 'CONNECTING' | 'QR_REQUIRED' | 'READY' | 'NEEDS_RELINKING' | 'ERROR';

export const SESSION_STATES: readonly SessionState[] = [
  'CONNECTING',
  'QR_REQUIRED',
  'READY',
  'NEEDS_RELINKING',
  'ERROR',
];

/** An integration's session as stored (integration_sessions) and pushed to admins. */
export interface SessionView {
  integrationId: string;
  state: SessionState;
  detail: string | null;
  /** The raw QR string to render while linking; null otherwise. */
  qr: string | null;
  updatedAt: Date;
}

/** The state to show for a connector's report. Exhaustive: a new report state must pick one. */
export function sessionStateOf(report: SessionStatusReport['state']): SessionState {
  switch (report) {
    case 'connecting':
      return 'CONNECTING';
    case 'qr_required':
      return 'QR_REQUIRED';
    case 'ready':
      return 'READY';
    case 'needs_relinking':
      return 'NEEDS_RELINKING';
    case 'error':
      return 'ERROR';
  }
}
