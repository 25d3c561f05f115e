import { useStore } from '../state/use-store';
import { useConsole, useT } from './contexts';

/** Shown while the live connection is down; lists and the open chat catch up when it is back. */
export function ReconnectBanner() {
  const t = useT();
  const { phase } = useStore(useConsole().realtime);
  return (
    <div className="banner-slot" role="status" aria-live="polite">
      {phase !== 'connected' && (
        <p className={`banner banner--${phase}`}>
          {phase === 'reconnecting' ? t('reconnecting') : t('connecting')}
        </p>
      )}
    </div>
  );
}
