import { CONFIG_FIELDS, HubConfig } from './config.schema';

/** A configuration problem: its message says which variable to set and how. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/**
 * Validates the environment (plus `--role=` from argv) against CONFIG_FIELDS and reports every
 * problem at once.
 *
 * @example loadConfig({ PORT: '8080' }, ['--role=worker']).HUB_ROLE // 'worker'
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): HubConfig {
  const roleFlag = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  const source: Record<string, string | undefined> = { ...env, ...(roleFlag ? { HUB_ROLE: roleFlag } : {}) };
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(CONFIG_FIELDS)) {
    const raw = source[name] === '' ? undefined : source[name];
    const parsed = field.schema.safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else
      problems.push(
        `${name}=${JSON.stringify(raw)} ${parsed.error.issues.map((i) => i.message).join(', ')}. ${field.description}`,
      );
  }
  if (out.NODE_ENV === 'production' && !out.ENCRYPTION_KEY) {
    problems.push(
      'ENCRYPTION_KEY is required when NODE_ENV=production: set it to the output of `openssl rand -base64 32`.',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = out as HubConfig;
  return { ...config, PUBLIC_BASE_URL: config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}` };
}
