/**
 * The wire contract of docs/widget-protocol.md as types: the hub's JSON, the websocket frames and
 * the postMessage envelopes between the loader (host page) and the panel (iframe).
 */

export type WidgetLocale = 'en' | 'ar' | 'he' | 'fr' | 'es' | 'de';
export type LauncherIcon = 'chat' | 'help' | 'message';
export type Visibility = 'maximized' | 'minimized' | 'hidden';

export interface PrechatField {
  id: string;
  type: 'name' | 'email' | 'text' | 'choice' | 'consent';
  label: string;
  required: boolean;
  options?: string[];
}

export interface Invitation {
  id: string;
  message: string;
  agentName: string | null;
  delaySeconds: number;
  urlPattern: string | null;
  minVisits: number;
  returningOnly: boolean;
}

export interface WidgetAppearance {
  primaryColor: string;
  textOnPrimary: string;
  fontFamily: string;
  position: 'right' | 'left';
  offsetX: number;
  offsetY: number;
  launcherText: string;
  launcherIcon: LauncherIcon;
  logoUrl: string | null;
  title: string | null;
  welcomeText: string | null;
  showAgentName: boolean;
  showAgentPhoto: boolean;
  theme: 'light' | 'dark' | 'auto';
  hideOnMobile: boolean;
}

export interface WidgetPublicConfig {
  integrationId: string;
  version: number;
  locale: 'auto' | WidgetLocale;
  appearance: WidgetAppearance;
  prechat: { enabled: boolean; fields: PrechatField[] };
  sneakPeek: boolean;
  offlineEmail: boolean;
  attachments: { enabled: boolean; maxBytes: number; allowedTypes: string[] };
  invitations: Invitation[];
}

export interface ConversationRef {
  id: string;
  status: string;
  lastSeq: number;
}

/** A waiting conversation's place in line: 1 = next; `etaSeconds` null when nobody is accepting chats. */
export interface QueuePlace {
  position: number;
  etaSeconds: number | null;
}

export interface AgentRef {
  name: string | null;
  avatarUrl: string | null;
}

export interface WidgetAttachment {
  kind: 'image' | 'video' | 'audio' | 'file';
  name: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  url: string;
}

export interface WidgetMessage {
  id: string;
  conversationId: string;
  seq: number;
  direction: 'inbound' | 'outbound';
  author: { kind: 'contact' | 'agent' | 'bot' | 'system'; name: string | null; avatarUrl: string | null };
  text: string | null;
  attachments: WidgetAttachment[];
  createdAt: string;
  clientMessageId: string | null;
  status: 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | null;
}

export interface PageInfo {
  url: string;
  title: string;
  referrer?: string;
}

export interface BootResponse {
  visitorToken: string;
  visitorId: string;
  identified: boolean;
  config: WidgetPublicConfig;
  online: boolean;
  unread: number;
  conversation: ConversationRef | null;
}

/** Upload answer of `POST /widget/api/:id/files`. */
export interface UploadedFile {
  fileId: string;
  kind: WidgetAttachment['kind'];
  name: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  url: string;
}

/** Server → client websocket frames. */
export type ServerFrame =
  | { type: 'message'; message: WidgetMessage }
  | {
      type: 'ready';
      visitorId: string;
      conversation: ConversationRef | null;
      online: boolean;
      agent: AgentRef | null;
      /** Additive: the place in line while the conversation waits for an agent, else null. */
      queue?: QueuePlace | null;
    }
  | { type: 'ack'; clientMessageId: string; message: WidgetMessage }
  | { type: 'error'; code: string; message: string; clientMessageId?: string; retryAfterMs?: number }
  | { type: 'typing'; on: boolean; agent: AgentRef | null }
  /** `agent` is absent when the HTTP fallback synthesizes this frame (it does not know the agent). */
  | { type: 'conversation'; conversation: ConversationRef; agent?: AgentRef | null }
  | { type: 'availability'; online: boolean }
  /** Additive: the place in line changed; nulls once the conversation no longer waits. */
  | { type: 'queue'; position: number | null; etaSeconds: number | null }
  | { type: 'config'; config: WidgetPublicConfig }
  | { type: 'pong' };

/** Client → server websocket frames (the HTTP fallback maps each to a request). */
export type ClientFrame =
  | { type: 'hello'; integrationId: string; token: string; afterSeq?: number; page?: PageInfo }
  | {
      type: 'message';
      clientMessageId: string;
      text?: string;
      attachments?: Array<{ fileId: string }>;
      prechat?: Record<string, string | boolean>;
    }
  | { type: 'typing'; on: boolean; draft?: string }
  | { type: 'read'; seq: number }
  | { type: 'page'; url: string; title: string }
  | { type: 'profile'; name?: string; email?: string }
  | { type: 'session_variables'; variables: Record<string, string> }
  | { type: 'sync'; afterSeq: number }
  | { type: 'ping' };

/** Loader → panel postMessage envelopes. */
export type LoaderToPanel =
  | {
      sb: 'init';
      token: string;
      config: WidgetPublicConfig;
      page: PageInfo;
      visits: number;
      locale: string;
      open: boolean;
      /** Additive: true after `Switchboard('call','reset')` so the panel drops the old visitor's outbox. */
      reset?: boolean;
    }
  | { sb: 'open' }
  | { sb: 'close' }
  | { sb: 'config'; config: WidgetPublicConfig }
  | { sb: 'profile'; name?: string; email?: string }
  | { sb: 'session_variables'; variables: Record<string, string> }
  | { sb: 'page'; page: PageInfo }
  | { sb: 'invitation'; invitation: Invitation };

/** Panel → loader postMessage envelopes. */
export type PanelToLoader =
  | { sb: 'ready' }
  | { sb: 'minimize' }
  | { sb: 'unread'; count: number }
  | { sb: 'event'; name: string; data: unknown }
  | { sb: 'token'; token: string }
  /** Additive: live customization received on the websocket, so the launcher re-renders too. */
  | { sb: 'config'; config: WidgetPublicConfig }
  /** Additive: the websocket refused the token (4401); the loader boots again and re-sends `init`. */
  | { sb: 'auth_failed' };
