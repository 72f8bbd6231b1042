#!/usr/bin/env node
import 'reflect-metadata';
import { createInterface, type Interface } from 'node:readline';
import { PulpLogger } from '@pulp/logging';
import { runManager, type ManagerTools } from '@pulp/manager';
import { loadConfiguration, runMain, StartupError } from './boot';
import { withDatabase } from './database-session';
import { openApiDocumentWithoutDatabase } from './openapi-document';

const logger = new PulpLogger();

/** One reader over stdin for every question: piped answers are buffered, not lost between questions. */
const prompter = {
  terminal: undefined as Interface | undefined,
  lines: undefined as AsyncIterator<string> | undefined,
  async ask(question: string, secret: boolean): Promise<string> {
    this.terminal ??= createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
    this.lines ??= this.terminal[Symbol.asyncIterator]();
    const hide = secret && process.stdin.isTTY;
    const output = this.terminal as unknown as { _writeToOutput: (text: string) => void };
    const original = output._writeToOutput.bind(this.terminal);
    process.stdout.write(question);
    if (hide) {
      // Echo nothing of what is typed.
      output._writeToOutput = () => undefined;
    }
    try {
      const line = await this.lines.next();
      if (line.done) {
        throw new StartupError('No answer: standard input ended.');
      }
      return line.value;
    } finally {
      output._writeToOutput = original;
      if (hide) {
        process.stdout.write('\n');
      }
    }
  },
};

const tools: ManagerTools = {
  logger,
  configuration: () => loadConfiguration(logger),
  withDatabase(work, options) {
    const { loaded, plugins } = loadConfiguration(logger);
    return withDatabase(logger, loaded, plugins, (context) => work(context, plugins), options);
  },
  openApiDocument: () => openApiDocumentWithoutDatabase(logger),
  print: (text) => process.stdout.write(`${text}\n`),
  prompt: (question, secret) => prompter.ask(question, secret),
};

runMain(logger, async () => {
  process.exitCode = await runManager(process.argv.slice(2), tools);
  prompter.terminal?.close();
});
