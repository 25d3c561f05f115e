import { HubError } from './hub-error';
import type { UploadedFile } from './hub-types';

/** Uploads one file to the hub (`POST /files?name=`, raw bytes); send its fileId with sendMessage. */
export async function uploadFile(file: File, token: string, endpoint = '/files'): Promise<UploadedFile> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}?name=${encodeURIComponent(file.name || 'file')}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': file.type || 'application/octet-stream',
      },
      body: file,
    });
  } catch (e) {
    throw new HubError(e instanceof Error ? e.message : 'Network error', 'NETWORK');
  }
  const body = (await response.json().catch(() => null)) as
    (UploadedFile & { error?: undefined }) | { error?: { code?: string; message?: string } } | null;
  if (!response.ok || !body || body.error) {
    const error = body?.error;
    throw new HubError(error?.message ?? `Upload failed (${response.status}).`, error?.code ?? 'HTTP');
  }
  return body as UploadedFile;
}
