import { useEffect, useMemo, useState } from 'react';
import { INTEGRATION_SESSION_EVENTS, RELINK_INTEGRATION } from '../../api/admin-documents';
import { errorMessage } from '../../api/hub-error';
import type { Integration, IntegrationSession, IntegrationSessionState } from '../../api/hub-types';
import type { AdminMessageKey } from '../../i18n/admin-messages';
import { encodeQr, qrSvgPath } from '../../qr/qr-code';
import { formatRelative } from '../../text/format';
import { useConsole } from '../contexts';
import { useNow } from '../use-now';
import { FormError } from './copy-field';
import { useAdminI18n } from './use-admin-t';

/** The session state in words, for the panel and the integrations list. */
export const SESSION_STATE_LABEL: Record<IntegrationSessionState, AdminMessageKey> = {
  CONNECTING: 'sessionConnecting',
  QR_REQUIRED: 'sessionQrRequired',
  READY: 'sessionReady',
  NEEDS_RELINKING: 'sessionNeedsRelinking',
  ERROR: 'sessionError',
};

const QR_BORDER = 4;

/** The QR payload drawn as an SVG (no network, no canvas): dark modules on a white quiet zone. */
function QrImage({ payload, label }: { payload: string; label: string }) {
  const { path, extent } = useMemo(() => {
    const code = encodeQr(payload, { errorCorrection: 'L' });
    return { path: qrSvgPath(code, QR_BORDER), extent: code.size + 2 * QR_BORDER };
  }, [payload]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      data-testid="whatsapp-qr"
      viewBox={`0 0 ${extent} ${extent}`}
      width="264"
      height="264"
      shapeRendering="crispEdges"
    >
      <rect width={extent} height={extent} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}

/**
 * "Link phone" for a WhatsApp Web integration: live on the integrationSession subscription, it
 * shows the state in words, the QR code while one is needed (replaced whenever WhatsApp rotates
 * it), and Relink (relinkIntegration) to restart the session.
 */
export function IntegrationSessionPanel({
  integration,
  onClose,
}: {
  integration: Integration;
  onClose(): void;
}) {
  const { t, locale } = useAdminI18n();
  const session = useConsole();
  const [state, setState] = useState<IntegrationSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow(15_000);

  useEffect(
    () =>
      session.realtime.watch<{ integrationSession: IntegrationSession }>(
        INTEGRATION_SESSION_EVENTS,
        { integrationId: integration.id },
        (data) => {
          setState(data.integrationSession);
          setError(null);
        },
        setError,
      ),
    [session, integration.id],
  );

  async function relink() {
    setBusy(true);
    setError(null);
    try {
      const { relinkIntegration } = await session.api.request<{ relinkIntegration: IntegrationSession }>(
        RELINK_INTEGRATION,
        { id: integration.id },
      );
      setState(relinkIntegration);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const phase = state?.state ?? null;
  const showQr = !!state?.qr && (phase === 'QR_REQUIRED' || phase === 'NEEDS_RELINKING');
  const titleId = `link-${integration.id}`;
  return (
    <section className="card session-panel" aria-labelledby={titleId}>
      <header className="session-panel__head">
        <h2 id={titleId}>{t('linkPhoneTitle', { name: integration.name })}</h2>
        <button type="button" className="button button--icon" aria-label={t('close')} onClick={onClose}>
          ×
        </button>
      </header>
      <div
        role="status"
        className={`session-panel__state session-state--${(phase ?? 'unknown').toLowerCase()}`}
      >
        <p className="session-panel__phase">
          {phase === 'CONNECTING' && <span className="spinner" aria-hidden="true" />}
          {phase ? t(SESSION_STATE_LABEL[phase]) : t('loading')}
        </p>
        {state?.detail && <p className="muted">{state.detail}</p>}
        {phase === 'READY' && <p className="muted">{t('sessionReadyHint')}</p>}
        {phase === 'NEEDS_RELINKING' && <p>{t('sessionRepliesWait')}</p>}
        {phase === 'ERROR' && <p>{t('sessionErrorHint')}</p>}
      </div>
      {showQr && state?.qr && (
        <figure className="session-panel__qr">
          <QrImage payload={state.qr} label={t('sessionQrLabel')} />
          <figcaption className="muted">{t('sessionQrRotates')}</figcaption>
        </figure>
      )}
      {state && (
        <p className="muted session-panel__updated">
          {t('sessionUpdated', { time: formatRelative(state.updatedAt, locale, now) })}
        </p>
      )}
      <FormError message={error} />
      <div className="dialog__actions">
        <button type="button" className="button" disabled={busy} onClick={() => void relink()}>
          {t('relink')}
        </button>
      </div>
    </section>
  );
}
