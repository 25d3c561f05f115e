/**
 * The embed loader (`GET /widget.js`, ≤ 6 KB gzipped): replays the stub queue, installs the
 * JavaScript API, boots against the hub, draws the launcher and proactive invitations, and creates
 * the panel's iframe on first interaction. It never reads messages itself: the panel does.
 * Contract: docs/widget-protocol.md.
 */
import { LAUNCHER_STRINGS } from '../shared/launcher-strings';
import { isRtl, resolveLocale } from '../shared/locale';
import type {
  Invitation,
  LoaderToPanel,
  PageInfo,
  PanelToLoader,
  Visibility,
  WidgetPublicConfig,
} from '../shared/protocol';
import { readStored, writeStored } from '../shared/storage';
import {
  type BootFailure,
  bootWidget,
  countInvitation,
  countVisit,
  type Identity,
  sessionCounted,
  tokenKey,
} from './boot';
import { type EmbedSettings, readEmbedSettings, takeQueuedCalls } from './embed';
import { pickInvitation } from './invitation-rules';
import { type Launcher, mountLauncher } from './launcher';

type Handler = (data: unknown) => void;

interface SwitchboardApi {
  (command: string, ...args: unknown[]): unknown;
  call(method: string, arg?: unknown): void;
  on(event: string, handler: Handler): void;
  off(event: string, handler: Handler): void;
  get(what: string): unknown;
}

declare global {
  interface Window {
    Switchboard?: unknown;
  }
}

function startWidget({ integrationId, locale: pageLocale, hub }: EmbedSettings): void {
  const handlers: Record<string, Handler[]> = {};
  const early: Array<[string, unknown]> = [];
  const visits = countVisit(integrationId);
  const dismissedKey = `switchboard:${integrationId}:dismissed`;
  const browserLocale = pageLocale || navigator.language;

  let token = readStored('localStorage', tokenKey(integrationId));
  let identity: Identity | undefined;
  let config: WidgetPublicConfig | null = null;
  let visibility: Visibility = 'minimized';
  let unread = 0;
  let chatting = false;
  let started = false;
  let resetPending = false;
  let bootRun = 0;
  let booted = false;
  let authRetries = 0;
  let launcher: Launcher | null = null;
  let frame: HTMLIFrameElement | null = null;
  let frameReady = false;
  let profile: { name?: string; email?: string } = {};
  let variables: Record<string, string> = {};
  let acceptedInvitation: Invitation | null = null;
  let invitationTimer: ReturnType<typeof setTimeout> | undefined;
  let pageUrl = location.href;

  const state = () => ({ visibility, unread });
  const page = (): PageInfo => ({ url: location.href, title: document.title, referrer: document.referrer });
  const locale = () => resolveLocale(config?.locale, [pageLocale, navigator.language]);

  const emit = (name: string, data: unknown): void => {
    for (const handler of (handlers[name] || []).slice()) {
      try {
        handler(data);
      } catch (error) {
        console.error(error);
      }
    }
  };

  const render = (): void => {
    if (!launcher || !config) return;
    const current = locale();
    launcher.render({
      config,
      strings: LAUNCHER_STRINGS[current],
      locale: current,
      rtl: isRtl(current),
      open: visibility === 'maximized',
      hidden: visibility === 'hidden',
      unread,
    });
  };

  /** To the panel, with the hub as exact target origin; dropped until the panel said `ready`. */
  const post = (message: LoaderToPanel): void => {
    if (frame && frameReady) frame.contentWindow?.postMessage(message, hub);
  };

  const sendInit = (): void => {
    if (!config || !token) return;
    post({
      sb: 'init',
      token,
      config,
      page: page(),
      visits,
      locale: browserLocale,
      open: visibility === 'maximized',
      reset: resetPending,
    });
    resetPending = false;
    if (profile.name || profile.email) post({ sb: 'profile', ...profile });
    if (Object.keys(variables).length) post({ sb: 'session_variables', variables });
    flushInvitation();
  };

  /** The accepted invitation becomes the agent's greeting in the panel. */
  const flushInvitation = (): void => {
    if (acceptedInvitation) post({ sb: 'invitation', invitation: acceptedInvitation });
    acceptedInvitation = null;
  };

  const ensureFrame = (): void => {
    if (frame || !launcher) return;
    frame = document.createElement('iframe');
    frame.src = `${hub}/widget/frame/${encodeURIComponent(integrationId)}?origin=${encodeURIComponent(location.origin)}`;
    frame.title = LAUNCHER_STRINGS[locale()].frameTitle;
    frame.allow = 'clipboard-write';
    frame.hidden = visibility !== 'maximized';
    launcher.adoptFrame(frame);
  };

  const setVisibility = (next: Visibility, focusLauncher = false): void => {
    if (!launcher) return;
    if (next === 'maximized') {
      ensureFrame();
      launcher.hideInvitation();
    }
    if (next === visibility) return;
    visibility = next;
    if (frame) {
      frame.hidden = next !== 'maximized';
      post({ sb: next === 'maximized' ? 'open' : 'close' });
      if (next === 'maximized') frame.focus();
    }
    render();
    if (focusLauncher && next === 'minimized') launcher.button.focus();
    emit('visibility_changed', { visibility: next });
  };

  const dismissed = (): string[] =>
    (readStored('sessionStorage', dismissedKey) || '').split(' ').filter(Boolean);

  /** At most one invitation per page view, after its delay, and never during a chat. */
  const planInvitation = (): void => {
    clearTimeout(invitationTimer);
    const busy = () => chatting || visibility !== 'minimized';
    const invitation =
      config &&
      pickInvitation(config.invitations, {
        url: location.href,
        visits,
        dismissed: dismissed(),
        busy: busy(),
      });
    if (!invitation) return;
    invitationTimer = setTimeout(
      () => {
        if (busy() || !launcher) return;
        const close = (): void => {
          if (launcher?.hideInvitation()) launcher.button.focus();
          writeStored('sessionStorage', dismissedKey, [...dismissed(), invitation.id].join(' '));
        };
        const accept = (): void => {
          countInvitation(hub, integrationId, invitation.id, 'accepted');
          acceptedInvitation = invitation;
          setVisibility('maximized');
          if (frameReady) flushInvitation();
        };
        launcher.showInvitation(invitation, accept, close);
        countInvitation(hub, integrationId, invitation.id, 'shown');
      },
      Math.max(0, invitation.delaySeconds) * 1000,
    );
  };

  const storeToken = (next: string | null): void => {
    token = next;
    writeStored('localStorage', tokenKey(integrationId), next);
  };

  const boot = async (): Promise<void> => {
    const run = ++bootRun;
    try {
      // JSON.stringify leaves out the undefined members.
      const res = await bootWidget(hub, integrationId, {
        visitorToken: token || undefined,
        identity,
        page: page(),
        locale: browserLocale,
        // Only the first boot of a session counts as a visit (identify and reset boot again).
        newVisit: !sessionCounted && !booted,
      });
      booted = true;
      if (run !== bootRun) return;
      storeToken(res.visitorToken);
      config = res.config;
      unread = res.unread;
      chatting = !!res.conversation && res.conversation.status !== 'resolved';
      whenBody(() => {
        launcher ||= mountLauncher(() =>
          setVisibility(visibility === 'maximized' ? 'minimized' : 'maximized'),
        );
        render();
        if (frameReady) sendInit();
        // An ongoing chat stays live across page loads: replies arrive and the badge counts them.
        else if (chatting) ensureFrame();
        if (started) return;
        started = true;
        for (const [method, arg] of early.splice(0)) call(method, arg);
        emit('ready', state());
        planInvitation();
        setInterval(watchUrl, 1000);
      });
    } catch (error) {
      if (run !== bootRun) return;
      const code = (error as BootFailure).code;
      console.error(`Switchboard: ${code}`);
      // A wrong userHash: carry on as an anonymous visitor rather than show no chat at all.
      if (code === 'IDENTITY_INVALID' && identity) {
        identity = undefined;
        return boot();
      }
    }
  };

  /** Single-page apps change the URL without a reload: each change is a new page view. */
  const watchUrl = (): void => {
    if (location.href === pageUrl) return;
    pageUrl = location.href;
    post({ sb: 'page', page: page() });
    if (launcher?.hideInvitation()) launcher.button.focus();
    planInvitation();
  };

  const call = (method: string, arg: unknown): void => {
    switch (method) {
      case 'maximize':
      case 'open':
        return setVisibility('maximized');
      case 'minimize':
        return setVisibility('minimized');
      case 'hide':
        return setVisibility('hidden');
      case 'show':
        return visibility === 'hidden' ? setVisibility('minimized') : undefined;
      case 'set_customer_name':
        profile.name = String(arg);
        return post({ sb: 'profile', name: profile.name });
      case 'set_customer_email':
        profile.email = String(arg);
        return post({ sb: 'profile', email: profile.email });
      case 'set_session_variables':
        for (const [key, value] of Object.entries(Object(arg))) variables[key] = String(value);
        return post({ sb: 'session_variables', variables });
      case 'identify':
        identity = arg as Identity;
        if (!identity?.userId || !identity.userHash) {
          identity = undefined;
          return console.error('Switchboard: identify needs userId and userHash');
        }
        void boot();
        return;
      case 'reset':
        storeToken(null);
        identity = undefined;
        profile = {};
        variables = {};
        unread = 0;
        chatting = false;
        resetPending = true;
        void boot();
        return;
      default:
        console.error(`Switchboard: unknown method ${method}`);
    }
  };

  const api = ((command: string, ...args: unknown[]) => {
    if (command === 'call') return api.call(args[0] as string, args[1]);
    if (command === 'on' || command === 'off') return api[command](args[0] as string, args[1] as Handler);
    if (command === 'get') return api.get(args[0] as string);
  }) as SwitchboardApi;
  api.call = (method, arg) => {
    if (started) call(method, arg);
    else if (method !== 'identify') early.push([method, arg]);
    else {
      // Before the first boot answer, identify joins the boot request (restarting one in flight).
      identity = arg as Identity;
      if (bootRun) void boot();
    }
  };
  api.on = (name, handler) => {
    if (typeof handler !== 'function') return;
    (handlers[name] ||= []).push(handler);
    if (name === 'ready' && started) handler(state());
  };
  api.off = (name, handler) => {
    handlers[name] = (handlers[name] || []).filter((h) => h !== handler);
  };
  api.get = (what) => (what === 'state' ? state() : undefined);

  const queued = takeQueuedCalls(window.Switchboard);
  window.Switchboard = api;
  for (const args of queued) api(...(args as [string, ...unknown[]]));

  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as PanelToLoader | null;
    if (!frame || event.source !== frame.contentWindow || event.origin !== hub) return;
    if (!data || typeof data !== 'object') return;
    switch (data.sb) {
      case 'ready':
        frameReady = true;
        return sendInit();
      case 'minimize':
        return setVisibility('minimized', true);
      case 'unread':
        unread = Math.max(0, Number(data.count) || 0);
        return render();
      case 'token':
        return storeToken(String(data.token));
      case 'config':
        config = data.config;
        return render();
      case 'auth_failed':
        // The websocket refused the token: boot again for a fresh one, but never loop.
        if (authRetries++ < 2) void boot();
        return;
      case 'event':
        if (data.name === 'chat_started') chatting = true;
        if (data.name === 'chat_ended') chatting = false;
        return emit(String(data.name), data.data);
    }
  });

  void boot();
}

function whenBody(run: () => void): void {
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

const settings = readEmbedSettings(document);
if (settings) startWidget(settings);
