import { format } from '../../shared/locale';
import type { PanelStrings } from '../../shared/strings';
import { h } from '../dom';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * "No agents are available right now…", and, when the configuration asks for it, an email field
 * for the reply (sent as a `profile` frame by the session).
 */
export class OfflineNoticeView {
  readonly element = h('section', { class: 'sb-offline', 'aria-labelledby': 'sb-offline-text' });
  private savedEmail: string | null = null;

  constructor(private readonly onEmail: (email: string) => void) {}

  render(strings: PanelStrings, askEmail: boolean): void {
    const text = h('p', { id: 'sb-offline-text' }, strings.offline);
    if (!askEmail) return this.element.replaceChildren(text);
    if (this.savedEmail) {
      return this.element.replaceChildren(
        text,
        h(
          'p',
          { class: 'sb-saved', role: 'status' },
          format(strings.offlineEmailSaved, { email: this.savedEmail }),
        ),
      );
    }
    const error = h('p', { class: 'sb-error', id: 'sb-offline-error', hidden: true });
    const input = h('input', {
      type: 'email',
      id: 'sb-offline-email',
      class: 'sb-input',
      autocomplete: 'email',
      'aria-describedby': 'sb-offline-error',
    });
    const form = h(
      'form',
      {
        class: 'sb-offline-form',
        novalidate: true,
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          const email = input.value.trim();
          if (!EMAIL.test(email)) {
            error.textContent = strings.invalidEmail;
            error.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          this.savedEmail = email;
          this.onEmail(email);
          this.render(strings, askEmail);
        },
      },
      h('label', { for: 'sb-offline-email', class: 'sb-label' }, strings.offlineEmailLabel),
      h(
        'div',
        { class: 'sb-inline' },
        input,
        h('button', { type: 'submit', class: 'sb-button' }, strings.save),
      ),
      error,
    );
    this.element.replaceChildren(text, form);
  }
}
