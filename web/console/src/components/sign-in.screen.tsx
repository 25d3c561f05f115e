import { useState, type FormEvent } from 'react';
import { GraphqlClient } from '../api/graphql-client';
import { LOGIN } from '../api/graphql-documents';
import { errorCode, errorMessage } from '../api/hub-error';
import type { Agent } from '../api/hub-types';
import { useApp, useT } from './contexts';

interface LoginPayload {
  login: { token: string; expiresAt: string; agent: Agent };
}

/** The hub answers BAD_USER_INPUT naming workspaceId when the email exists in several workspaces. */
function asksForWorkspace(error: unknown): boolean {
  return errorCode(error) === 'BAD_USER_INPUT' && /workspace/i.test(errorMessage(error));
}

export function SignInScreen() {
  const t = useT();
  const { sessions } = useApp();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const [needsWorkspace, setNeedsWorkspace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { login } = await new GraphqlClient(() => null).request<LoginPayload>(LOGIN, {
        email: email.trim(),
        password,
        workspaceId: needsWorkspace && workspaceId.trim() ? workspaceId.trim() : null,
      });
      sessions.signIn({ token: login.token, expiresAt: login.expiresAt, agent: login.agent });
    } catch (err) {
      if (asksForWorkspace(err) && !needsWorkspace) {
        setNeedsWorkspace(true);
        setError(t('signInWorkspaceNeeded'));
      } else if (errorCode(err) === 'UNAUTHENTICATED') {
        setError(t('signInBadCredentials'));
      } else if (errorCode(err) === 'RATE_LIMITED') {
        setError(t('signInRateLimited'));
      } else if (errorCode(err) === 'NETWORK' || errorCode(err) === 'SERVICE_UNAVAILABLE') {
        setError(t('errorHubUnreachable'));
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form
        className="sign-in__card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="sign-in-title"
        noValidate
      >
        <h1 id="sign-in-title" className="sign-in__title">
          {t('signInTitle')}
        </h1>
        <p className="muted">{t('signInIntro')}</p>
        <label className="field">
          <span className="field__label">{t('email')}</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            dir="ltr"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('password')}</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {needsWorkspace && (
          <label className="field">
            <span className="field__label">{t('workspaceId')}</span>
            <input
              required
              value={workspaceId}
              onChange={(e) => setWorkspaceId(e.target.value)}
              dir="ltr"
              autoFocus
            />
            <span className="field__hint">{t('workspaceIdHint')}</span>
          </label>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button button--primary" type="submit" disabled={busy || !email || !password}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
