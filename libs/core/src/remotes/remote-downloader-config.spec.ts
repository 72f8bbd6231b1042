import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyFile, DatabaseEncryption } from '@pulp/database/encryption';
import { remoteDownloaderConfig } from './remote-downloader-config';

describe('remoteDownloaderConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pulp-key-'));
  const encryption = new DatabaseEncryption(join(dir, 'key'));
  createKeyFile(encryption.file);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("takes a remote row's network settings, and nothing else, its secrets decrypted", () => {
    const row = {
      pulp_id: 'id',
      name: 'files',
      url: 'https://example.com/PULP_MANIFEST',
      policy: 'immediate',
      ca_cert: 'CA',
      client_cert: 'CERT',
      client_key: encryption.encrypt('KEY'),
      tls_validation: false,
      proxy_url: 'http://proxy:3128',
      proxy_username: 'pu',
      proxy_password: encryption.encrypt(' pp '),
      username: 'u',
      password: encryption.encrypt(' p '),
      max_retries: 5,
      total_timeout: 1.5,
      connect_timeout: 2,
      sock_connect_timeout: 0,
      sock_read_timeout: null,
      headers: [{ 'X-One': '1' }, { 'X-Two': 2 }],
      download_concurrency: 4,
      rate_limit: 7,
    };
    expect(remoteDownloaderConfig(row, encryption)).toEqual({
      ca_cert: 'CA',
      client_cert: 'CERT',
      client_key: 'KEY',
      tls_validation: false,
      proxy_url: 'http://proxy:3128',
      proxy_username: 'pu',
      proxy_password: ' pp ',
      username: 'u',
      password: ' p ',
      max_retries: 5,
      total_timeout: 1.5,
      connect_timeout: 2,
      sock_connect_timeout: 0,
      sock_read_timeout: null,
      headers: [{ 'X-One': '1' }, { 'X-Two': '2' }],
      download_concurrency: 4,
      rate_limit: 7,
    });
  });

  it('reads unset values as unset: nulls, empty strings, no headers', () => {
    const config = remoteDownloaderConfig(
      {
        username: '',
        password: null,
        tls_validation: null,
        headers: null,
        max_retries: null,
        total_timeout: '2.5',
      },
      encryption,
    );
    expect(config).toMatchObject({
      username: null,
      password: null,
      tls_validation: true,
      headers: [],
      max_retries: null,
      total_timeout: 2.5,
      ca_cert: null,
    });
  });
});
