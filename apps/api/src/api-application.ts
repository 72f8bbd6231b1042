import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppStatusService, type ProcessContext, type ProcessIdentity } from '@pulp/core';
import { rootApiPath } from '@pulp/config';
import { TableChanges } from '@pulp/database';
import { DomainDirectory } from '@pulp/domains';
import { fastifyOptions, installMultipart, installWireRules, type AccessLog } from '@pulp/http';
import type { PluginDefinition } from '@pulp/plugin-api';
import { authenticationSchemes, installCallerContext } from '@pulp/rbac';
import type { ChecksumAlgorithm } from '@pulp/storage';
import { ApiModule } from './api.module';
import { domainUrlRewrite, installDomainRouting } from './domain-routing';
import { AUTH_LOGIN_PATH } from './login/auth-login.controller';
import { OpenApiDocumentService } from './openapi/openapi-document.service';
import { documentVariant, toPulpDocument } from './openapi/pulp-openapi';

export interface ApiApplicationOptions {
  timeoutSeconds: number;
  accessLog?: AccessLog;
}

/** `/pulp/api/v3/` for the default API_ROOT: where the routes are registered, domains or not. */
export function apiBase(context: ProcessContext): string {
  return rootApiPath(context.loaded.settings);
}

async function createNestApp(
  context: ProcessContext,
  identity: ProcessIdentity,
  plugins: readonly PluginDefinition[],
  { preview, timeoutSeconds }: { preview: boolean; timeoutSeconds: number },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(context, identity, plugins),
    new FastifyAdapter({ ...fastifyOptions(timeoutSeconds), rewriteUrl: domainUrlRewrite(context.loaded.settings) }),
    // Preview mode (schema only) warns loudly that nothing is instantiated: that is the point, so only errors show.
    { logger: preview ? ['error', 'fatal'] : context.logger, preview, abortOnError: false, bodyParser: false },
  );
  app.setGlobalPrefix(apiBase(context).slice(1, -1), { exclude: [AUTH_LOGIN_PATH] });
  return app;
}

function pulpDocument(app: NestFastifyApplication, context: ProcessContext): Record<string, unknown> {
  // Tags are Pulp's, declared on each controller; never derived from class names.
  const generated = SwaggerModule.createDocument(app, new DocumentBuilder().build(), { autoTagControllers: false });
  return toPulpDocument(generated, {
    components: context.components,
    domainEnabled: context.loaded.settings.DOMAIN_ENABLED,
    apiRoot: context.loaded.settings.API_ROOT,
    securitySchemes: authenticationSchemes(context.loaded.settings),
  });
}

/** The REST API, ready to listen: wire rules, schema, Swagger UI and static assets installed. */
export async function createApiApplication(
  context: ProcessContext,
  identity: ProcessIdentity,
  plugins: readonly PluginDefinition[],
  options: ApiApplicationOptions,
): Promise<NestFastifyApplication> {
  const app = await createNestApp(context, identity, plugins, {
    preview: false,
    timeoutSeconds: options.timeoutSeconds,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const appStatus = app.get(AppStatusService);
  installWireRules(fastify, {
    accessLog: options.accessLog,
    telemetry: {
      app: 'api',
      workerName: () => appStatus.name,
    },
  });
  const domains = app.get(DomainDirectory);
  installDomainRouting(fastify, context.loaded.settings, (name) => domains.byName(name));
  installCallerContext(fastify);
  const { FILE_UPLOAD_TEMP_DIR, ALLOWED_CONTENT_CHECKSUMS } = context.loaded.settings;
  await installMultipart(fastify, {
    dir: FILE_UPLOAD_TEMP_DIR,
    algorithms: ALLOWED_CONTENT_CHECKSUMS as ChecksumAlgorithm[],
  });
  // A write this process answered makes its own cached pages stale at once, before the client can
  // ask again (other processes learn it from the commit's notification).
  const changes = app.get(TableChanges);
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      changes.bump();
    }
    done(null, payload);
  });
  const document = pulpDocument(app, context);
  app.get(OpenApiDocumentService).set(document);
  const base = apiBase(context);
  for (const page of ['docs', 'swagger']) {
    SwaggerModule.setup(`${base}${page}`, app, document as never, {
      raw: false,
      customSiteTitle: 'Pulp 3 API',
      swaggerOptions: { url: `${base}docs/api.json` },
    });
  }
  const { STATIC_ROOT, STATIC_URL } = context.loaded.settings;
  if (existsSync(STATIC_ROOT)) {
    app.useStaticAssets({ root: STATIC_ROOT, prefix: STATIC_URL, decorateReply: false });
  } else {
    context.logger.warn(`STATIC_ROOT ${STATIC_ROOT} does not exist: run \`pulpcore-manager collectstatic\``, 'api');
  }
  return app;
}

/** The schema alone, without a database connection or a server (`pulpcore-manager openapi`). */
export async function generateOpenApiDocument(
  context: ProcessContext,
  identity: ProcessIdentity,
  plugins: readonly PluginDefinition[],
): Promise<Record<string, unknown>> {
  const app = await createNestApp(context, identity, plugins, { preview: true, timeoutSeconds: 0 });
  try {
    return documentVariant(pulpDocument(app, context));
  } finally {
    await app.close();
  }
}
