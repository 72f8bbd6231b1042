import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import type { ConnectionOptions } from './connection-options';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes.
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Connections this process may hold at once. */
  poolSize?: number;
}

/**
 * The TypeORM data source of every process. Schema changes only ever come from migrations
 * (`pulpcore-manager migrate`); `synchronize` stays off everywhere, tests included.
 */
export function createDataSource(connection: ConnectionOptions, parts: DataSourceParts): DataSource {
  return new DataSource({
    type: 'postgres',
    host: connection.host,
    port: connection.port,
    username: connection.user,
    password: connection.password,
    database: connection.database,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'pulp_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: 'pulp',
    extra: { max: parts.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
}
