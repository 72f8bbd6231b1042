import { extname } from 'node:path';

/**
 * Content-Type by file extension, as Pulp's own map gives it for the files its plugins serve
 * (packages, metadata, archives, signatures, web pages). Unknown extensions get no type from the
 * map, and are sent as application/octet-stream.
 */
const TYPES: Record<string, string> = {
  '.asc': 'text/plain',
  '.bz2': 'application/x-bzip2',
  '.css': 'text/css',
  '.deb': 'application/vnd.debian.binary-package',
  '.gif': 'image/gif',
  '.gz': 'application/gzip',
  '.htm': 'text/html',
  '.html': 'text/html',
  '.iso': 'application/x-iso9660-image',
  '.jar': 'application/java-archive',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.md': 'text/markdown',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.rpm': 'application/x-rpm',
  '.sig': 'application/pgp-signature',
  '.svg': 'image/svg+xml',
  '.tar': 'application/x-tar',
  '.tgz': 'application/gzip',
  '.txt': 'text/plain',
  '.whl': 'application/zip',
  '.xml': 'text/xml',
  '.xz': 'application/x-xz',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.zip': 'application/zip',
  '.zst': 'application/zstd',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeFor(relativePath: string): string {
  return TYPES[extname(relativePath).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}
