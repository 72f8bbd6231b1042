import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PulpLogger } from '@pulp/logging';
import { TaskExecutor } from '@pulp/tasking';
import { TaskProcessModule } from '@pulp/worker';
import { connect, loadConfiguration, runMain } from './boot';

/**
 * The task process of a pulpcore-worker (not run by hand): runs the tasks its worker sends over
 * IPC, one at a time, and exits when the worker goes away.
 */
const logger = new PulpLogger();

runMain(logger, async () => {
  const { loaded, plugins } = loadConfiguration(logger);
  const context = await connect(logger, loaded, plugins, { poolSize: 4 });
  const app = await NestFactory.createApplicationContext(TaskProcessModule.forRoot(context, plugins), {
    logger,
    abortOnError: false,
  });
  const executor = app.get(TaskExecutor);
  process.on('message', (message: { run: string; appStatusId: string }) => {
    void executor
      .execute(message.run, message.appStatusId)
      .catch((error: unknown) => {
        logger.error(error instanceof Error ? error : String(error), undefined, 'tasking');
        return false;
      })
      .then((finished) => process.send?.({ done: message.run, finished }));
  });
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  process.send?.({ ready: true });
});
