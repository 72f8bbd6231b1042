import { applyDecorators, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { PulpError } from '@pulp/errors';
import { NoAccessPolicy, Public } from '@pulp/rbac';
import { DJANGO_LANGUAGES } from './django-languages';
import { OpenApiDocumentService } from './openapi-document.service';
import { documentVariant } from './pulp-openapi';

const DESCRIPTION =
  'OpenApi3 schema for this API. Format can be selected via content negotiation.\n\n' +
  '- YAML: application/vnd.oai.openapi\n- JSON: application/vnd.oai.openapi+json';

/** The decorators both schema operations share; only the id, tag and media types differ. */
const SchemaOperation = (operationId: string, tag: string, mediaTypes: [string, string]) =>
  applyDecorators(
    Public(),
    ApiTags(tag),
    ApiOperation({ operationId, description: DESCRIPTION }),
    ApiQuery({ name: 'lang', required: false, enum: DJANGO_LANGUAGES }),
    ApiProduces(...mediaTypes),
    ApiOkResponse({ schema: { type: 'object' }, description: '' }),
  );

/**
 * The schema pulp-glue downloads (no credentials needed), as JSON or YAML.
 * Variants (query parameters undeclared, as in Pulp's schema): `?component=core,file` keeps those
 * components' operations, `?bindings` names operations by their bare action, `?pk_path` keeps raw
 * member paths (`…/tasks/{pulp_id}/`) instead of href placeholders.
 */
@NoAccessPolicy()
@Controller('docs')
export class OpenApiController {
  constructor(private readonly documents: OpenApiDocumentService) {}

  @Get('api.json')
  @SchemaOperation('docs_api.json_get', 'Docs: Api.Json', ['application/vnd.oai.openapi+json', 'application/json'])
  json(@Req() request: FastifyRequest): Record<string, unknown> {
    return this.variant(request);
  }

  @Get('api.yaml')
  @SchemaOperation('docs_api.yaml_get', 'Docs: Api.Yaml', ['application/vnd.oai.openapi', 'application/yaml'])
  yaml(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('application/yaml');
    return stringify(this.variant(request), { aliasDuplicateObjects: false });
  }

  private variant(request: FastifyRequest): Record<string, unknown> {
    const document = this.documents.get();
    // Read from the raw query: a @Query() parameter would be declared in the schema, and Pulp's is not.
    const query = request.query as Record<string, string | string[] | undefined>;
    if ('plugin' in query) {
      throw new PulpError('invalid', 'PLP0002', "The 'plugin' parameter has been removed; use 'component'.");
    }
    // A repeated parameter arrives as a list: Django reads its last value.
    const component = [query.component ?? []].flat().at(-1);
    const labels = component?.split(',').map((label) => label.trim());
    const known = Object.keys((document.info as Record<string, Record<string, string>>)['x-pulp-app-versions']);
    if (labels?.some((label) => !known.includes(label))) {
      throw new PulpError('invalid', 'PLP0002', 'Invalid component specified.');
    }
    return documentVariant(document, {
      serverUrl: `${request.protocol}://${request.host}/`,
      components: labels,
      bindings: 'bindings' in query,
      pkPath: 'pk_path' in query,
    });
  }
}
