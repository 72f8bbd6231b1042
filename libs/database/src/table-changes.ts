import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { listenerClient } from './listener-client';

/** The channel writes to watched tables notify, with the table's name. */
export const TABLE_CHANGES_CHANNEL = 'pulp_table_changes';
/** The trigger function that notifies it (created by a core migration). */
export const TABLE_CHANGES_FUNCTION = 'pulp_notify_table_change';

/**
 * SQL for a migration: every statement writing `table` notifies TABLE_CHANGES_CHANNEL. Lists read
 * only from such tables may be cached (RowSource.cached); a plugin whose lists are cached watches
 * its own tables with this.
 */
export function notifyTableChangesSql(table: string): string {
  return `CREATE TRIGGER ${table}_notify_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION ${TABLE_CHANGES_FUNCTION}()`;
}

const RECONNECT_MS = 2000;

/**
 * Counts committed writes to the watched tables, from their notifications on a LISTEN connection of
 * its own. Anything read at generation G is current as long as the generation is still G. While the
 * connection is down there is no generation: nothing can be trusted, so nothing is cached.
 */
@Injectable()
export class TableChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('database');
  private client?: Client;
  /** Counts notifications (and reconnections) for the life of the process; never goes back. */
  private counter = 0;
  /** Notifications per table: with `everyTable`, a sum over some tables never goes back either. */
  private readonly perTable = new Map<string, number>();
  /** Moves every per-table generation at once: on (re)connection, and for bump(). */
  private everyTable = 0;
  private listening = false;
  private reconnection?: NodeJS.Timeout;
  private stopping = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly dataSource: DataSource) {}

  /** The current generation, or undefined while changes cannot be followed. */
  generation(): number | undefined {
    return this.listening ? this.counter : undefined;
  }

  /**
   * A generation that moves only when one of `tables` changes (or changes could have been missed):
   * for caches read from a few tables, which writes elsewhere (a sync's content) must not drop.
   */
  generationOf(tables: readonly string[]): number | undefined {
    if (!this.listening) {
      return undefined;
    }
    let sum = this.everyTable;
    for (const table of tables) {
      sum += this.perTable.get(table) ?? 0;
    }
    return sum;
  }

  /**
   * A change this process made itself (a write request it answered): pages read before it are
   * stale now, without waiting for the notification of its commit.
   */
  bump(): void {
    this.counter += 1;
    this.everyTable += 1;
    this.changed();
  }

  /**
   * Calls `listener` (synchronously) whenever the generations move: for caches held outside this
   * process, which must be dropped rather than waiting to be asked. Returns the unsubscriber.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Changes this process committed to `tables` itself: what was read from them is stale now,
   * without waiting for the notification of its commit (which also comes, and counts again).
   */
  touched(tables: readonly string[]): void {
    this.counter += 1;
    for (const table of tables) {
      this.perTable.set(table, (this.perTable.get(table) ?? 0) + 1);
    }
    this.changed();
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnection);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopping) {
      return;
    }
    const client = listenerClient(this.dataSource, 'pulp-table-changes');
    this.client = client;
    client.on('notification', ({ payload }) => {
      this.counter += 1;
      if (payload) {
        this.perTable.set(payload, (this.perTable.get(payload) ?? 0) + 1);
      }
      this.changed();
    });
    // Only the current connection's failures matter: a replaced one may still report its end.
    client.on('error', (error) => client === this.client && this.reconnect(error.message));
    client.on('end', () => client === this.client && this.reconnect('connection closed'));
    try {
      await client.connect();
      await client.query(`LISTEN ${TABLE_CHANGES_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.reconnect((error as Error).message);
      return;
    }
    // Whatever changed while nobody listened is covered by a generation no cached entry has.
    this.counter += 1;
    this.everyTable += 1;
    this.listening = true;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }

  private reconnect(reason: string): void {
    this.listening = false;
    if (this.stopping || this.reconnection) {
      return;
    }
    this.logger.warn(`Cannot follow table changes (lists are not cached meanwhile): ${reason}`);
    this.client = undefined;
    this.reconnection = setTimeout(() => {
      this.reconnection = undefined;
      void this.listen();
    }, RECONNECT_MS);
  }
}
