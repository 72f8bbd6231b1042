import { ContextSlot } from '@pulp/async-context';
import { PulpError } from '@pulp/errors';
import type { PgClientLike, PgPoolLike, PreparedQuery } from '@pulp/database/sql';

/** The task a handler's statements are made for, and the worker (app status) that runs it. */
export interface TaskOwner {
  taskId: string;
  appStatusId: string;
}

/** A task's write refused because the task no longer runs for this worker: nothing of it was committed. */
export class TaskFencedError extends PulpError {
  constructor(readonly owner: TaskOwner) {
    super(
      'conflict',
      'PLP0012',
      `Task ${owner.taskId} no longer runs for this worker (declared missing, or canceled): its write was refused.`,
    );
  }
}

const running = new ContextSlot<TaskOwner>('pulp.task_owner');

/**
 * Runs a task's handler so that every statement it makes through a fenced pool (however deep, in
 * whatever service) is checked against the task's row, in the statement's own transaction.
 */
export function runFenced<T>(owner: TaskOwner, handler: () => Promise<T>): Promise<T> {
  return running.run(owner, handler);
}

/** The task whose handler is running here (in the task process, inside runFenced), if any. */
export function currentTaskId(): string | undefined {
  return running.get()?.taskId;
}

/**
 * The fence: the task still runs, owned by this worker. FOR KEY SHARE holds the row until the
 * transaction ends without blocking a cancel (whose NOTIFY must reach the worker, which kills the
 * process and so rolls the transaction back); declaring the worker missing takes the row FOR UPDATE
 * first (LOCK_TASKS_OF_STATUSES), which waits for the commit: a write is either committed while the
 * task was owned, or refused; never both.
 */
const FENCE = `SELECT 1 FROM core_task WHERE pulp_id = $1 AND state = 'running' AND app_lock_id = $2 FOR KEY SHARE`;

/**
 * Run before deleting missing processes' status rows (`$1`: their ids), in the same transaction:
 * waits for the fenced writes in progress of their tasks and keeps new ones out until the delete
 * (which frees the tasks, `app_lock_id` set null) commits.
 */
export const LOCK_TASKS_OF_STATUSES = 'SELECT 1 FROM core_task WHERE app_lock_id = ANY($1::uuid[]) FOR UPDATE';

const STARTS_TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK|END|ABORT)\b/i;

type Query = string | PreparedQuery;
type Client = PgClientLike & { query(text: Query, params?: unknown[]): Promise<{ rows: unknown[] }> };

async function assertOwned(client: Client, owner: TaskOwner): Promise<void> {
  const { rows } = await client.query(FENCE, [owner.taskId, owner.appStatusId]);
  if (rows.length === 0) {
    throw new TaskFencedError(owner);
  }
}

/** One statement outside any transaction, made a transaction of its own with the fence. */
async function fencedStatement(client: Client, owner: TaskOwner, text: Query, params?: unknown[]) {
  await client.query('BEGIN');
  try {
    await assertOwned(client, owner);
    const result = await client.query(text, params);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A checked-out connection whose transactions start with the fence (and whose loose statements get one each). */
function fencedClient(client: Client, owner: TaskOwner): PgClientLike {
  let inTransaction = false;
  return {
    async query(text: string, params?: unknown[]) {
      if (STARTS_TRANSACTION.test(text)) {
        const result = await client.query(text, params);
        inTransaction = true;
        await assertOwned(client, owner);
        return result;
      }
      if (ENDS_TRANSACTION.test(text)) {
        inTransaction = false;
        return client.query(text, params);
      }
      return inTransaction ? client.query(text, params) : fencedStatement(client, owner, text, params);
    },
    release: () => client.release(),
  };
}

/**
 * The task process's pool: outside a task handler it is the pool itself; inside one (`runFenced`)
 * every transaction begins with the fence and every loose statement is wrapped in a transaction
 * with it, so a task declared dead (its worker missing) or canceled can make no write at all,
 * through the task context or any service that queries the pool.
 */
export function fencedPool(pool: PgPoolLike): PgPoolLike {
  return {
    async query(text: Query, params?: unknown[]) {
      const owner = running.get();
      if (!owner) {
        return pool.query(text, params);
      }
      const client = (await pool.connect()) as Client;
      try {
        return await fencedStatement(client, owner, text, params);
      } finally {
        client.release();
      }
    },
    async connect() {
      const owner = running.get();
      const client = (await pool.connect()) as Client;
      return owner ? fencedClient(client, owner) : client;
    },
  };
}
