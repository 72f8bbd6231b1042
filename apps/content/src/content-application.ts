import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppStatusService, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import { fastifyOptions, installWireRules, type AccessLog } from '@pulp/http';
import type { PluginDefinition } from '@pulp/plugin-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContentModule } from './content.module';
import { ResponseCache } from './response-cache/response-cache';
import { ContentServer } from './serving/content-server';
import { DatabaseOutage, UNAVAILABLE_BODY } from './serving/database-outage';

/**
 * The content app, ready to listen. Its routes are Fastify's own rather than Nest controllers: a
 * served file is the hot path, and it needs neither pipes, guards nor interceptors (nor their cost).
 */
export async function createContentApplication(
  context: ProcessContext,
  identity: ProcessIdentity,
  plugins: readonly PluginDefinition[],
  options: { timeoutSeconds: number; accessLog?: AccessLog },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ContentModule.forRoot(context, identity, plugins),
    new FastifyAdapter({ ...fastifyOptions(options.timeoutSeconds), routerOptions: { ignoreTrailingSlash: false } }),
    { logger: context.logger, abortOnError: false, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  const appStatus = app.get(AppStatusService);
  installWireRules(fastify, {
    accessLog: options.accessLog,
    telemetry: {
      app: 'content',
      workerName: () => appStatus.name,
    },
  });
  const server = app.get(ContentServer);
  // CACHE_ENABLED: Redis answers what it can, and keeps what the content server answers (spec §8).
  const cache = context.loaded.settings.CACHE_ENABLED ? app.get(ResponseCache) : undefined;
  const serve = cache
    ? (request: FastifyRequest, reply: FastifyReply) => cache.serve(request, reply, () => server.handle(request, reply))
    : (request: FastifyRequest, reply: FastifyReply) => server.handle(request, reply);
  const outage = app.get(DatabaseOutage);
  const logger = new Logger('content');
  const prefix = context.loaded.settings.CONTENT_PATH_PREFIX;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await serve(request, reply);
    } catch (error) {
      // An unreachable database is an outage (logged once), not a bug in this request (logged with its stack).
      const unavailable = outage.noticed(error);
      if (!unavailable) {
        logger.error(
          `${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      if (!reply.sent && !reply.raw.headersSent) {
        await (unavailable
          ? reply.code(503).type('text/plain; charset=utf-8').send(UNAVAILABLE_BODY)
          : reply.code(500).type('text/plain; charset=utf-8').send('500: Internal Server Error'));
      }
    }
  };
  // The prefix without its slash (redirected), below it, and outside it, where there is nothing, said
  // as aiohttp says it (Nest keeps the not-found handler for itself). A prefix of `/` is all of them.
  const urls = prefix === '/' ? ['/*'] : [prefix.slice(0, -1), `${prefix}*`, '/*'];
  for (const url of urls) {
    fastify.route({ method: ['GET', 'HEAD'], url, handler, exposeHeadRoute: false });
  }
  return app;
}
