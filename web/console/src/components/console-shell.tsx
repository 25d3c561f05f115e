import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { shortcutFor } from '../keyboard/shortcuts';
import { documentTitle, unreadTotal } from '../state/conversation-lists';
import type { Route } from '../state/route';
import { useStore } from '../state/use-store';
import { CannedResponsesScreen } from './canned-responses.screen';
import { ChatsScreen } from './chats.screen';
import { useApp, useConsole, useT } from './contexts';
import { HelpDialog } from './help-dialog';
import { ReconnectBanner } from './reconnect-banner';
import { SettingsScreen } from './settings.screen';
import { StatusSelect } from './status-select';

// The admin screens load on first visit (with their strings, i18n/admin-messages): agents who
// never open them never download them.
const SupervisionScreen = lazy(() =>
  import('./supervision.screen').then((m) => ({ default: m.SupervisionScreen })),
);
const IntegrationsScreen = lazy(() =>
  import('./admin/integrations.screen').then((m) => ({ default: m.IntegrationsScreen })),
);
const AgentsScreen = lazy(() => import('./admin/agents.screen').then((m) => ({ default: m.AgentsScreen })));
const TeamsScreen = lazy(() => import('./admin/teams.screen').then((m) => ({ default: m.TeamsScreen })));
const TagsScreen = lazy(() => import('./admin/tags.screen').then((m) => ({ default: m.TagsScreen })));
const RoutingScreen = lazy(() =>
  import('./admin/routing.screen').then((m) => ({ default: m.RoutingScreen })),
);

const ADMIN_SCREENS = ['supervision', 'integrations', 'agents', 'teams', 'routing', 'tags'] as const;
const ADMIN_LABELS = {
  supervision: 'navSupervision',
  integrations: 'navIntegrations',
  agents: 'navAgents',
  teams: 'navTeams',
  routing: 'navRouting',
  tags: 'navTags',
} as const;

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
}

/** "(3) Switchboard" while my chats have unread messages. */
function useUnreadTitle() {
  const session = useConsole();
  const { byId } = useStore(session.directory);
  const { me } = useStore(session.agents);
  const total = unreadTotal(byId.values(), me.id);
  useEffect(() => {
    document.title = documentTitle(total);
  }, [total]);
  useEffect(
    () => () => {
      document.title = documentTitle(0);
    },
    [],
  );
}

export function ConsoleShell() {
  const t = useT();
  const { router, sessions } = useApp();
  const session = useConsole();
  const { route } = useStore(router);
  const { me } = useStore(session.agents);
  const [helpOpen, setHelpOpen] = useState(false);
  useUnreadTitle();

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = shortcutFor({
        key: e.key,
        code: e.code,
        altKey: e.altKey,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        shiftKey: e.shiftKey,
        isComposing: e.isComposing,
        inTextField: isTextField(e.target),
      });
      if (!action) return;
      if (action === 'showHelp') {
        e.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (document.querySelector('dialog[open]')) return;
      if (router.getSnapshot().route.screen !== 'chats') {
        if (action !== 'focusComposer') return;
        router.navigate({ screen: 'chats', conversationId: session.openChat.getSnapshot().conversationId });
      }
      if (session.commands.emit(action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [router, session]);

  const isAdmin = me.role === 'ADMIN' || me.role === 'OWNER';
  const nav: { route: Route; label: string; current: boolean }[] = [
    {
      route: { screen: 'chats', conversationId: session.openChat.getSnapshot().conversationId },
      label: t('navChats'),
      current: route.screen === 'chats',
    },
    { route: { screen: 'canned' }, label: t('navCanned'), current: route.screen === 'canned' },
    ...(isAdmin
      ? ADMIN_SCREENS.map((screen) => ({
          route: { screen } as Route,
          label: t(ADMIN_LABELS[screen]),
          current: route.screen === screen,
        }))
      : []),
    { route: { screen: 'settings' }, label: t('navSettings'), current: route.screen === 'settings' },
  ];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <span className="topbar__brand">Switchboard</span>
        <nav className="topbar__nav" aria-label={t('navLabel')}>
          {nav.map((item) => (
            <a
              key={item.route.screen}
              className="topbar__link"
              href={`/console/${item.route.screen === 'chats' ? '' : item.route.screen}`}
              aria-current={item.current ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                router.navigate(item.route);
              }}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <div className="topbar__end">
          <StatusSelect />
          <button type="button" className="button button--ghost" onClick={() => setHelpOpen(true)}>
            <span aria-hidden="true">?</span>
            <span className="visually-hidden">{t('keyboardShortcuts')}</span>
          </button>
          <span className="topbar__me" title={me.email}>
            {me.name}
          </span>
          <button type="button" className="button button--ghost" onClick={() => sessions.signOut()}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <ReconnectBanner />
      <main id="main" className="shell__main" tabIndex={-1}>
        {route.screen === 'chats' && <ChatsScreen conversationId={route.conversationId} />}
        {route.screen === 'canned' && <CannedResponsesScreen />}
        {route.screen === 'supervision' && <AdminOnly isAdmin={isAdmin}>{<SupervisionScreen />}</AdminOnly>}
        {route.screen === 'integrations' && <AdminOnly isAdmin={isAdmin}>{<IntegrationsScreen />}</AdminOnly>}
        {route.screen === 'agents' && <AdminOnly isAdmin={isAdmin}>{<AgentsScreen />}</AdminOnly>}
        {route.screen === 'teams' && <AdminOnly isAdmin={isAdmin}>{<TeamsScreen />}</AdminOnly>}
        {route.screen === 'routing' && <AdminOnly isAdmin={isAdmin}>{<RoutingScreen />}</AdminOnly>}
        {route.screen === 'tags' && <AdminOnly isAdmin={isAdmin}>{<TagsScreen />}</AdminOnly>}
        {route.screen === 'settings' && <SettingsScreen />}
      </main>
      {helpOpen && <HelpDialog onClose={() => setHelpOpen(false)} />}
    </div>
  );
}

/** An admin screen, loaded on demand; agents get a note instead. */
function AdminOnly({ isAdmin, children }: { isAdmin: boolean; children: ReactNode }) {
  const t = useT();
  if (!isAdmin) return <p className="empty">{t('adminsOnly')}</p>;
  return <Suspense fallback={<p className="empty">{t('loading')}</p>}>{children}</Suspense>;
}
