import { existsSync, readFileSync } from 'node:fs';
import type { LoadedSettings } from '@pulp/config';

/** Where and as whom to connect; the subset of pg's options that Pulp's settings can express. */
export interface ConnectionOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export const EMBEDDED_USER = 'pulp';
export const EMBEDDED_DATABASE = 'pulp';

/** The file beside the embedded cluster's data folder (initdb wants that folder empty) holding its password. */
export function embeddedPasswordFile(dataDir: string): string {
  return `${dataDir}.password`;
}

/** DATABASES.default as pg options, or the embedded PostgreSQL when no layer configured a database. */
export function connectionOptions({ settings, embeddedDatabase }: LoadedSettings): ConnectionOptions {
  if (embeddedDatabase) {
    const passwordFile = embeddedPasswordFile(settings.EMBEDDED_POSTGRES_DIR);
    return {
      host: '127.0.0.1',
      port: settings.EMBEDDED_POSTGRES_PORT,
      user: EMBEDDED_USER,
      password: existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : undefined,
      database: EMBEDDED_DATABASE,
    };
  }
  const database = settings.DATABASES.default;
  // Values may arrive as numbers (PULP_DATABASES__default__PASSWORD=12345): pg wants strings.
  const text = (value: string | number | undefined) =>
    value === undefined || value === null ? undefined : String(value);
  return {
    // Django's empty HOST means the local socket; pg finds it under /var/run/postgresql.
    host: text(database.HOST) || '/var/run/postgresql',
    port: Number(database.PORT || 5432),
    user: String(database.USER),
    password: text(database.PASSWORD),
    database: String(database.NAME),
  };
}

/** `postgres://…` without the password, for messages. */
export function describeConnection(options: ConnectionOptions): string {
  return `postgresql://${options.user}@${options.host}:${options.port}/${options.database}`;
}
