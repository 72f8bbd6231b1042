import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { connectionFailureReason, databasePulpError, isConnectionError } from '@pulp/database';
import { PulpError, PulpValidationError, ThrottledError, type PulpErrorKind } from '@pulp/errors';
import { errorBody } from './error-body';
import { multipartParseError } from './multipart';
import { allowedMethods } from './route-methods';

const STATUS: Record<PulpErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  throttled: 429,
  unavailable: 503,
  internal: 500,
};

/**
 * The single place where errors become HTTP answers with Pulp's bodies:
 * `{"field": ["message"]}` for validation, `{"detail": "…"}` otherwise;
 * an unreachable database is 503 (retry later), anything unexpected a logged 500.
 */
@Catch()
export class PulpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const [status, body] = this.answer(exception, request);
    if (status === 405) {
      void reply.header('Allow', allowedMethods(request.server, pathOf(request.url)).join(', '));
    }
    if (status === 401) {
      const xhr = request.headers['x-requested-with'] === 'XMLHttpRequest';
      void reply.header('WWW-Authenticate', `${xhr ? 'x' : ''}Basic realm="api"`);
    }
    if (exception instanceof ThrottledError) {
      void reply.header('Retry-After', String(exception.waitSeconds));
    }
    void reply.status(status).send(body);
  }

  private answer(thrown: unknown, request: FastifyRequest): [number, unknown] {
    // A unique constraint refusing a row is the caller's error, as Pulp's serializers word it; a creation hook's failure is Pulp's too.
    const exception = databasePulpError(thrown) ?? thrown;
    if (exception instanceof PulpValidationError) {
      return [400, exception.fields];
    }
    if (exception instanceof PulpError) {
      return [STATUS[exception.kind], errorBody(STATUS[exception.kind], exception.message)];
    }
    if (exception instanceof HttpException) {
      // No route for this method: a path that other methods serve is Pulp's 405, not a 404.
      const status =
        exception.getStatus() === 404 && allowedMethods(request.server, pathOf(request.url)).length > 0
          ? 405
          : exception.getStatus();
      return [status, this.httpExceptionBody(status, exception, request)];
    }
    const fastifyStatus = (exception as { statusCode?: unknown }).statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own refusals (malformed JSON, unsupported media type, body too large).
      return [fastifyStatus, errorBody(fastifyStatus, (exception as Error).message)];
    }
    const unparsed = multipartParseError(request, exception);
    if (unparsed) {
      return [400, errorBody(400, unparsed)];
    }
    if (isConnectionError(exception)) {
      this.logger.warn(`Database unavailable: ${connectionFailureReason(exception)}`);
      return [503, errorBody(503, 'The database is unavailable; try again later.')];
    }
    this.logger.error(
      `Unhandled error on ${request.method} ${request.url}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return [500, errorBody(500)];
  }

  private httpExceptionBody(status: number, exception: HttpException, request: FastifyRequest): unknown {
    if (status === 405) {
      return errorBody(405, `Method "${request.method}" not allowed.`);
    }
    if (status === 404) {
      return errorBody(404);
    }
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    return errorBody(
      status,
      Array.isArray(message) ? message.join(' ') : typeof message === 'string' ? message : undefined,
    );
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
