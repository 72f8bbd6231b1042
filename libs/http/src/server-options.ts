import { parseArgs } from 'node:util';

/** Options shared by pulpcore-api and pulpcore-content, spelled as gunicorn (and Pulp) spell them. */
export interface ServerOptions {
  bind: Array<{ host: string; port: number }>;
  workers: number;
  name: string | undefined;
  accessLogfile: string | undefined;
  timeoutSeconds: number;
  nameTemplate: string | undefined;
}

export class UsageError extends Error {}

export function serverUsage(program: string, defaultPort: number): string {
  return `Usage: ${program} [options]

Options:
  -b, --bind HOST:PORT        address to listen on (repeatable; default 127.0.0.1:${defaultPort})
  -w, --workers N             processes serving requests (default 1)
  -n, --name NAME             process title
  --access-logfile -|PATH     write an access log line per request ("-": stdout)
  -t, --timeout SECONDS       longest time to receive a whole request; 0 disables (default 0)
  --name-template TEMPLATE    status name, with {pid}, {hostname}, {fqdn} (default WORKER_NAME_TEMPLATE)
  -h, --help                  show this help
`;
}

/** Parses the command line; throws UsageError with a message fit for the user. */
export function parseServerOptions(argv: string[], defaultPort: number): ServerOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        bind: { type: 'string', short: 'b', multiple: true },
        workers: { type: 'string', short: 'w' },
        name: { type: 'string', short: 'n' },
        'access-logfile': { type: 'string' },
        timeout: { type: 'string', short: 't' },
        'name-template': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) {
    return 'help';
  }
  const workers = Number(parsed.workers ?? 1);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new UsageError(`--workers must be a positive integer, not "${parsed.workers}"`);
  }
  const timeoutSeconds = Number(parsed.timeout ?? 0);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    throw new UsageError(`--timeout must be a number of seconds, not "${parsed.timeout}"`);
  }
  return {
    bind: (parsed.bind ?? [`127.0.0.1:${defaultPort}`]).map(parseBind),
    workers,
    name: parsed.name,
    accessLogfile: parsed['access-logfile'],
    timeoutSeconds,
    nameTemplate: parsed['name-template'],
  };
}

/** `HOST:PORT`, `[::1]:PORT`, `:PORT` (all interfaces) or `PORT`. */
export function parseBind(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? /^()()(\d+)$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--bind must be HOST:PORT, not "${value}"`);
  }
  return { host: match[1] || match[2] || '0.0.0.0', port };
}
