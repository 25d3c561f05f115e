import type { WidgetLocale } from './protocol';

/**
 * The few strings the loader draws on the host page. Kept apart from the panel's strings so the
 * loader bundle stays within its 6 KB budget.
 */
export interface LauncherStrings {
  openChat: string;
  minimizeChat: string;
  /** Plural forms: exactly 1, and every other count (Arabic and Hebrew spell "one" out). */
  unreadOne: string;
  unreadOther: string;
  frameTitle: string;
  invitationFrom: string;
  invitationDefault: string;
  reply: string;
  close: string;
}

export const LAUNCHER_STRINGS: Record<WidgetLocale, LauncherStrings> = {
  en: {
    openChat: 'Open chat',
    minimizeChat: 'Minimize chat',
    unreadOne: '{n} unread message',
    unreadOther: '{n} unread messages',
    frameTitle: 'Chat window',
    invitationFrom: 'Message from {name}',
    invitationDefault: 'New message',
    reply: 'Reply',
    close: 'Close',
  },
  ar: {
    openChat: 'فتح الدردشة',
    minimizeChat: 'تصغير الدردشة',
    unreadOne: 'رسالة واحدة غير مقروءة',
    unreadOther: 'رسائل غير مقروءة: {n}',
    frameTitle: 'نافذة الدردشة',
    invitationFrom: 'رسالة من {name}',
    invitationDefault: 'رسالة جديدة',
    reply: 'رد',
    close: 'إغلاق',
  },
  he: {
    openChat: "פתיחת הצ'אט",
    minimizeChat: "מזעור הצ'אט",
    unreadOne: 'הודעה אחת שלא נקראה',
    unreadOther: '{n} הודעות שלא נקראו',
    frameTitle: "חלון הצ'אט",
    invitationFrom: 'הודעה מאת {name}',
    invitationDefault: 'הודעה חדשה',
    reply: 'השב',
    close: 'סגירה',
  },
  fr: {
    openChat: 'Ouvrir le chat',
    minimizeChat: 'Réduire le chat',
    unreadOne: '{n} message non lu',
    unreadOther: '{n} messages non lus',
    frameTitle: 'Fenêtre de chat',
    invitationFrom: 'Message de {name}',
    invitationDefault: 'Nouveau message',
    reply: 'Répondre',
    close: 'Fermer',
  },
  es: {
    openChat: 'Abrir el chat',
    minimizeChat: 'Minimizar el chat',
    unreadOne: '{n} mensaje sin leer',
    unreadOther: '{n} mensajes sin leer',
    frameTitle: 'Ventana de chat',
    invitationFrom: 'Mensaje de {name}',
    invitationDefault: 'Nuevo mensaje',
    reply: 'Responder',
    close: 'Cerrar',
  },
  de: {
    openChat: 'Chat öffnen',
    minimizeChat: 'Chat minimieren',
    unreadOne: '{n} ungelesene Nachricht',
    unreadOther: '{n} ungelesene Nachrichten',
    frameTitle: 'Chatfenster',
    invitationFrom: 'Nachricht von {name}',
    invitationDefault: 'Neue Nachricht',
    reply: 'Antworten',
    close: 'Schließen',
  },
};
