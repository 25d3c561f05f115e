import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isOriginAllowed } from '../connectors/widget';
import type { HubConfig } from '../core/config/config.schema';
import { DomainError } from '../core/errors/domain-error';
import { CONFIG, ROOT_LOGGER } from '../core/tokens';
import { stripNul } from './strip-nul';
import type { VisitorClaims } from './visitor-token.service';
import { WidgetAssets } from './widget-assets';
import { WidgetChatService } from './widget-chat.service';
import { WidgetConfigRepository } from './widget-config.repository';
import { widgetFrameCsp, widgetFramePage } from './widget-frame.page';
import { WidgetIntegration, WidgetIntegrationLoader } from './widget-integration.loader';
import { WidgetQueuePositions } from './widget-queue-position.service';
import { WidgetVisitorService } from './widget-visitor.service';
import { parseBearer } from '../core/auth/bearer-token';
import { FileService } from '../core/files/file.service';
import { replyRestError, sendRestError } from '../core/http/rest-error.reply';

type Req = FastifyRequest<{
  Params: { integrationId: string; invitationId?: string };
  Querystring: Record<string, string>;
}>;
type Handler = (ctx: { req: Req; reply: FastifyReply; integration: WidgetIntegration }) => Promise<unknown>;
type VisitorHandler = (ctx: {
  req: Req;
  reply: FastifyReply;
  integration: WidgetIntegration;
  visitor: VisitorClaims;
}) => Promise<unknown>;

const JSON_LIMIT = 64 * 1024;
const UPLOAD_LIMIT = 50 * 1024 * 1024;

/**
 * The widget's HTTP surface (docs/widget-protocol.md): the loader and panel files, the iframe
 * page, boot (CORS, allowed origins only), the HTTP fallback transport, uploads and invitation
 * counters. Thin: each route parses, authorises and delegates.
 */
@Injectable()
export class WidgetRoutes {
  private readonly assets: WidgetAssets;
  private readonly hubOrigin: string;

  constructor(
    private readonly loader: WidgetIntegrationLoader,
    private readonly visitors: WidgetVisitorService,
    private readonly chat: WidgetChatService,
    private readonly configs: WidgetConfigRepository,
    private readonly queuePlaces: WidgetQueuePositions,
    private readonly files: FileService,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.assets = new WidgetAssets(config.WIDGET_ASSETS_DIR);
    this.hubOrigin = new URL(config.PUBLIC_BASE_URL).origin;
  }

  get widgetAssets(): WidgetAssets {
    return this.assets;
  }

  async register(fastify: FastifyInstance): Promise<void> {
    const asset = (url: string, name: string, maxAge: number) =>
      fastify.get(url, async (_req, reply) => {
        const file = this.assets.get(name);
        if (!file)
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send(
              `The widget is not built; run npm run build. (${name} missing in ${this.config.WIDGET_ASSETS_DIR})`,
            );
        return reply
          .header('cache-control', `public, max-age=${maxAge}`)
          .header('x-content-type-options', 'nosniff')
          .header('access-control-allow-origin', '*')
          .type(file.contentType)
          .send(file.body);
      });
    // The loader URL is pasted into websites, so it is cached briefly; panel files carry ?v=hash.
    asset('/widget.js', 'loader.js', 300);
    asset('/widget/panel.js', 'panel.js', 86400);
    asset('/widget/panel.css', 'panel.css', 86400);

    // The demo: a sample shop page with the demo workspace's widget (npm start on a fresh machine).
    fastify.get('/', async (req, reply) => {
      const demoId =
        this.config.SEED_DEMO && this.config.NODE_ENV !== 'production'
          ? await this.configs.findDemoWidget()
          : undefined;
      const page = this.assets.get('demo.html');
      if (!demoId || !page)
        return reply
          .type('text/plain; charset=utf-8')
          .send('Switchboard is running. Agents and admins use the GraphQL API at /graphql.');
      const origin = `${req.protocol}://${req.headers.host ?? new URL(this.config.PUBLIC_BASE_URL).host}`;
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(
          page.body
            .toString('utf8')
            .replaceAll('{{INTEGRATION_ID}}', demoId)
            .replaceAll('{{HUB_ORIGIN}}', origin),
        );
    });

    fastify.get<{ Params: { integrationId: string } }>('/widget/frame/:integrationId', async (req, reply) => {
      const integration = await this.loader.load(req.params.integrationId);
      if (!integration) return reply.code(404).type('text/plain; charset=utf-8').send('No such widget.');
      const js = this.assets.get('panel.js');
      const css = this.assets.get('panel.css');
      if (!js || !css)
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The widget is not built; run npm run build.');
      return reply
        .header('content-security-policy', widgetFrameCsp(integration.origins, this.hubOrigin))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(widgetFramePage({ js: js.version, css: css.version }));
    });

    await fastify.register(async (scope) => {
      // A body Fastify cannot parse (malformed JSON, over the limit, another type) fails before
      // the handler: answer it in the widget's error format too, not as a 500 or Fastify's own.
      scope.setErrorHandler((e, _req, reply) => this.replyError(reply, e));
      scope.addContentTypeParser(
        'text/plain',
        { parseAs: 'string', bodyLimit: JSON_LIMIT },
        (_req, body, done) => {
          // navigator.sendBeacon posts text/plain; its body is still JSON.
          try {
            done(null, body ? JSON.parse(body as string) : {});
          } catch {
            done(new DomainError('INVALID_INPUT', 'The body must be JSON.'), undefined);
          }
        },
      );
      scope.addHook('preValidation', async (req) => {
        req.body = stripNul(req.body);
      });
      scope.options('/widget/api/:integrationId/*', async (req: Req, reply) => {
        const integration = await this.loader.load(req.params.integrationId);
        if (!integration || !this.corsAllowed(req, reply, integration)) return reply.code(403).send();
        return reply
          .header('access-control-allow-methods', 'GET, POST')
          .header('access-control-allow-headers', 'content-type, authorization')
          .header('access-control-max-age', '600')
          .code(204)
          .send();
      });
      const open = (
        method: 'GET' | 'POST',
        path: string,
        handler: Handler,
        opts: { requireOrigin?: boolean } = {},
      ) =>
        scope.route({
          method,
          url: `/widget/api/:integrationId${path}`,
          bodyLimit: JSON_LIMIT,
          handler: async (req: Req, reply: FastifyReply) => {
            try {
              const integration = await this.loader.load(req.params.integrationId);
              if (!integration) throw new DomainError('NOT_FOUND', 'No such widget.');
              if (opts.requireOrigin && !req.headers.origin)
                throw new DomainError(
                  'FORBIDDEN',
                  'The widget must be loaded by a web page on an allowed origin.',
                );
              if (!this.corsAllowed(req, reply, integration))
                return sendRestError(
                  reply,
                  403,
                  'ORIGIN_NOT_ALLOWED',
                  `${String(req.headers.origin)} may not show this widget; add it to the integration's allowed origins.`,
                );
              const result = await handler({ req, reply, integration });
              if (reply.sent) return reply;
              if (result === undefined) return reply.code(204).send();
              return reply.send(result);
            } catch (e) {
              return this.replyError(reply, e);
            }
          },
        });
      const visitor = (method: 'GET' | 'POST', path: string, handler: VisitorHandler) =>
        open(method, path, async (ctx) => {
          const claims = await this.visitors.authenticate(
            ctx.integration,
            parseBearer(ctx.req.headers.authorization),
          );
          return handler({ ...ctx, visitor: claims });
        });

      open(
        'POST',
        '/boot',
        async ({ req, reply, integration }) => {
          try {
            return await this.visitors.boot(
              integration,
              (req.body ?? {}) as object,
              req.headers['user-agent'] ?? null,
            );
          } catch (e) {
            // The only authentication boot does is identity verification: name it for the loader.
            if (e instanceof DomainError && e.code === 'UNAUTHENTICATED')
              return sendRestError(reply, 401, 'IDENTITY_INVALID', e.message);
            throw e;
          }
        },
        { requireOrigin: true },
      );
      open('POST', '/invitations/:invitationId/:what', async ({ req, integration }) => {
        const { invitationId } = req.params;
        const what = (req.params as { what?: string }).what;
        if (what !== 'shown' && what !== 'accepted')
          throw new DomainError('NOT_FOUND', 'Use /shown or /accepted.');
        if (!integration.config.invitations.some((i) => i.id === invitationId))
          throw new DomainError('NOT_FOUND', 'No such invitation.');
        await this.configs.countInvitation(
          integration.workspaceId,
          integration.id,
          invitationId as string,
          what,
        );
        return undefined;
      });
      visitor('GET', '/messages', async ({ req, integration, visitor: v }) => {
        const afterSeq = Number(req.query.afterSeq ?? 0);
        if (!Number.isInteger(afterSeq) || afterSeq < 0)
          throw new DomainError('INVALID_INPUT', 'afterSeq must be an integer ≥ 0.');
        const answer = await this.chat.messagesAfter(integration, v, afterSeq);
        return {
          ...answer,
          queue: await this.queuePlaces.placeOf(integration.workspaceId, answer.conversation),
        };
      });
      visitor('POST', '/messages', async ({ req, integration, visitor: v }) => ({
        message: await this.chat.postMessage(integration, v, (req.body ?? {}) as object, req.ip),
      }));
      visitor('POST', '/typing', async ({ req, integration, visitor: v }) => {
        const body = (req.body ?? {}) as { on?: unknown; draft?: unknown };
        const conversation = await this.chat.currentConversation(integration, v);
        if (conversation && conversation.status !== 'resolved')
          await this.chat.publishTyping(integration, conversation, body.on === true, body.draft);
        return undefined;
      });
      visitor('POST', '/read', async ({ req, integration, visitor: v }) => {
        await this.chat.markRead(integration, v, (req.body as { seq?: unknown } | undefined)?.seq);
        return undefined;
      });
      visitor('POST', '/profile', async ({ req, integration, visitor: v }) => {
        await this.visitors.setProfile(integration, v, req.body);
        return undefined;
      });
      visitor('POST', '/session-variables', async ({ req, integration, visitor: v }) => {
        await this.visitors.setSessionVariables(
          integration,
          v,
          (req.body as { variables?: unknown } | undefined)?.variables,
        );
        return undefined;
      });
      visitor('POST', '/page', async ({ req, integration, visitor: v }) => {
        await this.visitors.recordPage(integration, v, req.body);
        return undefined;
      });
    });

    // Uploads: raw bytes of any type, in a scope of their own.
    await fastify.register(async (scope) => {
      scope.setErrorHandler((e, _req, reply) => this.replyError(reply, e));
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) =>
        done(null, body),
      );
      scope.post('/widget/api/:integrationId/files', { bodyLimit: UPLOAD_LIMIT }, async (req: Req, reply) => {
        try {
          const integration = await this.loader.load(req.params.integrationId);
          if (!integration) throw new DomainError('NOT_FOUND', 'No such widget.');
          if (!this.corsAllowed(req, reply, integration))
            return sendRestError(
              reply,
              403,
              'ORIGIN_NOT_ALLOWED',
              'This origin may not upload to this widget.',
            );
          const visitor = await this.visitors.authenticate(
            integration,
            parseBearer(req.headers.authorization),
          );
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const file = await this.chat.upload(
            integration,
            visitor,
            { name: req.query.name ?? 'file', mimeType: req.headers['content-type'] ?? '', body },
            req.ip,
          );
          return reply.code(201).send(this.files.describeUpload(file));
        } catch (e) {
          return this.replyError(reply, e);
        }
      });
    });
  }

  /** Sets CORS headers for an allowed cross-origin caller; false when the origin is not allowed. */
  private corsAllowed(req: FastifyRequest, reply: FastifyReply, integration: WidgetIntegration): boolean {
    const origin = req.headers.origin;
    reply.header('vary', 'Origin');
    if (!origin || origin === this.hubOrigin) return true;
    if (!isOriginAllowed(integration.origins, origin)) return false;
    reply.header('access-control-allow-origin', origin);
    return true;
  }

  private replyError(reply: FastifyReply, e: unknown) {
    return replyRestError(reply, e, this.logger, {
      badBody: 'The body must be JSON (content-type: application/json).',
      tooLarge: 'The request is too large.',
    });
  }
}
