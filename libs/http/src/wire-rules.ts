import type { FastifyInstance } from 'fastify';
import { asyncContext } from '@pulp/async-context';
import { acceptCorrelationId, withCorrelationId } from '@pulp/logging';
import type { AccessLog } from './access-log';
import { PulpServerResponse } from './header-case';
import { requestTracer, type RequestTelemetryOptions } from './request-telemetry';
import { recordRoutes } from './route-methods';

/** Fastify options every Pulp HTTP process shares. */
export function fastifyOptions(timeoutSeconds: number) {
  return {
    // A request's id is its Correlation-ID: the client's when valid, else a fresh one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      acceptCorrelationId(singleHeader(request.headers['correlation-id'])),
    requestTimeout: timeoutSeconds * 1000,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: false },
    // X-Forwarded-* are believed only from this host (a local reverse proxy); anyone else could spoof them.
    trustProxy: '127.0.0.1,::1',
    logger: false,
    // Header names as Pulp spells them on the wire (`Correlation-ID`, not Fastify's `correlation-id`).
    http: { ServerResponse: PulpServerResponse },
  };
}

/**
 * The HTTP rules Pulp clients rely on, applied to every route:
 * a `Correlation-ID` header on every response (and on every log line written for the request),
 * JSON labelled exactly `application/json` (pulp-glue compares the header literally), the access log,
 * and (when OpenTelemetry is on) a span and a duration per request.
 * (Errors, Fastify's own included, reach PulpExceptionFilter through Nest's error handler; the routes
 * are recorded so that it can answer 405 rather than 404 for a known path.) Call before the routes
 * are registered.
 */
export function installWireRules(
  fastify: FastifyInstance,
  { accessLog, telemetry }: { accessLog?: AccessLog; telemetry: RequestTelemetryOptions },
): void {
  recordRoutes(fastify);
  // One hook and one context for what every request carries: its correlation id and, with telemetry
  // on, its span (each hook and each context run more showed in a small file's serving).
  const traced = requestTracer(telemetry);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('Correlation-ID', request.id);
    const correlated = withCorrelationId(request.id);
    // asyncContext is also OpenTelemetry's context store (SharedContextManager), so the span rides in it.
    asyncContext.run(traced ? traced(request, reply, correlated) : correlated, done);
  });
  // Our body parsers (the apps create Nest with bodyParser: false). Like Django: an empty JSON body
  // is no body (a DELETE sent with a JSON content type), a malformed one a 400 with DRF's wording.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, formFields(new URLSearchParams(body as string))),
  );
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(new Error(`JSON parse error - ${(error as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^application\/json\s*;/.test(type)) {
      reply.header('content-type', 'application/json');
    }
    done(null, payload);
  });
  if (accessLog) {
    fastify.addHook('onResponse', (request, reply, done) => {
      accessLog(request, reply);
      done();
    });
  }
}

/** Marks a body built from form fields (all text): DTO parsing reads its values by their declared types. */
export const FORM_BODY = Symbol.for('pulp.form-body');

/** Form fields as a body: a repeated field becomes a list of its values, as Django's QueryDict.getlist reads it. */
function formFields(params: URLSearchParams): Record<string, unknown> {
  // Built from entries, so that a field named `__proto__` is a key like any other, not the prototype.
  const body: Record<string | symbol, unknown> = Object.fromEntries(
    [...new Set(params.keys())].map((key) => {
      const values = params.getAll(key);
      return [key, values.length === 1 ? values[0] : values];
    }),
  );
  body[FORM_BODY] = true;
  return body;
}

/** The first value of a header a client may have repeated. */
export function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
