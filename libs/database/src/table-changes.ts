import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReconnectingListener } from './listener-client';

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

/**
 * Counts committed writes to the watched tables, from their notifications on a LISTEN connection of
 * its own. Anything read at generation G is current as long as the generation is still G. While the
 * connection is down there is no generation: nothing can be trusted, so nothing is cached.
 */
@Injectable()
export class TableChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly listener: ReconnectingListener;
  /** Counts notifications (and reconnections) for the life of the process; never goes back. */
  private counter = 0;
  /** Notifications per table: with `everyTable`, a sum over some tables never goes back either. */
  private readonly perTable = new Map<string, number>();
  /** Moves every per-table generation at once: on (re)connection, and for bump(). */
  private everyTable = 0;
  private listening = false;
  private readonly listeners = new Set<() => void>();

  constructor(dataSource: DataSource) {
    this.listener = new ReconnectingListener(
      dataSource,
      { applicationName: 'pulp-table-changes', purpose: 'table changes' },
      [TABLE_CHANGES_CHANNEL],
      {
        notification: ({ payload }) => {
          this.counter += 1;
          if (payload) {
            this.perTable.set(payload, (this.perTable.get(payload) ?? 0) + 1);
          }
          this.changed();
        },
        // Whatever changed while nobody listened is covered by a generation no cached entry has.
        listening: () => {
          this.counter += 1;
          this.everyTable += 1;
          this.listening = true;
          this.changed();
        },
        lost: () => {
          this.listening = false;
          this.changed();
        },
      },
      new Logger('database'),
    );
  }

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
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  private changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
