import type { DatabaseEncryption, EncryptedColumns } from '@pulp/database';

/**
 * The remote fields Pulp keeps encrypted (EncryptedTextField): write-only in the API, and in
 * core_remote only as Fernet tokens under the DB_ENCRYPTION_KEY file.
 */
export const REMOTE_SECRETS: EncryptedColumns = {
  table: 'core_remote',
  columns: ['client_key', 'password', 'proxy_password'],
};

/** Column entries as they are stored: the values of `secrets` (the text ones) encrypted. */
export function encryptSecretColumns(
  entries: Array<[string, unknown]>,
  secrets: readonly string[],
  encryption: Pick<DatabaseEncryption, 'encrypt'>,
): Array<[string, unknown]> {
  return entries.map(([column, value]) => [
    column,
    typeof value === 'string' && secrets.includes(column) ? encryption.encrypt(value) : value,
  ]);
}

/** A row read from core_remote (alone or joined) with its secrets decrypted. */
export function decryptRemoteSecrets<T extends object>(row: T, encryption: Pick<DatabaseEncryption, 'decrypt'>): T {
  const opened: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const column of REMOTE_SECRETS.columns) {
    const token = opened[column];
    if (typeof token === 'string') {
      opened[column] = encryption.decrypt(token);
    }
  }
  return opened as T;
}
