/** Injection token of the process's pg connection pool (a PgPoolLike), shared with TypeORM. */
export const TASK_POOL = Symbol('TASK_POOL');
