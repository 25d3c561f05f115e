import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { EXTERNAL_ROUTER, SET_EXTERNAL_ROUTER } from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { ExternalRouter } from '../../api/hub-types';
import {
  DEFAULT_ROUTER_TIMEOUT_MS,
  routerDraft,
  routerSecretProblem,
  routerVariables,
  type ExternalRouterDraft,
} from '../../routing/current-values';
import { useConsole } from '../contexts';
import { FormError } from './copy-field';
import { useAdminT } from './use-admin-t';

/**
 * The service asked which agent takes a chat in teams with the external router on. The form starts
 * from the router the hub reports (URL and timeout). The secret is write-only: the hub stores it
 * encrypted and never returns it, yet `setExternalRouter` wants it on every save, so changing the
 * URL or the timeout means entering it again; the form says so instead of sending a save the hub
 * would refuse.
 */
export function ExternalRouterForm() {
  const t = useAdminT();
  const session = useConsole();
  const secretHintId = useId();
  const secretInput = useRef<HTMLInputElement>(null);
  // undefined: not loaded yet; null: no router.
  const [current, setCurrent] = useState<ExternalRouter | null | undefined>(undefined);
  const [draft, setDraft] = useState<ExternalRouterDraft>(() => routerDraft(null));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    session.api.request<{ externalRouter: ExternalRouter | null }>(EXTERNAL_ROUTER).then(
      ({ externalRouter }) => {
        if (!live) return;
        setCurrent(externalRouter);
        setDraft(routerDraft(externalRouter));
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [session]);

  const edit = (patch: Partial<ExternalRouterDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setNotice(null);
  };

  async function send(
    variables: { url: string | null; secret: string | null; timeoutMs: number },
    done: string,
  ) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await session.api.request(SET_EXTERNAL_ROUTER, variables);
      // The hub's word on what it stored (it normalises the URL); the secret is forgotten here.
      const { externalRouter } = await session.api.request<{ externalRouter: ExternalRouter | null }>(
        EXTERNAL_ROUTER,
      );
      setCurrent(externalRouter);
      setDraft(routerDraft(externalRouter));
      setNotice(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    const problem = routerSecretProblem(draft, current ?? null);
    if (problem) {
      setNotice(null);
      setError(t(problem));
      secretInput.current?.focus();
      return;
    }
    void send(routerVariables(draft), t('externalRouterSaved'));
  }

  return (
    <section className="card routing-card" aria-labelledby="external-router-title">
      <h2 id="external-router-title">{t('externalRouter')}</h2>
      <p className="muted">{t('externalRouterIntro')}</p>
      {current === undefined ? (
        error ? (
          <FormError message={error} />
        ) : (
          <p className="empty">{t('loading')}</p>
        )
      ) : (
        <form className="admin-form" onSubmit={save} aria-label={t('externalRouter')}>
          {current === null && <p className="muted">{t('externalRouterNone')}</p>}
          <div className="admin-form__row">
            <label className="field">
              <span className="field__label">{t('externalRouterUrl')}</span>
              <input
                type="url"
                dir="ltr"
                required
                value={draft.url}
                onChange={(e) => edit({ url: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field__label">{t('externalRouterSecret')}</span>
              <input
                ref={secretInput}
                type="password"
                dir="ltr"
                aria-required="true"
                aria-describedby={secretHintId}
                autoComplete="new-password"
                placeholder="whsec_…"
                value={draft.secret}
                onChange={(e) => {
                  edit({ secret: e.target.value });
                  setError(null);
                }}
              />
              <span className="field__hint" id={secretHintId}>
                {current ? t('externalRouterSecretStoredHint') : t('externalRouterSecretHint')}
              </span>
            </label>
            <label className="field">
              <span className="field__label">{t('externalRouterTimeout')}</span>
              <input
                type="number"
                min={50}
                max={5000}
                required
                value={draft.timeoutMs}
                onChange={(e) => edit({ timeoutMs: e.target.value })}
              />
            </label>
          </div>
          <FormError message={error} />
          <div className="dialog__actions">
            {notice && (
              <p className="form-success" role="status">
                {notice}
              </p>
            )}
            <button
              type="button"
              className="button button--danger"
              disabled={busy || current === null}
              onClick={() =>
                void send(
                  { url: null, secret: null, timeoutMs: DEFAULT_ROUTER_TIMEOUT_MS },
                  t('externalRouterRemoved'),
                )
              }
            >
              {t('removeExternalRouter')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('saveExternalRouter')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
