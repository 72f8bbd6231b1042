import type { DatabaseEncryption } from '@pulp/database';
import type { DownloaderConfig } from '@pulp/download';
import { decryptRemoteSecrets } from './remote-secrets';

/** The `core_remote` columns a downloader takes (Pulp's names), whatever else the row holds. */
type RemoteNetworkColumns = { [Field in keyof DownloaderConfig]?: unknown };

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const number = (value: unknown): number | null =>
  value === null || value === undefined || value === '' || Number.isNaN(Number(value)) ? null : Number(value);

/**
 * What `createDownloader` takes for a remote's row (`SELECT * FROM core_remote`, or a row joined
 * with more columns): only the network settings, typed as the downloader wants them, the secrets
 * decrypted with `encryption`. Empty strings mean unset; numbers that arrive as text (numeric
 * columns, form values) become numbers; header values become text, as HTTP needs.
 */
export function remoteDownloaderConfig(
  remote: object,
  encryption: Pick<DatabaseEncryption, 'decrypt'>,
): DownloaderConfig {
  const row = decryptRemoteSecrets(remote, encryption) as RemoteNetworkColumns;
  return {
    ca_cert: text(row.ca_cert),
    client_cert: text(row.client_cert),
    client_key: text(row.client_key),
    tls_validation:
      row.tls_validation === null || row.tls_validation === undefined ? true : Boolean(row.tls_validation),
    proxy_url: text(row.proxy_url),
    proxy_username: text(row.proxy_username),
    proxy_password: text(row.proxy_password),
    username: text(row.username),
    // A password is only sent with a username: kept as given, spaces included.
    password: typeof row.password === 'string' ? row.password : null,
    max_retries: number(row.max_retries),
    total_timeout: number(row.total_timeout),
    connect_timeout: number(row.connect_timeout),
    sock_connect_timeout: number(row.sock_connect_timeout),
    sock_read_timeout: number(row.sock_read_timeout),
    headers: headers(row.headers),
    download_concurrency: number(row.download_concurrency),
    rate_limit: number(row.rate_limit),
  };
}

function headers(value: unknown): Record<string, string>[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value
    .filter((entry): entry is Record<string, unknown> => entry !== null && typeof entry === 'object')
    .map((entry) =>
      Object.fromEntries(
        Object.entries(entry).map(([name, header]) => [
          name,
          typeof header === 'string' ? header : JSON.stringify(header),
        ]),
      ),
    );
}
