import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface WidgetAsset {
  body: Buffer;
  contentType: string;
  /** Short content hash, for cache-busting query strings. */
  version: string;
}

const FILES: Record<string, string> = {
  'loader.js': 'application/javascript; charset=utf-8',
  'panel.js': 'application/javascript; charset=utf-8',
  'panel.css': 'text/css; charset=utf-8',
  'demo.html': 'text/html; charset=utf-8',
};

/**
 * The built widget files (`npm run build:web` → WIDGET_ASSETS_DIR), read once per process. A
 * missing build is reported when asked for, so the rest of the hub still starts.
 */
export class WidgetAssets {
  private readonly cache = new Map<string, WidgetAsset>();
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  get(name: keyof typeof FILES | string): WidgetAsset | undefined {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const contentType = FILES[name];
    if (!contentType) return undefined;
    let body: Buffer;
    try {
      body = readFileSync(join(this.dir, name));
    } catch {
      return undefined;
    }
    const asset = {
      body,
      contentType,
      version: createHash('sha256').update(body).digest('hex').slice(0, 12),
    };
    this.cache.set(name, asset);
    return asset;
  }
}
