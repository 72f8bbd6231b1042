import type { FastifyRequest } from 'fastify';

/**
 * The URL a client asked for, absolute, as DRF builds its pagination links (no forwarded-host
 * trust): the original one, with its domain, not the one it was routed as.
 */
export function absoluteUrl(request: Pick<FastifyRequest, 'protocol' | 'headers' | 'originalUrl'>): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}${request.originalUrl}`;
}
