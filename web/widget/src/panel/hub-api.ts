import type { UploadedFile } from '../shared/protocol';

/** The HTTP answer of the widget API, reduced to what the panel acts on. */
export interface HubAnswer<T> {
  status: number;
  data: T | null;
  /** The hub's error code (`{"error":{"code"}}`), `NETWORK` when no answer came. */
  code: string | null;
  retryAfterMs: number | null;
}

/**
 * `/widget/api/:integrationId/…` on the panel's own origin (the hub), with the visitor token as a
 * bearer token. Never throws: network failures come back as status 0, code `NETWORK`.
 */
export class HubApi {
  constructor(
    private readonly integrationId: string,
    private readonly token: string,
  ) {}

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<HubAnswer<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
    try {
      const res = await fetch(`/widget/api/${encodeURIComponent(this.integrationId)}/${path}`, {
        method,
        headers,
        body: body === undefined || contentType ? (body as BodyInit | undefined) : JSON.stringify(body),
        credentials: 'omit',
      });
      const payload = (await res.json().catch(() => null)) as (T & { error?: { code?: string } }) | null;
      const retryAfter = Number(res.headers.get('Retry-After'));
      return {
        status: res.status,
        data: res.ok ? payload : null,
        code: res.ok ? null : (payload?.error?.code ?? `HTTP_${res.status}`),
        retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : null,
      };
    } catch {
      return { status: 0, data: null, code: 'NETWORK', retryAfterMs: null };
    }
  }

  /** `POST files?name=…` with the raw bytes and the file's own Content-Type. */
  upload(file: File): Promise<HubAnswer<UploadedFile>> {
    return this.request<UploadedFile>(
      'POST',
      `files?name=${encodeURIComponent(file.name)}`,
      file,
      file.type || 'application/octet-stream',
    );
  }
}
