// Nest-free on purpose, as `@pulp/database/sql`: code that unit tests load imports it as `@pulp/database/encryption`.
export { createKeyFile, DatabaseEncryption, EncryptionKeyError } from './database-encryption';
export { rewriteEncryptedColumns, type EncryptedColumns } from './encrypted-columns';
export { decryptJson, encryptJson } from './encrypted-json';
export { Fernet, InvalidTokenError, MultiFernet } from './fernet';
