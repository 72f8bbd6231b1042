import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { uuid7 } from '@pulp/database';
import { LOCK_TASKS_OF_STATUSES } from '@pulp/tasking';
import { componentVersions, VERSION_COMPONENTS, type VersionComponent } from '../components';
import type { AppType } from './app-status.entity';
import { PROCESS_IDENTITY } from './app-status.constants';
import type { ProcessIdentity } from './process-identity';

/** PostgreSQL's lock_not_available: a lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';
/** How long a cleanup waits for a fenced write in progress before leaving it to the next beat. */
const LOCK_WAIT_MS = 2000;

/** This process's name is held by another live process. */
export class AppStatusConflictError extends Error {}

/** The fields status and the workers list show for a live process. */
export interface OnlineApp {
  name: string;
  appType: AppType;
  lastHeartbeat: Date;
  versions: Record<string, string>;
}

/** This process's row in core_appstatus. */
interface StatusRow {
  id: string;
  name: string;
}

/**
 * Keeps this process's core_appstatus row fresh while it runs and removes it on a clean shutdown,
 * so the status endpoint reflects what is alive. A failed beat (database down) is logged and retried
 * at the next period: the process stays up and recovers with the database.
 *
 * A row that vanished between two beats means the process was declared missing while it could not
 * beat (stopped, frozen, cut off): others have failed its tasks. It never comes back under that
 * row: the process registers a new row (a worker also under a new name, `<name>-2`, `-3`, …) and
 * tells whoever listens (`onDeclaredMissing`; a worker stops its task process).
 */
@Injectable()
export class AppStatusService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AppStatusService.name);
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();
  private row: StatusRow;
  /** The row to register instead, once this one was found gone. */
  private replacement: StatusRow | undefined;
  private registered = false;
  private generation = 1;
  private readonly missingListeners: Array<(previousName: string) => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PROCESS_IDENTITY) readonly identity: ProcessIdentity,
    @Inject(VERSION_COMPONENTS) private readonly components: VersionComponent[],
  ) {
    this.row = { id: uuid7(), name: identity.name };
  }

  /** This process's current row (it changes when the process was declared missing). */
  get id(): string {
    return this.row.id;
  }

  /** This process's current name (`identity.name`, or a new one after it was declared missing). */
  get name(): string {
    return this.row.name;
  }

  /** Calls `listener` with the former name each time this process re-registers after being declared missing. */
  onDeclaredMissing(listener: (previousName: string) => void): void {
    this.missingListeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beating = this.beat().catch((error: unknown) => {
        if (error instanceof AppStatusConflictError) {
          // Two live processes must never share a row: stop, as Pulp's processes do.
          this.logger.error(error.message);
          process.kill(process.pid, 'SIGTERM');
        } else {
          this.logger.warn(`Heartbeat of ${this.name} failed: ${(error as Error).message}`);
        }
      });
    }, this.identity.heartbeatSeconds * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    try {
      await this.dataSource.query('DELETE FROM core_appstatus WHERE pulp_id = $1', [this.id]);
    } catch (error) {
      this.logger.warn(`Could not remove the status of ${this.name}: ${(error as Error).message}`);
    }
  }

  /**
   * Refreshes this process's row; registers it first (or again, under a new name, when it vanished).
   * The new row exists before anyone is told, so the new id is usable at once.
   */
  async beat(): Promise<void> {
    if (this.registered) {
      // As a SELECT: TypeORM answers a bare UPDATE with [rows, count], never an empty list.
      const refreshed: unknown[] = await this.dataSource.query(
        `WITH beat AS (
           UPDATE core_appstatus SET last_heartbeat = now(), pulp_last_updated = now() WHERE pulp_id = $1 RETURNING 1
         ) SELECT 1 FROM beat`,
        [this.row.id],
      );
      if (refreshed.length > 0) {
        return;
      }
      this.registered = false;
      this.replacement = { id: uuid7(), name: this.renamed() };
    }
    const next = this.replacement ?? this.row;
    await this.register(next);
    this.registered = true;
    if (next !== this.row) {
      const previous = this.row.name;
      this.row = next;
      this.replacement = undefined;
      this.logger.warn(`${previous} was declared missing while it could not heartbeat: re-registered as ${next.name}`);
      this.missingListeners.forEach((listener) => listener(previous));
    }
  }

  /** A worker comes back under a new name (its tasks were failed under the old one); other processes keep theirs. */
  private renamed(): string {
    if (this.identity.appType !== 'worker') {
      return this.row.name;
    }
    this.generation += 1;
    return `${this.identity.name}-${this.generation}`;
  }

  /**
   * Inserts a row. A missing row of an earlier process with the same name (a restarted container
   * reusing its pid) is replaced; a live one is a conflict.
   */
  private async register({ id, name }: StatusRow): Promise<void> {
    const { appType, ttlSeconds } = this.identity;
    await this.dataSource.query(
      'DELETE FROM core_appstatus WHERE name = $1 AND pulp_id <> $2 AND last_heartbeat < now() - ttl',
      [name, id],
    );
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO core_appstatus (pulp_id, pulp_created, pulp_last_updated, app_type, name, versions, ttl, last_heartbeat)
       VALUES ($1, now(), now(), $2, $3, $4, make_interval(secs => $5), now())
       ON CONFLICT (name) DO UPDATE SET last_heartbeat = now(), pulp_last_updated = now()
         WHERE core_appstatus.pulp_id = EXCLUDED.pulp_id
       RETURNING pulp_id`,
      [id, appType, name, JSON.stringify(componentVersions(this.components)), ttlSeconds],
    );
    if (rows.length === 0) {
      throw new AppStatusConflictError(
        `Another running process is already named ${name}: give each process its own name (--name-template).`,
      );
    }
  }

  /** Processes whose heartbeat is within their own TTL, judged by the database clock. */
  async online(): Promise<OnlineApp[]> {
    const rows: Array<{ name: string; app_type: AppType; last_heartbeat: Date; versions: Record<string, string> }> =
      await this.dataSource.query(
        `SELECT name, app_type, last_heartbeat, versions FROM core_appstatus
          WHERE last_heartbeat >= now() - ttl ORDER BY name`,
      );
    return rows.map((row) => ({
      name: row.name,
      appType: row.app_type,
      lastHeartbeat: row.last_heartbeat,
      versions: row.versions,
    }));
  }

  /**
   * Deletes the rows of processes missing for longer than their TTL; returns their names. Their
   * tasks are locked first, so that a fenced write of theirs in progress commits before they are
   * freed, and none starts after (see docs/tasking.md, Fencing).
   */
  async removeMissing(appTypes: readonly AppType[]): Promise<string[]> {
    try {
      return await this.removeMissingNow(appTypes);
    } catch (error) {
      // A frozen task process inside a fenced write holds its task's row: waiting for it would stall
      // this worker too. That write may still commit (it was made while owned); try at the next beat.
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
        return [];
      }
      throw error;
    }
  }

  private removeMissingNow(appTypes: readonly AppType[]): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const missing: Array<{ pulp_id: string }> = await manager.query(
        'SELECT pulp_id FROM core_appstatus WHERE last_heartbeat < now() - ttl AND app_type = ANY($1)',
        [appTypes],
      );
      if (missing.length === 0) {
        return [];
      }
      const ids = missing.map((row) => row.pulp_id);
      await manager.query(`SET LOCAL lock_timeout = '${LOCK_WAIT_MS}ms'`);
      await manager.query(LOCK_TASKS_OF_STATUSES, [ids]);
      // Still missing: one may have beaten meanwhile.
      const rows: Array<{ name: string }> = await manager.query(
        `WITH gone AS (
           DELETE FROM core_appstatus WHERE pulp_id = ANY($1::uuid[]) AND last_heartbeat < now() - ttl RETURNING name
         ) SELECT name FROM gone`,
        [ids],
      );
      return rows.map((row) => row.name);
    });
  }
}
