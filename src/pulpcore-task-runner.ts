import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PulpLogger } from '@pulp/logging';
import { TaskExecutor } from '@pulp/tasking';
import { startTelemetry } from '@pulp/telemetry';
import { TaskProcessModule, type TaskProcessMessage, type WorkerMessage } from '@pulp/worker';
import { connect, loadConfiguration, runMain } from './boot';

/**
 * The task process of a pulpcore-worker (not run by hand): when its worker says there is work, it
 * claims and runs ready tasks one at a time until none is left; it exits when the worker goes away.
 */
const logger = new PulpLogger();

runMain(logger, async () => {
  const { loaded, plugins } = loadConfiguration(logger);
  await startTelemetry(loaded.settings, 'pulp-worker', logger);
  const context = await connect(logger, loaded, plugins, { poolSize: 4 });
  const app = await NestFactory.createApplicationContext(TaskProcessModule.forRoot(context, plugins), {
    logger,
    abortOnError: false,
  });
  const executor = app.get(TaskExecutor);
  const tell = (message: TaskProcessMessage) => process.send?.(message);
  let stopping = false;
  let draining: Promise<void> | undefined;
  process.on('message', (message: WorkerMessage) => {
    if ('stop' in message) {
      stopping = true;
    } else {
      draining ??= executor
        .drain(message.work, () => stopping)
        .catch((error: unknown) => logger.error(error instanceof Error ? error : String(error), undefined, 'tasking'))
        .finally(() => {
          draining = undefined;
          tell({ idle: true });
        });
    }
  });
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  tell({ ready: true });
});
