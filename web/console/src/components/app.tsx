import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { loadedMessages, loadMessages, type MessageTable } from '../i18n/messages';
import { isRtl, resolveLocale } from '../i18n/locale';
import { translator } from '../i18n/translator';
import type { Alert } from '../notify/notification-rules';
import { ConsoleSession } from '../state/console-session';
import type { Session } from '../state/session.store';
import { useStore } from '../state/use-store';
import { ConsoleShell } from './console-shell';
import {
  AppContext,
  ConsoleContext,
  I18nContext,
  useApp,
  type AppServices,
  type Translate,
} from './contexts';
import { SignInScreen } from './sign-in.screen';
import { useColorScheme } from './use-color-scheme';

const AcceptInvitationScreen = lazy(() =>
  import('./admin/accept-invitation.screen').then((m) => ({ default: m.AcceptInvitationScreen })),
);

/** Language, direction and theme on <html>, from the settings (defaults: browser language and scheme). */
function useDocumentSettings(services: AppServices) {
  const settings = useStore(services.settings);
  const systemScheme = useColorScheme();
  const locale = resolveLocale(settings.locale, navigator.languages ?? [navigator.language]);
  const theme = settings.theme === 'system' ? systemScheme : settings.theme;
  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = isRtl(locale) ? 'rtl' : 'ltr';
    html.dataset.theme = theme;
  }, [locale, theme]);
  return locale;
}

/** The locale's strings: at once for English, after one small download for Arabic and Hebrew. */
function useMessages(locale: ReturnType<typeof useDocumentSettings>): MessageTable | null {
  const [loaded, setLoaded] = useState<{ locale: string; table: MessageTable } | null>(null);
  const ready = loadedMessages(locale);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void loadMessages(locale).then((table) => live && setLoaded({ locale, table }));
    return () => {
      live = false;
    };
  }, [locale, ready]);
  return ready ?? (loaded?.locale === locale ? loaded.table : null);
}

export function App({ services }: { services: AppServices }) {
  const locale = useDocumentSettings(services);
  const table = useMessages(locale);
  const i18n = useMemo(() => table && { locale, t: translator(table) }, [locale, table]);
  const { session } = useStore(services.sessions);
  const { route } = useStore(services.router);
  // A moment while Arabic or Hebrew loads: nothing rather than a flash of English.
  if (!i18n) return null;
  return (
    <AppContext.Provider value={services}>
      <I18nContext.Provider value={i18n}>
        {route.screen === 'invite' ? (
          // An invitation link works signed in or not: accepting it signs in as the new agent.
          <Suspense fallback={<p className="empty">{i18n.t('loading')}</p>}>
            <AcceptInvitationScreen token={route.token} />
          </Suspense>
        ) : session ? (
          <SignedIn session={session} t={i18n.t} />
        ) : (
          <SignInScreen />
        )}
      </I18nContext.Provider>
    </AppContext.Provider>
  );
}

/** One ConsoleSession per token: made when signed in, disposed on sign-out. */
function SignedIn({ session, t }: { session: Session; t: Translate }) {
  const services = useApp();
  const [consoleSession, setConsoleSession] = useState<ConsoleSession | null>(null);
  const translate = useRef(t);
  useEffect(() => {
    translate.current = t;
  }, [t]);
  const token = session.token;

  useEffect(() => {
    const alertText = (alert: NonNullable<Alert>) => {
      const name =
        alert.conversation.contact.name ?? alert.conversation.contact.email ?? translate.current('visitor');
      return alert.kind === 'assigned'
        ? {
            title: translate.current('notifyAssignedTitle'),
            body: translate.current('notifyAssignedBody', { name }),
          }
        : {
            title: translate.current('notifyMessageTitle', { name }),
            body: translate.current('notifyMessageBody'),
          };
    };
    const created = new ConsoleSession(
      session,
      services.sessions,
      services.settings,
      services.router,
      alertText,
    );
    created.start();
    setConsoleSession(created);
    return () => {
      created.dispose();
      setConsoleSession(null);
    };
    // One session per token; later agent updates (status) must not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  if (!consoleSession) return null;
  return (
    <ConsoleContext.Provider value={consoleSession}>
      <ConsoleShell />
    </ConsoleContext.Provider>
  );
}
