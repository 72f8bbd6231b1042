import { Injectable } from '@nestjs/common';
import type { TaskContext } from './task-context';
import { TaskHandler } from './task-handler.decorator';
import { FINAL_STATES } from './task-states';

const BATCH = 1000;

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
    const [{ total }] = await sql<{ total: number }>(
      'SELECT count(*)::int AS total FROM core_task WHERE finished_at < $1 AND state = ANY($2)',
      [finishedBefore, states],
    );
    const report = await progress({ message: 'Purged task items', code: 'purge.tasks.total', total });
    for (;;) {
      const deleted = await sql(
        `DELETE FROM core_task WHERE pulp_id IN (
           SELECT pulp_id FROM core_task WHERE finished_at < $1 AND state = ANY($2) LIMIT ${BATCH})
         RETURNING pulp_id`,
        [finishedBefore, states],
      );
      if (deleted.length === 0) {
        return null;
      }
      await report.increment(deleted.length);
    }
  }
}
