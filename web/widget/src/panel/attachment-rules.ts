import type { WidgetPublicConfig } from '../shared/protocol';

export type AttachmentCheck = 'ok' | 'disabled' | 'too_large' | 'type_not_allowed';

/**
 * Whether a MIME type (or, for `.ext` entries, a file name) matches the configured allowed types:
 * exact types, `image/*`-style families, `*` or `*\/*` for anything. An empty list allows anything.
 */
export function typeAllowed(mimeType: string, fileName: string, allowedTypes: readonly string[]): boolean {
  if (allowedTypes.length === 0) return true;
  const mime = mimeType.toLowerCase();
  return allowedTypes.some((raw) => {
    const pattern = raw.trim().toLowerCase();
    if (pattern === '*' || pattern === '*/*') return true;
    if (pattern.startsWith('.')) return fileName.toLowerCase().endsWith(pattern);
    if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1));
    return mime === pattern;
  });
}

/** The client-side check before an upload; the hub checks again (413, 415). */
export function checkAttachment(
  file: { name: string; size: number; type: string },
  rules: WidgetPublicConfig['attachments'],
): AttachmentCheck {
  if (!rules.enabled) return 'disabled';
  if (file.size > rules.maxBytes) return 'too_large';
  if (!typeAllowed(file.type, file.name, rules.allowedTypes)) return 'type_not_allowed';
  return 'ok';
}

/** `10485760` → "10 MB" in the visitor's locale. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  try {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: units[unit],
      unitDisplay: 'short',
      maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
    }).format(value);
  } catch {
    return `${Math.round(value)} ${['B', 'KB', 'MB', 'GB'][unit]}`;
  }
}
