import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DownloadError } from './download-error';

/**
 * Opens a file:// URL like an HTTP answer, so both forms of download treat it alike. Callers check the
 * path against ALLOWED_IMPORT_PATHS first; this only reads.
 */
export async function openFileUrl(url: URL): Promise<{ size: number; body: Readable }> {
  const path = fileURLToPath(url);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new DownloadError('not-found', `${url.href} is not a readable file`);
  }
  return { size: info.size, body: createReadStream(path) };
}
