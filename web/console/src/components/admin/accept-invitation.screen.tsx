import { useState, type FormEvent } from 'react';
import { ACCEPT_INVITATION } from '../../api/admin-documents';
import { GraphqlClient } from '../../api/graphql-client';
import { errorCode, errorMessage } from '../../api/hub-error';
import type { Agent } from '../../api/hub-types';
import { useApp } from '../contexts';
import { useAdminT as useT } from './use-admin-t';

interface AcceptPayload {
  acceptInvitation: { token: string; expiresAt: string; agent: Agent };
}

/** /console/invite/<token>: the invited agent chooses a password and lands in the console. */
export function AcceptInvitationScreen({ token }: { token: string }) {
  const t = useT();
  const { sessions, router } = useApp();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < 8) return setError(t('passwordTooShort'));
    if (password !== repeat) return setError(t('passwordsDiffer'));
    setBusy(true);
    setError(null);
    try {
      const { acceptInvitation } = await new GraphqlClient(() => null).request<AcceptPayload>(
        ACCEPT_INVITATION,
        {
          token,
          password,
        },
      );
      sessions.signIn(acceptInvitation);
      router.navigate({ screen: 'chats', conversationId: null }, true);
    } catch (err) {
      if (errorCode(err) === 'NOT_FOUND') setError(t('invitationInvalid'));
      else if (errorCode(err) === 'NETWORK' || errorCode(err) === 'SERVICE_UNAVAILABLE')
        setError(t('errorHubUnreachable'));
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form
        className="sign-in__card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="invite-title"
        noValidate
      >
        <h1 id="invite-title" className="sign-in__title">
          {t('acceptInvitationTitle')}
        </h1>
        <p className="muted">{t('acceptInvitationIntro')}</p>
        <label className="field">
          <span className="field__label">{t('newPassword')}</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <span className="field__hint">{t('passwordHint')}</span>
        </label>
        <label className="field">
          <span className="field__label">{t('repeatPassword')}</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy || !password || !repeat}>
          {t('setPasswordAndSignIn')}
        </button>
      </form>
    </main>
  );
}
