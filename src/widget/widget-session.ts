import { WebSocket } from 'ws';
import type { VisitorClaims } from './visitor-token.service';
import type { WidgetIntegration } from './widget-integration.loader';

/** One visitor's open websocket on this process, and what the gateway knows about it. */
export interface WidgetSession {
  ws: WebSocket;
  ip: string;
  origin: string | undefined;
  alive: boolean;
  integration?: WidgetIntegration;
  visitor?: VisitorClaims;
  conversation?: { id: string; assigneeId: string | null };
  /** The place in line this socket was last told (null: not waiting; undefined: before `ready`); refreshes send changes only. */
  queue?: { position: number; etaSeconds: number | null } | null;
  /** Messages this socket already has (bounded): a message reaches a socket once, whatever the events. */
  pushed: Set<string>;
  typing?: { lastSentAt: number; pending?: { on: boolean; draft: unknown }; timer?: NodeJS.Timeout };
  /** The frame being handled; the next one waits for it. */
  handling: Promise<void>;
}

/** Sends a frame if the socket is still open. */
export function sendFrame(s: WidgetSession, frame: object): void {
  if (s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify(frame));
}

export function markPushed(s: WidgetSession, messageId: string): void {
  if (s.pushed.size >= 1000) s.pushed.clear();
  s.pushed.add(messageId);
}
