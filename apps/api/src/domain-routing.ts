import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import { rootApiPath, type PulpSettings } from '@pulp/config';
import { inDomain, type DomainRef } from '@pulp/domains';
import type { FastifyInstance } from 'fastify';

type UrlSettings = Pick<PulpSettings, 'API_ROOT' | 'DOMAIN_ENABLED'>;

/** The domain a request's URL named, kept on the raw request by the rewrite. */
const DOMAIN = Symbol('pulp:domain');
type DomainRequest = IncomingMessage & { [DOMAIN]?: string };

/** A domain segment: Pulp's slug (rest-api.md §1). */
const DOMAIN_SEGMENT = /^[-a-zA-Z0-9_]{1,50}$/;

/**
 * Below `/pulp/api/v3/`: what is never in a domain (Pulp's docs_and_status, with the assets of the
 * two documentation pages); also answered in one.
 */
const OUTSIDE_DOMAINS = /^(?:(?:status|livez)\/(?:\?|$)|docs\/|swagger\/)/;

/** Whether a path below `/pulp/api/v3/` (`status/`, `repositories/`…) is one that is never in a domain. */
export function outsideDomains(path: string): boolean {
  return OUTSIDE_DOMAINS.test(path);
}

/**
 * With DOMAIN_ENABLED, Fastify's `rewriteUrl`: `/pulp/<domain>/api/v3/<rest>` is routed as
 * `/pulp/api/v3/<rest>`, where every route is registered once, and the domain is kept on the
 * request. Clients still see the URL they asked for (`originalUrl`: pagination links, logs).
 */
export function domainUrlRewrite(
  settings: UrlSettings,
): ((request: IncomingMessage | Http2ServerRequest) => string) | undefined {
  if (!settings.DOMAIN_ENABLED) {
    return undefined;
  }
  const root = settings.API_ROOT;
  const api = rootApiPath(settings);
  return (request: DomainRequest | Http2ServerRequest) => {
    const url = request.url ?? '/';
    if (!url.startsWith(root)) {
      return url;
    }
    const rest = url.slice(root.length);
    const slash = rest.indexOf('/');
    const domain = rest.slice(0, slash);
    if (slash < 1 || !rest.startsWith('api/v3/', slash + 1) || !DOMAIN_SEGMENT.test(domain)) {
      return url;
    }
    (request as DomainRequest)[DOMAIN] = domain;
    return `${api}${rest.slice(slash + 1 + 'api/v3/'.length)}`;
  };
}

/** The domain of a name, or undefined when none has it. */
export type FindDomain = (name: string) => Promise<DomainRef | undefined>;

/**
 * With DOMAIN_ENABLED, resources answer only under a domain: `/pulp/api/v3/<resource>` is a 404, as
 * is a domain that does not exist. A request naming one is served in it (`currentDomain()`): its
 * reads, writes and hrefs are that domain's.
 */
export function installDomainRouting(fastify: FastifyInstance, settings: UrlSettings, findDomain: FindDomain): void {
  if (!settings.DOMAIN_ENABLED) {
    return;
  }
  const api = rootApiPath(settings);
  fastify.addHook('onRequest', (request, reply, done) => {
    const name = (request.raw as DomainRequest)[DOMAIN];
    if (name === undefined) {
      const path = request.url.startsWith(api) ? request.url.slice(api.length) : undefined;
      if (path !== undefined && !outsideDomains(path)) {
        void reply.code(404).send({ detail: 'Not found.' });
        return;
      }
      done();
      return;
    }
    findDomain(name).then(
      (domain) => {
        if (domain) {
          inDomain(domain, done);
        } else {
          void reply.code(404).send({ detail: 'Not found.' });
        }
      },
      (error: Error) => done(error),
    );
  });
}
