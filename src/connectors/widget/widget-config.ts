import { z } from 'zod';

/** The languages the widget ships strings for; `auto` follows the visitor's browser. */
export const WIDGET_LOCALES = ['en', 'ar', 'he', 'fr', 'es', 'de'] as const;

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');
const shortText = (max: number) => z.string().trim().max(max);
const httpsOrRelativeUrl = z
  .string()
  .trim()
  .max(2000)
  .regex(/^(https?:\/\/|\/)[^\s"'<>]*$/, 'must be an http(s) URL or a path on the hub');

const prechatField = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/,
        'must be 1 to 40 letters, digits, _ or -, starting with a letter',
      ),
    type: z.enum(['name', 'email', 'text', 'choice', 'consent']),
    label: shortText(500).min(1),
    required: z.boolean().default(false),
    options: z.array(shortText(200).min(1)).max(50).optional(),
  })
  .strict()
  .superRefine((field, ctx) => {
    if (field.type === 'choice' && (!field.options || field.options.length < 2))
      ctx.addIssue({ code: 'custom', message: 'a choice field needs at least 2 options', path: ['options'] });
  });

const invitation = z
  .object({
    id: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, _ or -'),
    message: shortText(500).min(1),
    agentName: shortText(100).nullable().default(null),
    delaySeconds: z.number().int().min(0).max(3600).default(10),
    urlPattern: shortText(1000).nullable().default(null),
    minVisits: z.number().int().min(0).max(1000).default(0),
    returningOnly: z.boolean().default(false),
  })
  .strict();

/**
 * Everything an admin can customize about one widget, with the defaults a new widget gets. The
 * hub validates with this schema on save and sends the parsed value to browsers.
 */
export const widgetConfigSchema = z
  .object({
    locale: z.enum(['auto', ...WIDGET_LOCALES]).default('auto'),
    appearance: z
      .object({
        primaryColor: colour.default('#1f6feb'),
        textOnPrimary: colour.default('#ffffff'),
        fontFamily: z
          .string()
          .max(200)
          .regex(/^[a-zA-Z0-9 ,"'-]+$/, 'must be a CSS font-family list')
          .default('system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'),
        position: z.enum(['right', 'left']).default('right'),
        offsetX: z.number().int().min(0).max(500).default(20),
        offsetY: z.number().int().min(0).max(500).default(20),
        launcherText: shortText(40).default(''),
        launcherIcon: z.enum(['chat', 'help', 'message']).default('chat'),
        logoUrl: httpsOrRelativeUrl.nullable().default(null),
        title: shortText(80).nullable().default(null),
        welcomeText: shortText(500).nullable().default(null),
        showAgentName: z.boolean().default(true),
        showAgentPhoto: z.boolean().default(true),
        theme: z.enum(['light', 'dark', 'auto']).default('light'),
        hideOnMobile: z.boolean().default(false),
      })
      .strict()
      .default({}),
    prechat: z
      .object({
        enabled: z.boolean().default(false),
        fields: z
          .array(prechatField)
          .max(20)
          .default([])
          .superRefine((fields, ctx) => {
            const seen = new Set<string>();
            fields.forEach((f, i) => {
              if (seen.has(f.id))
                ctx.addIssue({ code: 'custom', message: `duplicate field id "${f.id}"`, path: [i, 'id'] });
              seen.add(f.id);
            });
          }),
      })
      .strict()
      .default({}),
    sneakPeek: z.boolean().default(true),
    offlineEmail: z.boolean().default(true),
    attachments: z
      .object({
        enabled: z.boolean().default(true),
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .max(50 * 1024 * 1024)
          .default(10 * 1024 * 1024),
        allowedTypes: z
          .array(
            z
              .string()
              .regex(/^[a-z]+\/(\*|[a-z0-9.+-]+)$/, 'must be a MIME type like image/* or application/pdf'),
          )
          .max(50)
          .default(['image/*', 'application/pdf', 'text/plain']),
      })
      .strict()
      .default({}),
    invitations: z.array(invitation).max(20).default([]),
  })
  .strict();

export type WidgetConfig = z.infer<typeof widgetConfigSchema>;
export type WidgetConfigInput = z.input<typeof widgetConfigSchema>;
export type PrechatField = WidgetConfig['prechat']['fields'][number];

export type WidgetConfigParse = { ok: true; config: WidgetConfig } | { ok: false; problems: string[] };

/** Validates an admin's customization and fills in defaults; every problem names its path. */
export function parseWidgetConfig(input: unknown): WidgetConfigParse {
  const result = widgetConfigSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'config'}: ${i.message}`),
  };
}

/** The defaults, for a widget nobody customized yet. */
export function defaultWidgetConfig(): WidgetConfig {
  return widgetConfigSchema.parse({});
}

/** Whether a MIME type is in an allow-list of exact types and `type/*` patterns. */
export function isMimeTypeAllowed(allowed: readonly string[], mimeType: string): boolean {
  const type = mimeType.toLowerCase().split(';')[0].trim();
  return allowed.some((p) => (p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : p === type));
}
