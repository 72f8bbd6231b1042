import type { FastifyReply } from 'fastify';

/**
 * Ends an answer that has no body (a redirect, 412, 416) with `Content-Length: 0` said outright:
 * Fastify adds it to a GET's answer but leaves it off a HEAD's, and the two must agree. (Not for
 * 304, which has no Content-Length either way.)
 */
export async function sendEmpty(reply: FastifyReply, status: number): Promise<void> {
  await reply.code(status).header('content-length', '0').send();
}

/** A redirect to `location`, with no body. */
export function sendRedirect(reply: FastifyReply, location: string, status: 301 | 302): Promise<void> {
  reply.header('location', location);
  return sendEmpty(reply, status);
}
