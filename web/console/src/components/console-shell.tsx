import { useEffect, useState } from 'react';
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
import { SupervisionScreen } from './supervision.screen';

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
      ? [
          {
            route: { screen: 'supervision' } as Route,
            label: t('navSupervision'),
            current: route.screen === 'supervision',
          },
        ]
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
        {route.screen === 'supervision' &&
          (isAdmin ? <SupervisionScreen /> : <p className="empty">{t('adminsOnly')}</p>)}
        {route.screen === 'settings' && <SettingsScreen />}
      </main>
      {helpOpen && <HelpDialog onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
