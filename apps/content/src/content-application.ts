import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ProcessContext, ProcessIdentity } from '@pulp/core';
import { fastifyOptions, installWireRules, type AccessLog } from '@pulp/http';
import type { PluginDefinition } from '@pulp/plugin-api';
import { ContentModule } from './content.module';

/** The content app, ready to listen under CONTENT_PATH_PREFIX. */
export async function createContentApplication(
  context: ProcessContext,
  identity: ProcessIdentity,
  plugins: readonly PluginDefinition[],
  options: { timeoutSeconds: number; accessLog?: AccessLog },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ContentModule.forRoot(context, identity, plugins),
    new FastifyAdapter(fastifyOptions(options.timeoutSeconds)),
    { logger: context.logger, abortOnError: false, bodyParser: false },
  );
  installWireRules(app.getHttpAdapter().getInstance(), options.accessLog);
  app.setGlobalPrefix(context.loaded.settings.CONTENT_PATH_PREFIX.slice(1, -1));
  return app;
}
