import { Injectable } from '@nestjs/common';
import { PulpError } from '@pulp/errors';
import type { TaskContext } from './task-context';
import { TaskHandler } from './task-handler.decorator';

const seconds = (value: unknown) => (typeof value === 'number' && value >= 0 ? value : 0);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pulp ships `pulpcore.app.tasks.test` for exercising the tasking system; these are ours, used by
 * the test suites and benchmarks (they touch nothing but their own task).
 */
@Injectable()
export class TestTasks {
  @TaskHandler('pulpcore.app.tasks.test.dummy_task')
  dummy(): Promise<null> {
    return Promise.resolve(null);
  }

  /** Returns its keyword arguments: the task's `result`. */
  @TaskHandler('pulpcore.app.tasks.test.echo')
  echo({ kwargs }: TaskContext): Promise<unknown> {
    return Promise.resolve(kwargs);
  }

  /** Sleeps `args[0]` seconds, yielding to the event loop. */
  @TaskHandler('pulpcore.app.tasks.test.sleep')
  async sleep({ args }: TaskContext): Promise<null> {
    await pause(seconds(args[0]) * 1000);
    return null;
  }

  /** Burns CPU for `args[0]` seconds without ever yielding: only killing the process stops it. */
  @TaskHandler('pulpcore.app.tasks.test.spin')
  spin({ args }: TaskContext): Promise<null> {
    const until = Date.now() + seconds(args[0]) * 1000;
    while (Date.now() < until) {
      // busy on purpose
    }
    return Promise.resolve(null);
  }

  @TaskHandler('pulpcore.app.tasks.test.fail')
  fail({ args }: TaskContext): Promise<never> {
    return Promise.reject(
      new PulpError('internal', 'PLP0099', typeof args[0] === 'string' ? args[0] : 'Failed on purpose'),
    );
  }

  /** Counts one step of its group's `test.steps` report. */
  @TaskHandler('pulpcore.app.tasks.test.group_step')
  async groupStep({ groupProgress }: TaskContext): Promise<null> {
    await groupProgress('test.steps');
    return null;
  }

  /** Takes its task process down, as a native crash or an out-of-memory would (exit code `args[0]`). */
  @TaskHandler('pulpcore.app.tasks.test.crash')
  crash({ args }: TaskContext): Promise<never> {
    process.exit(typeof args[0] === 'number' ? args[0] : 70);
  }

  /**
   * Writes a progress report inside a transaction held open for `args[0]` seconds, then commits:
   * canceling it midway must leave no trace of the write.
   */
  @TaskHandler('pulpcore.app.tasks.test.partial_work')
  async partialWork({ args, transaction, taskId }: TaskContext): Promise<null> {
    await transaction(async (sql) => {
      await sql(
        `INSERT INTO core_progressreport (message, code, state, done, task_id)
         VALUES ('partial', 'test.partial', 'running', 1, $1)`,
        [taskId],
      );
      await pause(seconds(args[0]) * 1000);
    });
    return null;
  }
}
