import { format } from '../shared/locale';
import type { UploadedFile, WidgetPublicConfig } from '../shared/protocol';
import type { PanelStrings } from '../shared/strings';
import { checkAttachment, formatBytes } from './attachment-rules';
import type { HubApi } from './hub-api';

export type UploadOutcome =
  { kind: 'uploaded'; file: UploadedFile } | { kind: 'refused'; message: string } | { kind: 'auth_failed' };

/**
 * Checks a file against the configured limits first (so the visitor hears "too large" without
 * waiting for the upload), then uploads it; the hub's 413/415/429 become the same clear messages.
 */
export async function uploadAttachment(
  file: File,
  rules: WidgetPublicConfig['attachments'],
  api: HubApi,
  strings: PanelStrings,
  locale: string,
): Promise<UploadOutcome> {
  const name = file.name || strings.file;
  const tooLarge = (): string =>
    format(strings.fileTooLarge, { name, max: formatBytes(rules.maxBytes, locale) });
  const notAllowed = (): string => format(strings.fileTypeNotAllowed, { name });
  const check = checkAttachment(file, rules);
  if (check !== 'ok') return { kind: 'refused', message: check === 'too_large' ? tooLarge() : notAllowed() };

  const answer = await api.upload(file);
  if (answer.data) return { kind: 'uploaded', file: answer.data };
  if (answer.status === 401) return { kind: 'auth_failed' };
  const message =
    answer.status === 413
      ? tooLarge()
      : answer.status === 415
        ? notAllowed()
        : answer.status === 429
          ? strings.rateLimited
          : format(strings.uploadFailed, { name });
  return { kind: 'refused', message };
}
