import { X509Certificate } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Pulp's checks of a remote's url, proxy_url and certificates (RemoteSerializer), as pure
 * functions: each returns the 400 message, or null when the value is fine.
 */

const SCHEMES = ['http:', 'https:', 'file:'];

/**
 * A url the downloader can fetch: http(s), or a file:// path whose real path starts with one of
 * `allowedImportPaths` (ALLOWED_IMPORT_PATHS; a prefix test on strings, as Pulp's). Credentials
 * belong in the remote's username/password, never in the url (where they would be shown).
 */
export function urlProblem(url: string, allowedImportPaths: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a valid URL.';
  }
  if (!SCHEMES.includes(parsed.protocol)) {
    return `The URL scheme '${parsed.protocol.slice(0, -1)}' is not supported; use http, https or file.`;
  }
  if (parsed.username || parsed.password) {
    return 'The remote url contains username or password. Please use remote username or password instead.';
  }
  if (parsed.protocol !== 'file:') {
    return null;
  }
  // As Pulp: the path is what follows `file://` (so `file://host/x` is the relative `host/x`).
  const path = url.slice('file://'.length);
  if (!isAbsolute(path)) {
    return `The path '${path}' needs to be an absolute pathname.`;
  }
  const real = realPath(path);
  return allowedImportPaths.some((allowed) => real.startsWith(allowed))
    ? null
    : `The path '${path}' does not start with any of the allowed import paths`;
}

/**
 * A content `file_url` (spec file-plugin §2.1): the rule of a remote's url, except that credentials
 * in it are taken out and handed to the downloader (so the stored task arguments and logs show a
 * bare url).
 */
export function contentUrl(
  url: string,
  allowedImportPaths: readonly string[],
): { url: string; username?: string; password?: string } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: 'Enter a valid URL.' };
  }
  const credentials = parsed.username || parsed.password;
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const bare = credentials ? parsed.href : url;
  const problem = urlProblem(bare, allowedImportPaths);
  if (problem) {
    return { problem };
  }
  return credentials ? { url: bare, username, password } : { url };
}

/** A proxy url carries no credentials (they go in proxy_username/proxy_password). */
export function proxyUrlProblem(proxyUrl: string | null | undefined): string | null {
  return proxyUrl && proxyUrl.includes('@') ? 'proxy_url must not contain credentials' : null;
}

/**
 * Proxy credentials need a proxy and come as a pair (judged on the values the remote will have
 * once the body is applied).
 */
export function proxyCredentialsProblem(remote: {
  proxy_url?: string | null;
  proxy_username?: string | null;
  proxy_password?: string | null;
}): string | null {
  if ((remote.proxy_username || remote.proxy_password) && !remote.proxy_url) {
    return 'proxy credentials cannot be specified without a proxy';
  }
  if (Boolean(remote.proxy_username) !== Boolean(remote.proxy_password)) {
    return 'proxy username and password can only be specified together';
  }
  return null;
}

/**
 * The CERTIFICATE blocks of a PEM text, each parsed, joined as Pulp stores them (other blocks and
 * commentary dropped); a text with none, or with one that does not parse, is a problem.
 */
export function certificates(field: string, pem: string): { value: string } | { problem: string } {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    return { problem: `No ${field} specified in string ${pem}` };
  }
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      return { problem: `Invalid ${field} specified, error '${(error as Error).message}'` };
    }
  }
  return { value: `${blocks.join('\n')}\n` };
}

/** Python's os.path.realpath: symlinks resolved as far as the path exists, the rest normalised. */
function realPath(path: string): string {
  const normal = resolve(path);
  try {
    return realpathSync.native(normal);
  } catch {
    const parent = dirname(normal);
    return parent === normal ? normal : join(realPath(parent), basename(normal));
  }
}
