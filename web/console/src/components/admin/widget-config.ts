/**
 * A widget customization as the admin screen edits it (docs/widget.md, "Customization"). The hub
 * validates the whole object; fields the form does not edit (invitations, attachment limits,
 * custom pre-chat questions) are kept as loaded and sent back unchanged.
 */
export interface PrechatField {
  id: string;
  type: string;
  label: string;
  required?: boolean;
  [more: string]: unknown;
}

export interface WidgetConfig {
  locale: string;
  appearance: {
    primaryColor: string;
    textOnPrimary: string;
    position: string;
    launcherText: string;
    launcherIcon: string;
    title: string | null;
    welcomeText: string | null;
    theme: string;
    [more: string]: unknown;
  };
  prechat: { enabled: boolean; fields: PrechatField[] };
  sneakPeek: boolean;
  offlineEmail: boolean;
  attachments: { enabled: boolean; [more: string]: unknown };
  [more: string]: unknown;
}

export const WIDGET_LOCALES = ['auto', 'en', 'ar', 'he', 'fr', 'es', 'de'] as const;

/** The hub answers the config with its `version`, which is not part of what an admin sends. */
export function editableConfig(answer: Record<string, unknown>): WidgetConfig {
  const { version: _version, ...config } = answer;
  return config as unknown as WidgetConfig;
}

/** Adds or removes the standard pre-chat question with `id` (name or email), keeping the others. */
export function togglePrechatField(config: WidgetConfig, field: PrechatField, on: boolean): WidgetConfig {
  const others = config.prechat.fields.filter((f) => f.id !== field.id);
  const fields = on ? [...others, field] : others;
  return { ...config, prechat: { ...config.prechat, fields } };
}
