#!/usr/bin/env node
import 'reflect-metadata';
import { createInterface, type Interface } from 'node:readline';
import { DataSource } from 'typeorm';
import { generateOpenApiDocument } from '@pulp/api';
import { processIdentity } from '@pulp/core';
import { PulpLogger } from '@pulp/logging';
import { runManager, type ManagerTools } from '@pulp/manager';
import { loadConfiguration, runMain, versionComponents } from './boot';
import { withDatabase } from './database-session';

const logger = new PulpLogger();

/** One reader over stdin for every question, so piped answers are not lost between questions. */
const prompter = {
  terminal: undefined as Interface | undefined,
  ask(question: string, secret: boolean): Promise<string> {
    this.terminal ??= createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
    const terminal = this.terminal;
    const hide = secret && process.stdin.isTTY;
    const output = terminal as unknown as { _writeToOutput: (text: string) => void };
    const original = output._writeToOutput.bind(terminal);
    if (hide) {
      // Echo the question, not what is typed after it.
      output._writeToOutput = (text) => (text.startsWith(question) ? original(text) : undefined);
    }
    return new Promise((resolve) =>
      terminal.question(question, (answer) => {
        output._writeToOutput = original;
        if (hide) {
          process.stdout.write('\n');
        }
        resolve(answer);
      }),
    );
  },
};

const tools: ManagerTools = {
  logger,
  configuration: () => loadConfiguration(logger),
  withDatabase(work, options) {
    const { loaded, plugins } = loadConfiguration(logger);
    return withDatabase(logger, loaded, plugins, work, options);
  },
  async openApiDocument() {
    const { loaded, plugins } = loadConfiguration(logger);
    // The schema comes from the controllers alone: a DataSource that never connects is enough.
    const context = { loaded, logger, dataSource: new DataSource({ type: 'postgres' }), components: versionComponents(plugins) };
    return generateOpenApiDocument(context, processIdentity('api', loaded.settings), plugins);
  },
  print: (text) => process.stdout.write(`${text}\n`),
  prompt: (question, secret) => prompter.ask(question, secret),
};

runMain(logger, async () => {
  process.exitCode = await runManager(process.argv.slice(2), tools);
  prompter.terminal?.close();
});
