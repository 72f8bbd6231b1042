import {
  diag,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanOptions,
} from '@opentelemetry/api';
import {
  API_REQUEST_DURATION,
  excludedUrl,
  redactQuery,
  seriesHistogram,
  telemetryEnabled,
  type SeriesHistogram,
} from '@pulp/telemetry';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { routeTemplate, statusClass } from './route-template';

/** How an app reports its requests. */
interface Profile {
  /** The duration histogram. */
  durationMetric: string;
  /**
   * The duration's attribute naming the route. The API's `http.target` is blank when the status is
   * above 400, as in Pulp, so that scanners probing random paths cannot multiply its series.
   */
  routeAttribute: 'http.target' | 'http.route';
  blankRouteAbove400: boolean;
  /** Whether the app's URLs all end in `/`, whatever its routes say (the API). */
  trailingSlash: boolean;
  /** Whether the excluded-URL variables apply (the API only, as Pulp). */
  honourExcludedUrls: boolean;
}

const PROFILES: Record<'api' | 'content', Profile> = {
  api: {
    durationMetric: API_REQUEST_DURATION,
    routeAttribute: 'http.target',
    blankRouteAbove400: true,
    trailingSlash: true,
    honourExcludedUrls: true,
  },
  content: {
    durationMetric: 'content.request_duration',
    routeAttribute: 'http.route',
    blankRouteAbove400: false,
    trailingSlash: false,
    honourExcludedUrls: false,
  },
};

export interface RequestTelemetryOptions {
  app: keyof typeof PROFILES;
  /** `worker.name`: this process's app-status name (it changes if the process is declared missing). */
  workerName: () => string;
}

interface Started {
  span: Span;
  start: number;
  method: string;
  route: string;
}

/** Where a response keeps its request's telemetry until it closes. */
const STARTED = Symbol('request telemetry');
type TracedResponse = ServerResponse & { [STARTED]?: Started };

/**
 * Starts a request's telemetry in `requestContext` (its correlation id, no span) and gives the
 * context to handle it in (installWireRules runs it).
 */
export type RequestTracer = (request: FastifyRequest, reply: FastifyReply, requestContext: Context) => Context;

/**
 * One SERVER span and one duration measurement per request, when telemetry is on (undefined
 * otherwise). The span is in the context the request is handled in, so that whatever the handler
 * starts (a task dispatch, an on-demand download) is its child, and its parent is the caller's
 * `traceparent`, if any. What every request shares (its span options, the close listener) is made
 * once: a small file's serving is short enough for each allocation to show. Call it after
 * startTelemetry: whether telemetry is on, and the headers the propagators read, are read here once.
 */
export function requestTracer({ app, workerName }: RequestTelemetryOptions): RequestTracer | undefined {
  if (!telemetryEnabled()) {
    return undefined;
  }
  const profile = PROFILES[app];
  const tracer = trace.getTracer('pulp');
  const duration = seriesHistogram(profile.durationMetric, { unit: 'ms', description: 'Duration of HTTP requests.' });
  // Per registered route (a few hundred at most), not per URL: computed once each.
  const templates = new Map<string | undefined, string>();
  const templateOf = (url: string | undefined) => {
    let template = templates.get(url);
    if (template === undefined) {
      template = routeTemplate(url, profile.trailingSlash);
      templates.set(url, template);
    }
    return template;
  };
  // The method is an attribute set once sampled, not an option: the SDK copies and checks the
  // options' attributes for every span, sampled or not (our samplers do not read them).
  const spanOptions: SpanOptions = { kind: SpanKind.SERVER };
  // The headers the configured propagators read: without any, extracting finds nothing (and costs).
  const propagated = propagation.fields();
  // 'close', not Fastify's onResponse: a response cut short (the client left, a failed on-demand
  // stream destroyed it) never finishes, and those are the requests most worth seeing.
  function closed(this: TracedResponse) {
    const started = this[STARTED];
    if (started !== undefined) {
      this[STARTED] = undefined;
      finish(started, this, profile, workerName, duration);
    }
  }

  const start = (request: FastifyRequest, reply: FastifyReply, requestContext: Context): Context => {
    if (
      profile.honourExcludedUrls &&
      excludedUrl(`${request.protocol}://${request.host}${splitUrl(request.originalUrl)[0]}`)
    ) {
      return requestContext;
    }
    const route = templateOf(request.routeOptions.url);
    const parent = carries(request.headers, propagated)
      ? propagation.extract(requestContext, request.headers)
      : requestContext;
    const span = tracer.startSpan(route ? `${request.method} ${route}` : request.method, spanOptions, parent);
    // Most requests are not sampled (the content app's default): their attributes would go nowhere.
    if (span.isRecording()) {
      span.setAttributes(requestAttributes(request, route));
    }
    const response: TracedResponse = reply.raw;
    response[STARTED] = { span, start: performance.now(), method: request.method, route };
    // `on`, not `once`: a response closes once, and `once` wraps the listener anew for every request.
    response.on('close', closed);
    return trace.setSpan(parent, span);
  };
  // Telemetry never fails a request: whatever goes wrong in it is reported, and the request handled without it.
  return (request, reply, requestContext) => {
    try {
      return start(request, reply, requestContext);
    } catch (error) {
      diag.error(`Request telemetry of ${request.method} ${request.url} failed`, error);
      return requestContext;
    }
  };
}

function requestAttributes(request: FastifyRequest, route: string): Attributes {
  const [path, query] = splitUrl(request.originalUrl);
  const attributes: Attributes = {
    'http.request.method': request.method,
    'url.scheme': request.protocol,
    'url.path': path,
    'pulp.correlation_id': request.id,
  };
  if (query !== undefined) {
    attributes['url.query'] = redactQuery(query);
  }
  if (route) {
    attributes['http.route'] = route;
  }
  const userAgent = request.headers['user-agent'];
  if (userAgent) {
    attributes['user_agent.original'] = userAgent;
  }
  return attributes;
}

function finish(
  { span, start, method, route }: Started,
  response: ServerResponse,
  profile: Profile,
  workerName: () => string,
  duration: SeriesHistogram,
): void {
  const status = response.statusCode;
  span.setAttribute('http.response.status_code', status);
  if (!response.writableFinished) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'The response was not completed.' });
  } else if (status >= 500) {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
  const statusCode = statusClass(status);
  const routeValue = profile.blankRouteAbove400 && status > 400 ? '' : route;
  const worker = workerName();
  duration.record(`${method} ${statusCode} ${worker} ${routeValue}`, performance.now() - start, () => ({
    'http.method': method,
    'http.status_code': statusCode,
    [profile.routeAttribute]: routeValue,
    'worker.name': worker,
  }));
}

function carries(headers: FastifyRequest['headers'], fields: readonly string[]): boolean {
  for (const field of fields) {
    if (headers[field] !== undefined) {
      return true;
    }
  }
  return false;
}

function splitUrl(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}
