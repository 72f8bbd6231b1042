import type { FastifyRequest } from 'fastify';

/** The URL a client asked for, absolute, as DRF builds its pagination links (no forwarded-host trust). */
export function absoluteUrl(request: Pick<FastifyRequest, 'protocol' | 'headers' | 'url'>): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}${request.url}`;
}
