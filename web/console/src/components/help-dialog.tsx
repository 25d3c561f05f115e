import { SHORTCUTS } from '../keyboard/shortcuts';
import { useT } from './contexts';
import { ModalDialog } from './modal-dialog';

/** `?`: every keyboard shortcut. */
export function HelpDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  return (
    <ModalDialog title={t('keyboardShortcuts')} onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <th scope="row">{t(shortcut.label)}</th>
              <td dir="ltr">
                {shortcut.keys.map((combo, i) => (
                  <span key={combo.join('+')}>
                    {i > 0 && <span className="shortcuts__or"> {t('or')} </span>}
                    {combo.map((k, j) => (
                      <span key={k}>
                        {j > 0 && '+'}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('shortcutSend')}</th>
            <td dir="ltr">
              <kbd>Enter</kbd>
            </td>
          </tr>
          <tr>
            <th scope="row">{t('shortcutNewLine')}</th>
            <td dir="ltr">
              <kbd>Shift</kbd>+<kbd>Enter</kbd>
            </td>
          </tr>
          <tr>
            <th scope="row">{t('shortcutCanned')}</th>
            <td dir="ltr">
              <kbd>/</kbd> {t('inComposer')}
            </td>
          </tr>
        </tbody>
      </table>
    </ModalDialog>
  );
}
