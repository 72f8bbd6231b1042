import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from './correlation-id';

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

const SEVERITY: Record<LogLevelName, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

/** Nest's start-up chatter (every module and route) is only interesting when debugging. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * The one logger of every process, in Pulp's line format:
 * `pulp [<correlation id>]: <context>:<LEVEL>: <message>`.
 * Lines go to stderr, as Python's logging does, so stdout stays for command output.
 */
export class PulpLogger implements LoggerService {
  private threshold: number;

  constructor(
    level: LogLevelName = 'INFO',
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {
    this.threshold = SEVERITY[level];
  }

  setLevel(level: LogLevelName): void {
    this.threshold = SEVERITY[level];
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit(FRAMEWORK_CONTEXTS.has(params[params.length - 1] as string) ? 'DEBUG' : 'INFO', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.emit('WARNING', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.emit('DEBUG', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('DEBUG', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest calls error(message, stack?, context?); a stack is only worth printing when there is one.
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    const stack =
      params.length > 1 && typeof params[0] === 'string'
        ? params[0]
        : message instanceof Error
          ? message.stack
          : undefined;
    this.emit('ERROR', message instanceof Error ? message.message : message, [context]);
    if (typeof stack === 'string' && stack !== '') {
      this.write(`${stack}\n`);
    }
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.error(message, ...params);
  }

  private emit(level: LogLevelName, message: unknown, params: unknown[]): void {
    if (SEVERITY[level] < this.threshold) {
      return;
    }
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : 'pulp';
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.write(`pulp [${currentCorrelationId() ?? '-'}]: ${context}:${level}: ${text}\n`);
  }
}
