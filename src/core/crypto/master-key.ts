import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HubConfig } from '../config/config.schema';

/** Keys derived from the one master key, each for one purpose, so one leak does not open the other. */
export interface DerivedKeys {
  integrationSecrets: Buffer;
  authTokens: Buffer;
  visitorTokens: Buffer;
  fileUrls: Buffer;
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `switchboard:${purpose}`, 32));
}

/**
 * Reads ENCRYPTION_KEY, or outside production the development key file in DATA_DIR (created on the
 * first start with mode 0600), and derives the per-purpose keys.
 */
export function loadDerivedKeys(config: Pick<HubConfig, 'ENCRYPTION_KEY' | 'DATA_DIR'>): DerivedKeys {
  let master: Buffer;
  if (config.ENCRYPTION_KEY) {
    master = Buffer.from(config.ENCRYPTION_KEY, 'base64');
  } else {
    const file = join(config.DATA_DIR, 'master.key');
    if (!existsSync(file)) {
      mkdirSync(config.DATA_DIR, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    }
    master = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  return {
    integrationSecrets: derive(master, 'integration-secrets'),
    authTokens: derive(master, 'auth-tokens'),
    visitorTokens: derive(master, 'widget-visitor-tokens'),
    fileUrls: derive(master, 'file-urls'),
  };
}
