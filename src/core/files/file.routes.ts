import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AuthService } from '../auth/auth.service';
import type { HubConfig } from '../config/config.schema';
import { CONFIG, ROOT_LOGGER } from '../tokens';
import { replyRestError } from '../http/rest-error.reply';
import { FileService, isInlineType } from './file.service';

/**
 * `GET /files/:id?exp&sig` serves an attachment to whoever holds a signed URL (handed only to the
 * conversation's visitor and agents); `POST /files` lets an agent upload one (raw bytes, bearer
 * token). Uploaded content never runs on the hub's origin: a sandbox CSP, nosniff, and anything
 * but common raster images is downloaded rather than shown.
 */
@Injectable()
export class FileRoutes {
  constructor(
    private readonly files: FileService,
    private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: HubConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async register(fastify: FastifyInstance): Promise<void> {
    fastify.get<{ Params: { fileId: string }; Querystring: { exp?: string; sig?: string } }>(
      '/files/:fileId',
      async (req, reply) => {
        const found = await this.files.openSigned(req.params.fileId, req.query.exp, req.query.sig);
        if (!found)
          return reply
            .code(404)
            .send({ error: { code: 'NOT_FOUND', message: 'No such file, or the link expired.' } });
        const { file, body } = found;
        const disposition = isInlineType(file.mimeType) ? 'inline' : 'attachment';
        return reply
          .header('content-type', isInlineType(file.mimeType) ? file.mimeType : 'application/octet-stream')
          .header('content-length', String(file.sizeBytes))
          .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('x-content-type-options', 'nosniff')
          .header('cross-origin-resource-policy', 'cross-origin')
          .header('cache-control', 'private, max-age=3600')
          .send(body);
      },
    );

    await fastify.register(async (scope) => {
      const limit = this.config.AGENT_UPLOAD_MAX_BYTES + 1024;
      // A body over the limit is refused before the handler: same error format as the handler's.
      scope.setErrorHandler((e, _req, reply) => this.replyError(reply, e));
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) =>
        done(null, body),
      );
      scope.post(
        '/files',
        { bodyLimit: limit },
        async (req: FastifyRequest<{ Querystring: { name?: string } }>, reply) => {
          try {
            const principal = await this.auth.authenticate(req.headers.authorization);
            const file = await this.files.upload({
              workspaceId: principal.workspaceId,
              integrationId: null,
              uploadedByKind: 'agent',
              uploadedBy: principal.agentId,
              name: req.query.name ?? 'file',
              mimeType: req.headers['content-type'] ?? '',
              body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
              maxBytes: this.config.AGENT_UPLOAD_MAX_BYTES,
            });
            return reply.code(201).send(this.files.describeUpload(file));
          } catch (e) {
            return this.replyError(reply, e);
          }
        },
      );
    });
  }

  private replyError(reply: FastifyReply, e: unknown) {
    return replyRestError(reply, e, this.logger, {
      badBody: 'Send the file as the raw request body with its Content-Type.',
      tooLarge: 'The file is too large.',
    });
  }
}
