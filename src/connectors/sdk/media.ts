/**
 * What a connector's `fetchMedia` hook gets: the attachment as `parse` described it. The host
 * calls the hook after the message is stored (a `download-media` job), never during ingest.
 *
 * @example
 * ```ts
 * const ref: MediaRef = { providerMediaId: '1013859600285441', kind: 'image', mimeType: 'image/jpeg' };
 * ```
 */
export interface MediaRef {
  providerMediaId: string;
  kind: 'image' | 'video' | 'audio' | 'file';
  mimeType?: string;
  name?: string;
}

/**
 * The bytes of a provider's file, as `fetchMedia` returns them. The host stores them with its
 * file storage and gives agents its own signed URL; the provider's URL and token stay private.
 *
 * @example
 * ```ts
 * return { body: res.body, mimeType: res.headers['content-type'] ?? ref.mimeType ?? 'application/octet-stream' };
 * ```
 */
export interface FetchedMedia {
  body: Buffer;
  mimeType: string;
  /** A file name to show; the host makes one up from the kind when absent. */
  name?: string;
}
