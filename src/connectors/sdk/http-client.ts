import axios, { type AxiosResponse } from 'axios';
import { isHostAllowed } from './allowed-hosts';
import { ConnectorError } from './connector-error';

/**
 * An outgoing request. Give either `json` (serialised for you, `content-type: application/json`)
 * or `body` (sent byte for byte: use it when you sign the body, so the signed bytes are the sent bytes).
 *
 * @example
 * ```ts
 * const req: HttpRequest = {
 *   method: 'POST',
 *   url: 'https://graph.facebook.com/v19.0/me/messages',
 *   headers: { authorization: `Bearer ${ctx.settings.pageAccessToken}` },
 *   json: { recipient: { id: psid }, message: { text } },
 * };
 * ```
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
  timeoutMs?: number;
}

/**
 * The provider's answer, whatever its status: connectors map statuses to error kinds themselves.
 *
 * @example
 * ```ts
 * if (res.status === 200) return { providerMessageId: res.json<{ id: string }>().id };
 * ```
 */
export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  text(): string;
  /** Parses the body; throws `ConnectorError('permanent')` when it is not JSON. */
  json<T = unknown>(): T;
}

/**
 * The only way a connector reaches the network. It enforces the manifest's allowed hosts, a
 * timeout and a response size cap, follows no redirects and ignores proxy environment variables.
 *
 * It does not throw on non-2xx. It throws `ConnectorError('config')` for a URL whose host is not
 * allowed, `ConnectorError('transient')` for a network error or timeout, and
 * `ConnectorError('permanent')` for a response larger than `maxResponseBytes`.
 *
 * @example
 * ```ts
 * const res = await ctx.http.request({ method: 'GET', url: `${base}/v1/me` });
 * ```
 */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Resolved host patterns, from `resolveAllowedHosts(manifest, settings)`. */
  allowedHosts: string[];
  /** Whole-request deadline; default 10 000 ms. A request may lower or raise it with `timeoutMs`. */
  timeoutMs?: number;
  /** Largest response body accepted; default 5 MiB. */
  maxResponseBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

function toBodyBuffer(req: HttpRequest): Buffer | undefined {
  if (req.body !== undefined) return Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  if (req.json !== undefined) return Buffer.from(JSON.stringify(req.json), 'utf8');
  return undefined;
}

function toLowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function buildResponse(res: AxiosResponse<unknown>): HttpResponse {
  const data = res.data;
  const body = Buffer.isBuffer(data)
    ? data
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(typeof data === 'string' ? data : '', 'utf8');
  return {
    status: res.status,
    headers: toLowerCaseHeaders(res.headers),
    body,
    text: () => body.toString('utf8'),
    json: <T>() => {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch (e) {
        throw new ConnectorError('permanent', `Response with status ${res.status} is not valid JSON`, {
          cause: e,
        });
      }
    },
  };
}

/**
 * Builds the {@link HttpClient} the host hands to a connector, on axios.
 *
 * Error messages name the host only, never the full URL: some providers put tokens in the path
 * (Telegram's `/bot<token>/`) or the query string.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ allowedHosts: resolveAllowedHosts(definition.manifest, settings) });
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const allowedHosts = [...options.allowedHosts];
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        throw new ConnectorError('config', 'Request URL is not a valid absolute URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new ConnectorError('config', `Request URL must use http or https, not ${url.protocol}`);
      }
      if (!isHostAllowed(url, allowedHosts)) {
        throw new ConnectorError(
          'config',
          `Host ${url.host} is not in the connector's allowed hosts; add it to the manifest's allowedHosts or fix the setting that points at it`,
        );
      }

      const headers: Record<string, string> = { ...req.headers };
      const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
      if (req.body === undefined && req.json !== undefined && !hasContentType) {
        headers['content-type'] = 'application/json';
      }

      // axios' own timeout is an idle-socket timeout; the abort signal makes it a whole-request deadline.
      const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const res = await axios.request<unknown>({
          method: req.method,
          url: url.toString(),
          headers,
          data: toBodyBuffer(req),
          // Bytes in, bytes out: no JSON re-serialisation of signed bodies, no parsing of replies.
          transformRequest: [(data: unknown) => data],
          transformResponse: [(data: unknown) => data],
          responseType: 'arraybuffer',
          validateStatus: () => true,
          maxRedirects: 0,
          proxy: false,
          timeout: timeoutMs,
          maxContentLength: maxResponseBytes,
          maxBodyLength: Infinity,
          signal: controller.signal,
        });
        return buildResponse(res);
      } catch (e) {
        if (controller.signal.aborted || (axios.isAxiosError(e) && e.code === 'ECONNABORTED')) {
          throw new ConnectorError('transient', `Request to ${url.host} timed out after ${timeoutMs} ms`, {
            cause: e,
          });
        }
        if (axios.isAxiosError(e) && e.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(e.message)) {
          throw new ConnectorError(
            'permanent',
            `Response from ${url.host} exceeded ${maxResponseBytes} bytes`,
            {
              cause: e,
            },
          );
        }
        const code = axios.isAxiosError(e) && e.code ? ` (${e.code})` : '';
        throw new ConnectorError('transient', `Request to ${url.host} failed${code}`, { cause: e });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
