import { format } from '../../shared/locale';
import type { Invitation, UploadedFile, WidgetAttachment } from '../../shared/protocol';
import type { PanelStrings } from '../../shared/strings';
import { formatBytes } from '../attachment-rules';
import { h, icon, richText, safeUrl } from '../dom';
import type { ListEntry } from '../message-store';

export interface MessageListState {
  entries: ListEntry[];
  strings: PanelStrings;
  locale: string;
  welcomeText: string;
  greeting: Invitation | null;
  ended: boolean;
  showAgentName: boolean;
}

type Side = 'visitor' | 'agent' | 'system';

interface Row {
  element: HTMLElement;
  signature: string;
}

/**
 * The conversation as a `role="log"` live region. Rows are keyed and reused, so a new message is
 * the only thing added to the DOM (and the only thing a screen reader announces), and a pending
 * bubble becomes the stored one in place when the hub acknowledges it.
 */
export class MessageListView {
  readonly element = h('div', { class: 'sb-log', role: 'log', 'aria-live': 'polite', tabindex: '0' });
  private readonly rows = new Map<string, Row>();
  private readonly welcome = h('div', { class: 'sb-row sb-row--agent' });
  private readonly greeting = h('div', { class: 'sb-row sb-row--agent' });
  private readonly ended = h('div', { class: 'sb-row sb-row--system sb-ended' });
  private renderedWelcome = '';
  private renderedGreeting: Invitation | null = null;

  constructor(private readonly onRetry: (clientMessageId: string) => void) {}

  render(state: MessageListState): void {
    const { strings } = state;
    const stickToBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 48;
    this.element.setAttribute('aria-label', strings.messages);

    if (this.renderedWelcome !== state.welcomeText) {
      this.renderedWelcome = state.welcomeText;
      this.welcome.replaceChildren(h('div', { class: 'sb-bubble' }, richText(state.welcomeText)));
    }
    if (this.renderedGreeting !== state.greeting && state.greeting) {
      this.renderedGreeting = state.greeting;
      this.greeting.replaceChildren(
        state.greeting.agentName ? h('p', { class: 'sb-author' }, state.greeting.agentName) : '',
        h('div', { class: 'sb-bubble' }, richText(state.greeting.message)),
      );
    }
    this.ended.replaceChildren(h('p', {}, strings.chatEnded, ' ', strings.startNew));

    const wanted: HTMLElement[] = [this.welcome];
    if (state.greeting) wanted.push(this.greeting);
    const seen = new Set<string>();
    let previousAuthor = '';
    let previousConversation: string | null = null;
    for (const entry of state.entries) {
      const conversationId: string | null =
        entry.kind === 'message' ? entry.message.conversationId : previousConversation;
      if (previousConversation && conversationId !== previousConversation) {
        // An earlier conversation of this visitor ended here; the next one starts below.
        wanted.push(this.divider(`end:${previousConversation}`, strings.chatEnded, seen));
        previousAuthor = '';
      }
      previousConversation = conversationId;
      seen.add(entry.key);
      const author =
        entry.kind === 'message' ? `${entry.message.author.kind}:${entry.message.author.name}` : 'contact:';
      const showAuthor = state.showAgentName && author !== previousAuthor;
      previousAuthor = author;
      const signature = this.signature(entry, showAuthor, state.locale);
      let row = this.rows.get(entry.key);
      if (!row) {
        row = { element: this.buildRow(entry, showAuthor, state), signature };
        this.rows.set(entry.key, row);
      } else if (row.signature !== signature) {
        this.updateRow(row.element, entry, showAuthor, state);
        row.signature = signature;
      }
      wanted.push(row.element);
    }
    if (state.ended) wanted.push(this.ended);
    for (const [key, row] of this.rows) {
      if (!seen.has(key)) {
        row.element.remove();
        this.rows.delete(key);
      }
    }
    this.reconcile(wanted);
    if (stickToBottom) this.scrollToEnd();
  }

  private divider(key: string, text: string, seen: Set<string>): HTMLElement {
    seen.add(key);
    let row = this.rows.get(key);
    if (!row || row.signature !== text) {
      row = {
        element: h('div', { class: 'sb-row sb-row--system sb-ended' }, h('p', {}, text)),
        signature: text,
      };
      this.rows.get(key)?.element.remove();
      this.rows.set(key, row);
    }
    return row.element;
  }

  scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  private reconcile(wanted: HTMLElement[]): void {
    const current = Array.from(this.element.children);
    for (const node of current) if (!wanted.includes(node as HTMLElement)) node.remove();
    wanted.forEach((node, index) => {
      if (this.element.children[index] !== node)
        this.element.insertBefore(node, this.element.children[index] ?? null);
    });
  }

  private signature(entry: ListEntry, showAuthor: boolean, locale: string): string {
    const state = entry.kind === 'message' ? `${entry.message.status}` : entry.pending.state;
    return `${entry.kind}|${state}|${showAuthor}|${locale}`;
  }

  private side(entry: ListEntry): Side {
    if (entry.kind === 'pending') return 'visitor';
    const { message } = entry;
    if (message.author.kind === 'system') return 'system';
    return message.direction === 'inbound' ? 'visitor' : 'agent';
  }

  private buildRow(entry: ListEntry, showAuthor: boolean, state: MessageListState): HTMLElement {
    const row = h('div');
    this.updateRow(row, entry, showAuthor, state);
    return row;
  }

  /**
   * Draws a row. When only its status or author line changed (a pending message acknowledged, a
   * message read) the bubble stays as it is, so the live region does not announce it again.
   */
  private updateRow(row: HTMLElement, entry: ListEntry, showAuthor: boolean, state: MessageListState): void {
    const side = this.side(entry);
    const text = entry.kind === 'message' ? entry.message.text : entry.pending.text;
    row.className = `sb-row sb-row--${side}${entry.kind === 'pending' ? ' sb-row--pending' : ''}`;
    if (side === 'system') {
      row.replaceChildren(h('p', {}, richText(text ?? '')));
      return;
    }
    const author =
      side === 'agent' && showAuthor && entry.kind === 'message'
        ? h('p', { class: 'sb-author' }, entry.message.author.name || state.strings.agent)
        : '';
    const meta = this.meta(entry, state);
    const kept = row.dataset.side === side ? row.querySelector(':scope > .sb-bubble') : null;
    row.dataset.side = side;
    if (kept) {
      // Moving the bubble would count as an addition for the live region: touch only its siblings.
      for (const child of Array.from(row.children)) if (child !== kept) child.remove();
      if (author) row.insertBefore(author, kept);
      row.append(meta);
      return;
    }
    const attachments = entry.kind === 'message' ? entry.message.attachments : entry.pending.attachments;
    const bubble = h(
      'div',
      { class: 'sb-bubble' },
      text ? h('p', { class: 'sb-text' }, richText(text)) : '',
      ...attachments.map((a) => this.attachment(a, state)),
    );
    row.replaceChildren(author, bubble, meta);
  }

  private attachment(attachment: WidgetAttachment | UploadedFile, state: MessageListState): Node | string {
    const url = safeUrl(attachment.url);
    const name = attachment.name || state.strings.file;
    if (!url) return '';
    if (attachment.kind === 'image') {
      return h(
        'a',
        { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'sb-image' },
        h('img', { src: url, alt: attachment.name || state.strings.image, loading: 'lazy' }),
      );
    }
    const size = attachment.sizeBytes ? ` (${formatBytes(attachment.sizeBytes, state.locale)})` : '';
    return h(
      'a',
      { href: url, target: '_blank', rel: 'noopener noreferrer', download: name, class: 'sb-file' },
      icon('file'),
      h('span', {}, `${name}${size}`),
    );
  }

  private meta(entry: ListEntry, state: MessageListState): HTMLElement {
    const { strings } = state;
    const createdAt = entry.kind === 'message' ? entry.message.createdAt : entry.pending.createdAt;
    const time = new Date(createdAt);
    const parts: Array<Node | string> = [
      Number.isNaN(time.getTime())
        ? ''
        : h(
            'time',
            { datetime: time.toISOString() },
            new Intl.DateTimeFormat(state.locale, { hour: 'numeric', minute: '2-digit' }).format(time),
          ),
    ];
    if (entry.kind === 'pending') {
      if (entry.pending.state === 'sending') parts.push(` · ${strings.sending}`);
      else {
        const id = entry.pending.clientMessageId;
        parts.push(
          h('span', { class: 'sb-failed' }, ` · ${strings.notSent} `),
          h(
            'button',
            { type: 'button', class: 'sb-link-button', onclick: () => this.onRetry(id) },
            strings.retry,
          ),
        );
      }
    } else if (this.side(entry) === 'visitor') {
      const status = entry.message.status;
      parts.push(
        ` · ${status === 'read' ? strings.read : status === 'delivered' ? strings.delivered : strings.sent}`,
      );
    }
    // Time and delivery state are not worth announcing; a failure (with its Retry button) is.
    const failed = entry.kind === 'pending' && entry.pending.state !== 'sending';
    return h('p', { class: 'sb-meta', 'aria-hidden': failed ? null : 'true' }, ...parts);
  }
}

/** "Ada is typing…" or the anonymous form; empty when nobody types. */
export function typingText(strings: PanelStrings, agentName: string | null | undefined): string {
  return agentName ? format(strings.typing, { name: agentName }) : strings.typingAnonymous;
}
