import type { ContactSummary } from '../api/hub-types';
import type { Translate } from './contexts';

/** The contact's name, else email, else "Visitor" (customer text, rendered as text). */
export function contactName(contact: ContactSummary, t: Translate): string {
  return contact.name?.trim() || contact.email?.trim() || t('visitor');
}
