import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { processIdentity, type AppType, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import {
  createAccessLog,
  ListenError,
  listenOn,
  parseServerOptions,
  runClustered,
  serverUsage,
  UsageError,
  type AccessLog,
} from '@pulp/http';
import { PulpLogger } from '@pulp/logging';
import type { PluginDefinition } from '@pulp/plugin-api';
import { startTelemetry } from '@pulp/telemetry';
import { connect, loadConfiguration, runMain, SHUTDOWN_SIGNALS, StartupError, stopWithParent } from './boot';

type CreateApplication = (
  context: ProcessContext,
  identity: ProcessIdentity,
  plugins: readonly PluginDefinition[],
  options: { timeoutSeconds: number; accessLog?: AccessLog },
) => Promise<NestFastifyApplication>;

/** The main of pulpcore-api and pulpcore-content: options, settings, database, then serve (clustered). */
export function serveHttp(program: string, appType: AppType, defaultPort: number, create: CreateApplication): void {
  const logger = new PulpLogger();
  let options;
  try {
    options = parseServerOptions(process.argv.slice(2), defaultPort);
  } catch (error) {
    process.stderr.write(`${program}: ${(error as UsageError).message}\n\n${serverUsage(program, defaultPort)}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(serverUsage(program, defaultPort));
    return;
  }
  const { bind, workers, name, accessLogfile, timeoutSeconds, nameTemplate } = options;
  process.title = name ?? program;
  stopWithParent();
  runClustered(workers, () =>
    runMain(logger, async () => {
      const { loaded, plugins } = loadConfiguration(logger);
      await startTelemetry(loaded.settings, appType === 'api' ? 'pulp-api' : 'pulp-content', logger);
      const accessLog = openAccessLog(accessLogfile);
      const context = await connect(logger, loaded, plugins, { poolSize: appType === 'api' ? 10 : 20 });
      const identity = processIdentity(appType, loaded.settings, nameTemplate);
      const app = await create(context, identity, plugins, {
        timeoutSeconds,
        accessLog,
      });
      app.enableShutdownHooks([...SHUTDOWN_SIGNALS], { useProcessExit: true });
      try {
        await listenOn(app, bind);
      } catch (error) {
        await app.close();
        throw error instanceof ListenError ? new StartupError(error.message) : error;
      }
      const addresses = bind.map(({ host, port }) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
      logger.log(`${identity.name} listening on ${addresses.join(', ')}`, program);
    }),
  );
}

function openAccessLog(file: string | undefined): AccessLog | undefined {
  try {
    return createAccessLog(file);
  } catch (error) {
    throw new StartupError(`Cannot open the access log ${file}: ${(error as Error).message}`);
  }
}
