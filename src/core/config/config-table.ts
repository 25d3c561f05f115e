import { ZodDefault, ZodEffects, ZodTypeAny } from 'zod';
import { CONFIG_FIELDS } from './config.schema';

function defaultOf(schema: ZodTypeAny): string {
  let s: ZodTypeAny = schema;
  while (s instanceof ZodEffects) s = s.innerType();
  if (s instanceof ZodDefault) return `\`${String(s._def.defaultValue())}\``;
  return '—';
}

/** The README's configuration table, generated from the schema so the two cannot drift. */
export function configTableMarkdown(): string {
  const rows = Object.entries(CONFIG_FIELDS).map(
    ([name, field]) =>
      `| \`${name}\` | ${defaultOf(field.schema)} | ${field.description.replace(/\|/g, '\\|')} |`,
  );
  return ['| variable | default | what |', '| --- | --- | --- |', ...rows].join('\n');
}
