import type { PanelStrings } from '../../shared/strings';
import { h, icon } from '../dom';

export interface ComposerCallbacks {
  onSend(text: string): void;
  onInput(text: string): void;
  onFile(file: File): void;
}

/**
 * The textarea (Enter sends, Shift+Enter is a new line, IME composition is left alone), the attach
 * button when attachments are enabled, and the send button.
 */
export class ComposerView {
  readonly element: HTMLFormElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly attach: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  private readonly send: HTMLButtonElement;

  constructor(private readonly callbacks: ComposerCallbacks) {
    this.textarea = h('textarea', {
      class: 'sb-input',
      rows: 1,
      id: 'sb-composer',
      oninput: () => this.changed(),
      onkeydown: (event: KeyboardEvent) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
          event.preventDefault();
          this.submit();
        }
      },
    });
    this.fileInput = h('input', {
      type: 'file',
      class: 'sb-hidden',
      tabindex: '-1',
      'aria-hidden': 'true',
      onchange: () => {
        const file = this.fileInput.files?.[0];
        this.fileInput.value = '';
        if (file) this.callbacks.onFile(file);
      },
    });
    this.attach = h(
      'button',
      { type: 'button', class: 'sb-icon-button sb-attach', onclick: () => this.fileInput.click() },
      icon('attach'),
    );
    this.send = h('button', { type: 'submit', class: 'sb-send' }, icon('send'));
    this.element = h(
      'form',
      {
        class: 'sb-composer',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          this.submit();
        },
      },
      this.textarea,
      this.fileInput,
      this.attach,
      this.send,
    );
  }

  render(strings: PanelStrings, attachments: { enabled: boolean; allowedTypes: string[] }): void {
    this.textarea.setAttribute('aria-label', strings.composerLabel);
    this.textarea.placeholder = strings.composerPlaceholder;
    this.attach.setAttribute('aria-label', strings.attach);
    this.attach.title = strings.attach;
    this.attach.hidden = !attachments.enabled;
    this.fileInput.accept = attachments.allowedTypes.join(',');
    this.send.setAttribute('aria-label', strings.send);
    this.send.title = strings.send;
  }

  focus(): void {
    this.textarea.focus({ preventScroll: true });
  }

  private submit(): void {
    const text = this.textarea.value.trim();
    if (!text) return;
    this.textarea.value = '';
    this.resize();
    this.callbacks.onSend(text);
  }

  private changed(): void {
    this.resize();
    this.callbacks.onInput(this.textarea.value);
  }

  /** Grows with the text up to about five lines, then scrolls. */
  private resize(): void {
    this.textarea.style.height = 'auto';
    this.textarea.style.height = `${Math.min(this.textarea.scrollHeight, 120)}px`;
  }
}
