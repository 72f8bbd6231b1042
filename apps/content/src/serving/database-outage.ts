import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connectionFailureReason, isConnectionError, SQL, TableChanges, type Sql } from '@pulp/database';

/** The body of the content app's 503: short, the same for every request of an outage. */
export const UNAVAILABLE_BODY = '503: The database is unavailable; try again later.';

/**
 * The content app while the database cannot be reached: what it has cached is still served (see
 * ServedTables.cached), the rest is a 503, and the outage is logged once when first noticed rather
 * than once per request. It is over when table changes are followed again (the LISTEN connection is
 * back), which the listener logs.
 */
@Injectable()
export class DatabaseOutage implements OnApplicationShutdown {
  private readonly logger = new Logger('content');
  private down = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly changes: TableChanges,
    @Inject(SQL) private readonly sql: Sql,
  ) {
    this.unsubscribe = changes.onChange(() => {
      if (changes.generation() !== undefined) {
        this.down = false;
      }
    });
  }

  /** True when `error` says the database is unreachable (then logged, once per outage). */
  noticed(error: unknown): boolean {
    if (!isConnectionError(error)) {
      return false;
    }
    if (!this.down) {
      this.down = true;
      this.logger.warn(
        `Database unavailable (${connectionFailureReason(error)}): serving what is cached, 503 for the rest`,
      );
    }
    return true;
  }

  /**
   * The health check: resolves when the database answers, throws its connection error when not.
   * Free while table changes are followed (that connection is alive); a query otherwise.
   */
  async check(): Promise<void> {
    if (this.changes.generation() === undefined) {
      await this.sql('SELECT 1');
    }
  }

  onApplicationShutdown(): void {
    this.unsubscribe();
  }
}
