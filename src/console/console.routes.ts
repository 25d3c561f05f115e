import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { HubConfig } from '../core/config/config.schema';
import { CONFIG } from '../core/tokens';

/**
 * Strict: the console's own scripts and styles only, data only from this hub (GraphQL over
 * fetch and graphql-ws), images also from signed attachment links and agent photos, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Serves the agent console (web/console, built into CONSOLE_ASSETS_DIR): `index.html` for
 * `/console` and every client-side route under it, hashed files under `/console/assets/`.
 */
@Injectable()
export class ConsoleRoutes {
  private readonly root: string;

  constructor(@Inject(CONFIG) config: HubConfig) {
    this.root = resolve(config.CONSOLE_ASSETS_DIR);
  }

  async register(fastify: FastifyInstance): Promise<void> {
    fastify.get('/console', (_req, reply) => this.index(reply));
    fastify.get<{ Params: { '*': string } }>('/console/*', async (req, reply) => {
      const path = req.params['*'] ?? '';
      if (!path.startsWith('assets/')) return this.index(reply);
      const file = normalize(join(this.root, path));
      if (!file.startsWith(this.root + sep)) return reply.code(404).send();
      const body = await readFile(file).catch(() => undefined);
      if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('Not found.');
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .type(TYPES[extname(file)] ?? 'application/octet-stream')
        .send(body);
    });
  }

  private async index(reply: FastifyReply) {
    const html = await readFile(join(this.root, 'index.html')).catch(() => undefined);
    if (!html)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The console is not built; run npm run build. (index.html missing in ${this.root})`);
    return reply
      .header('content-security-policy', CONSOLE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  }
}
