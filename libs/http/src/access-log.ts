import { createWriteStream, openSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type AccessLog = (request: FastifyRequest, reply: FastifyReply) => void;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `[25/Nov/2026:12:01:10 +0000]`, gunicorn's `%(t)s`. */
function logTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `[${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000]`;
}

/**
 * One line per request in Pulp's access-log format:
 * `pulp [<cid>]: <host> - <user> [<time>] "<request line>" <status> <bytes> "<referer>" "<user agent>"`.
 */
export function formatAccessLine(request: FastifyRequest, reply: FastifyReply, now: Date = new Date()): string {
  const user = (request as FastifyRequest & { user?: { username?: string } }).user?.username ?? '-';
  const length = reply.getHeader('content-length');
  const header = (name: string) => String(request.headers[name] ?? '-').replaceAll('"', '\\"');
  return (
    `pulp [${request.id}]: ${request.ip} - ${user} ${logTime(now)} ` +
    `"${request.method} ${request.originalUrl} HTTP/${request.raw.httpVersion}" ${reply.statusCode} ${String(length ?? '-')} ` +
    `"${header('referer')}" "${header('user-agent')}"\n`
  );
}

/**
 * `-` writes to stdout, anything else appends to that file; undefined logs nothing.
 * The file is opened at once, so a path that cannot be written fails the start-up, not a request.
 */
export function createAccessLog(target: string | undefined): AccessLog | undefined {
  if (target === undefined) {
    return undefined;
  }
  const stream = target === '-' ? process.stdout : createWriteStream('', { fd: openSync(target, 'a') });
  return (request, reply) => {
    stream.write(formatAccessLine(request, reply));
  };
}
