import type { LoggerService } from '@nestjs/common';
import { Client, type Notification } from 'pg';
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

export interface ListenerEvents {
  notification(notification: Notification): void;
  /** LISTENing on every channel (again): whatever was notified meanwhile was missed. */
  listening(): void;
  /** The connection is lost; nothing is heard until `listening` is called again. */
  lost(): void;
}

const RETRY_MS = 2000;

/** Who listens, and what for (`table changes`: said in the log when the connection is lost). */
export interface ListenerName {
  applicationName: string;
  purpose: string;
}

/**
 * LISTENs on `channels` on a connection of its own, and again on a new one whenever it is lost (the
 * database restarting, a network cut), every `retryMs` until it succeeds. An outage is logged once
 * when it starts and once when it ends, not at every attempt.
 */
export class ReconnectingListener {
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  /** Why the connection was lost, while it is. */
  private outage?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly name: ListenerName,
    private readonly channels: readonly string[],
    private readonly events: ListenerEvents,
    private readonly logger: LoggerService,
    private readonly retryMs = RETRY_MS,
  ) {}

  /** Connects; resolves after the first attempt, whether it succeeded or a retry is scheduled. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const client = listenerClient(this.dataSource, this.name.applicationName);
    this.client = client;
    client.on('notification', (notification) => this.events.notification(notification));
    // Only the current connection's failures matter: a replaced one may still report its end.
    client.on('error', (error) => client === this.client && this.lose(error.message));
    client.on('end', () => client === this.client && this.lose('connection closed'));
    try {
      await client.connect();
      for (const channel of this.channels) {
        await client.query(`LISTEN ${channel}`);
      }
    } catch (error) {
      this.lose((error as Error).message);
      await client.end().catch(() => undefined);
      return;
    }
    if (this.outage !== undefined) {
      this.logger.log(`Following ${this.name.purpose} again`);
      this.outage = undefined;
    }
    this.events.listening();
  }

  private lose(reason: string): void {
    if (this.stopped || this.retry) {
      return;
    }
    if (this.outage === undefined) {
      this.outage = reason;
      this.logger.warn(`Cannot follow ${this.name.purpose} (${reason}); reconnecting every ${this.retryMs / 1000} s`);
    }
    this.client = undefined;
    this.events.lost();
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, this.retryMs);
  }
}
