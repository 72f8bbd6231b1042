import { PULP_TYPES_MAP } from './pulp-mime-types';

/**
 * The extension Python's `os.path.splitext` finds: from the last dot of the file name, but the dots
 * a name starts with begin none (`.bashrc` and `..md` have none). Node's `extname` differs there.
 */
function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot);
}

/** What aiohttp sends for a file Pulp's table names no type for. */
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Content-Type as Pulp's content app gives it (`pulpcore/app/mime_types.py`, `get_type`): the
 * file name's extension, in any case, looked up in Pulp's table. No Content-Encoding is sent:
 * `.tar.gz` is application/gzip, and `.tgz`, which the table lacks, application/octet-stream.
 */
export function contentTypeFor(relativePath: string): string {
  return PULP_TYPES_MAP.get(extensionOf(relativePath).toLowerCase()) ?? DEFAULT_CONTENT_TYPE;
}
