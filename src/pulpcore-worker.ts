#!/usr/bin/env node
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { processIdentity } from '@pulp/core';
import { PulpLogger } from '@pulp/logging';
import { startTelemetry } from '@pulp/telemetry';
import { WorkerModule } from '@pulp/worker';
import { connect, loadConfiguration, runMain, SHUTDOWN_SIGNALS, stopWithParent } from './boot';

const USAGE = `Usage: pulpcore-worker [options]

Options:
  --name-template TEMPLATE   status name, with {pid}, {hostname}, {fqdn} (default WORKER_NAME_TEMPLATE)
  --pid FILE                 write the process id to FILE
  -h, --help                 show this help
`;

const logger = new PulpLogger();
let options: { 'name-template'?: string; pid?: string; help?: boolean };
try {
  options = parseArgs({
    options: { 'name-template': { type: 'string' }, pid: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (error) {
  process.stderr.write(`pulpcore-worker: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

if (options.help) {
  process.stdout.write(USAGE);
} else {
  stopWithParent();
  runMain(logger, async () => {
    const { loaded, plugins } = loadConfiguration(logger);
    await startTelemetry(loaded.settings, 'pulp-worker', logger);
    const context = await connect(logger, loaded, plugins, { poolSize: 4 });
    const identity = processIdentity('worker', loaded.settings, options['name-template']);
    if (options.pid) {
      writeFileSync(options.pid, `${process.pid}\n`);
    }
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(context, identity, {
        taskProcessScript: resolve(__dirname, 'pulpcore-task-runner.js'),
      }),
      {
        logger,
        abortOnError: false,
      },
    );
    app.enableShutdownHooks([...SHUTDOWN_SIGNALS], { useProcessExit: true });
    await app.init();
    logger.log(`Worker ${identity.name} started`, 'pulpcore-worker');
  });
}
