import type { WidgetPublicConfig } from '../../shared/protocol';
import type { PanelStrings } from '../../shared/strings';
import { h, icon } from '../dom';
import { type ComposerCallbacks, ComposerView } from './composer-view';
import { HeaderView } from './header-view';
import { MessageListView } from './message-list-view';
import { OfflineNoticeView } from './offline-notice-view';
import { type PrechatAnswers, PrechatFormView } from './prechat-form-view';

export interface PanelCallbacks extends ComposerCallbacks {
  onMinimize(): void;
  onRetry(clientMessageId: string): void;
  onOfflineEmail(email: string): void;
  onPrechat(answers: PrechatAnswers): void;
}

/**
 * The panel's layout, in tab order: header, status and alert lines, offline notice, message log,
 * place in line, typing line, then the pre-chat form or the composer, and the sneak-peek disclosure.
 */
export class PanelView {
  readonly header: HeaderView;
  readonly list: MessageListView;
  readonly composer: ComposerView;
  readonly offline: OfflineNoticeView;
  // Live regions stay in the DOM (empty ones take no space) so screen readers announce changes.
  private readonly status = h('div', { class: 'sb-status-line', role: 'status' });
  private readonly alert = h('div', { class: 'sb-alert', role: 'alert', hidden: true });
  private readonly queue = h('p', { class: 'sb-queue', role: 'status', 'aria-live': 'polite' });
  private readonly typing = h('p', { class: 'sb-typing' });
  private readonly disclosure = h('p', { class: 'sb-disclosure' });
  private readonly footer = h('div', { class: 'sb-footer' });
  private readonly main = h('main', { class: 'sb-main' });
  private prechat: PrechatFormView | null = null;
  private strings: PanelStrings | null = null;

  constructor(
    root: HTMLElement,
    private readonly callbacks: PanelCallbacks,
  ) {
    this.header = new HeaderView(callbacks.onMinimize);
    this.list = new MessageListView(callbacks.onRetry);
    this.composer = new ComposerView(callbacks);
    this.offline = new OfflineNoticeView(callbacks.onOfflineEmail);
    this.footer.append(this.composer.element);
    this.main.append(
      this.status,
      this.alert,
      this.offline.element,
      this.list.element,
      this.queue,
      this.typing,
      this.footer,
      this.disclosure,
    );
    root.replaceChildren(this.header.element, this.main);
  }

  renderChrome(config: WidgetPublicConfig, strings: PanelStrings, online: boolean): void {
    this.strings = strings;
    this.composer.render(strings, config.attachments);
    this.offline.element.hidden = online;
    if (!online) this.offline.render(strings, config.offlineEmail);
    this.disclosure.textContent = config.sneakPeek ? strings.sneakPeek : '';
    this.disclosure.hidden = !config.sneakPeek;
  }

  /** Shows the pre-chat form instead of the composer (or the composer again with `null`). */
  showPrechat(config: WidgetPublicConfig | null, strings: PanelStrings): void {
    this.main.classList.toggle('sb-main--form', !!config);
    if (!config) {
      if (this.prechat) this.footer.replaceChildren(this.composer.element);
      this.prechat = null;
      return;
    }
    this.prechat = new PrechatFormView(config.prechat.fields, strings, this.callbacks.onPrechat);
    this.footer.replaceChildren(this.prechat.element);
  }

  focusInput(): void {
    if (this.prechat) this.prechat.focus();
    else this.composer.focus();
  }

  setTyping(text: string | null): void {
    this.typing.textContent = text ?? '';
  }

  /** The place in line while waiting for an agent; only a change is written, so only a change is announced. */
  setQueue(text: string | null): void {
    if (this.queue.textContent !== (text ?? '')) this.queue.textContent = text ?? '';
  }

  setStatus(text: string | null): void {
    this.status.textContent = text ?? '';
  }

  /** An error the visitor should read (upload refused, rate limited…), with a dismiss button. */
  showAlert(text: string | null): void {
    if (!text) {
      this.alert.replaceChildren();
      this.alert.hidden = true;
      return;
    }
    const dismiss = h(
      'button',
      {
        type: 'button',
        class: 'sb-icon-button sb-dismiss',
        'aria-label': this.strings?.dismiss ?? 'Dismiss',
        onclick: () => {
          this.showAlert(null);
          this.focusInput();
        },
      },
      icon('close'),
    );
    this.alert.replaceChildren(h('p', {}, text), dismiss);
    this.alert.hidden = false;
  }
}
