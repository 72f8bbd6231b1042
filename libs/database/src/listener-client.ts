import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A connection of its own (not from the pool) to the data source's database, for LISTEN: a
 * pooled connection would be handed to other queries and lose its notifications. Named so that
 * it can be told apart in pg_stat_activity.
 */
export function listenerClient(dataSource: DataSource, applicationName: string): Client {
  const { host, port, username, password, database } = dataSource.options as {
    host: string;
    port: number;
    username: string;
    password?: string;
    database: string;
  };
  // Keepalive probes: a connection silently gone (a failover, a NAT timeout) ends in an error, which
  // reconnects, instead of leaving a listener that hears nothing and trusts its caches forever.
  return new Client({
    host,
    port,
    user: username,
    password,
    database,
    application_name: applicationName,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
}
