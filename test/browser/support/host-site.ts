import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './loopback';

const INTEGRATION_PATH = /^\/([0-9a-f-]{36})(\/[a-z0-9/-]*)?$/;

/**
 * The business's website: a plain HTTP server on 127.0.0.1, addressed as `localhost` so its origin
 * differs from the hub's (127.0.0.1). `/<integrationId>/<any path>` answers a page whose body is
 * only the embed snippet of docs/widget-protocol.md, titled after its path.
 */
export class HostSite {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(hubUrl: string): Promise<HostSite> {
    const server = createServer((req, res) => {
      const match = INTEGRATION_PATH.exec((req.url ?? '').split('?')[0]);
      if (!match) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const [, integrationId, path = '/'] = match;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(hostPage(hubUrl, integrationId, path));
    });
    const port = await listenOnLoopback(server, 'host site');
    return new HostSite(server, `http://localhost:${port}`);
  }

  /** A page of the site that embeds `integrationId`, e.g. pageUrl(id, '/pricing'). */
  pageUrl(integrationId: string, path = '/'): string {
    return `${this.origin}/${integrationId}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function hostPage(hubUrl: string, integrationId: string, path: string): string {
  const title = path.split('/').filter(Boolean).pop() ?? 'home';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head>
<body>
<script>
  window.Switchboard = window.Switchboard || function () {
    (window.Switchboard.q = window.Switchboard.q || []).push(arguments);
  };
</script>
<script async src="${hubUrl}/widget.js" data-integration-id="${integrationId}"></script>
</body>
</html>
`;
}
