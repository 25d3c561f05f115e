import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live. The hub ships local disk storage; an object store (S3, GCS) is
 * another implementation of this interface, bound to FILE_STORAGE in CoreModule.
 */
export interface FileStorage {
  put(key: string, body: Buffer): Promise<void>;
  /** The bytes, or undefined when the key is unknown. */
  open(key: string): Promise<Readable | undefined>;
  delete(key: string): Promise<void>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');
