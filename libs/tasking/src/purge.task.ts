import { Injectable } from '@nestjs/common';
import { currentDomainIdSql } from '@pulp/domains/domain-context';
import { grantsSql } from '@pulp/rbac/grants';
import type { TaskContext } from './task-context';
import { TaskHandler } from './task-handler.decorator';
import { FINAL_STATES } from './task-states';

const BATCH = 1000;

/**
 * The tasks a purge may delete: finished before `$1`, in a state of `$2`, and, when a user asked
 * (`$3`, null for the built-in schedule, which purges every domain), one of the current domain they
 * may delete (core.delete_task model-wide or on the task; everything for a superuser), as Pulp's
 * purge filters by domain and by the user's permission.
 */
const purgeable = () => `finished_at < $1 AND state = ANY($2)
  AND ($3::integer IS NULL OR pulp_domain_id = ${currentDomainIdSql()})
  AND ($3::integer IS NULL
       OR (SELECT is_superuser FROM auth_user WHERE id = $3)
       OR EXISTS (SELECT 1 FROM (${grantsSql('$3', "ARRAY['core.delete_task']")}) g
                   WHERE (g.object_id IS NULL AND g.domain_id IS NULL)
                      OR (g.content_type = 'core.task' AND g.object_id = core_task.pulp_id::text)))`;

/** Pulp's task purge: deletes finished tasks (and, by cascade, their reports) in batches. */
@Injectable()
export class PurgeTasks {
  @TaskHandler('pulpcore.app.tasks.purge.purge')
  async purge({ kwargs, sql, progress }: TaskContext): Promise<null> {
    // From the API: a date; from the built-in schedule: the protection time, counted back from now.
    const finishedBefore =
      typeof kwargs.finished_before === 'string'
        ? kwargs.finished_before
        : new Date(Date.now() - Number(kwargs.protection_time) * 60_000).toISOString();
    const states = (kwargs.states as string[]).filter((state) => FINAL_STATES.includes(state as never));
    const user = typeof kwargs.user_pk === 'number' ? kwargs.user_pk : null;
    const [{ total }] = await sql<{ total: number }>(
      `SELECT count(*)::int AS total FROM core_task WHERE ${purgeable()}`,
      [finishedBefore, states, user],
    );
    const report = await progress({ message: 'Purged task items', code: 'purge.tasks.total', total });
    for (;;) {
      const deleted = await sql(
        `DELETE FROM core_task WHERE pulp_id IN (
           SELECT pulp_id FROM core_task WHERE ${purgeable()} LIMIT ${BATCH})
         RETURNING pulp_id`,
        [finishedBefore, states, user],
      );
      if (deleted.length === 0) {
        return null;
      }
      await report.increment(deleted.length);
    }
  }
}
