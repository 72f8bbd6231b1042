import type { DatabaseEncryption } from './database-encryption';

/**
 * Pulp's EncryptedJSONField: the JSON keeps its shape (objects and arrays stay, so their keys are
 * readable), and every other value is replaced by a Fernet token of its JSON text. Pulp writes and
 * reads the same form, so a column copied from Pulp opens here and the other way round.
 */
export function encryptJson(value: unknown, encryption: Pick<DatabaseEncryption, 'encrypt'>): unknown {
  return mapLeaves(value, (leaf) => encryption.encrypt(JSON.stringify(leaf)));
}

export function decryptJson(value: unknown, encryption: Pick<DatabaseEncryption, 'decrypt'>): unknown {
  return mapLeaves(value, (token) => JSON.parse(encryption.decrypt(String(token))) as unknown);
}

/** Every leaf (neither object nor array) of `value` passed through `transform`: how tokens are rotated too. */
export function mapLeaves(value: unknown, transform: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((entry) => mapLeaves(entry, transform));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, mapLeaves(entry, transform)]));
  }
  return transform(value);
}
