import type { Alert } from './notification-rules';
import { Chime } from './chime';

export interface NotifierSettings {
  sound: boolean;
  desktop: boolean;
}

export interface AlertText {
  title: string;
  body: string;
}

/** Plays the chime and shows a desktop notification for an alert, as the agent's settings say. */
export class Notifier {
  private readonly chime = new Chime();
  private lastChime = 0;

  constructor(
    private readonly settings: () => NotifierSettings,
    private readonly open: (conversationId: string) => void,
  ) {}

  dispose(): void {
    this.chime.dispose();
  }

  static permission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  static async requestPermission(): Promise<NotificationPermission | 'unsupported'> {
    if (typeof Notification === 'undefined') return 'unsupported';
    return Notification.requestPermission();
  }

  notify(alert: Alert, text: AlertText): void {
    if (!alert) return;
    const { sound, desktop } = this.settings();
    const now = Date.now();
    // A burst of messages chimes once.
    if (sound && now - this.lastChime > 1_500) {
      this.lastChime = now;
      this.chime.play();
    }
    if (desktop && Notifier.permission() === 'granted' && !document.hasFocus()) {
      // The body is set as text by the browser, never parsed as markup.
      const notification = new Notification(text.title, { body: text.body, tag: alert.conversation.id });
      notification.onclick = () => {
        window.focus();
        this.open(alert.conversation.id);
        notification.close();
      };
    }
  }
}
