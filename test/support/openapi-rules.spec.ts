import { resolve } from 'node:path';
import { contractDocument, readReferenceContract } from '../../src/tools/openapi-contract';
import { openApiViolations } from './openapi-rules';

// The checker must accept Pulp's own document (its committed contract, which keeps everything but
// prose) and catch each rule's breach, or the e2e test proves nothing.
const reference = contractDocument(readReferenceContract(resolve(__dirname, '../..')));

const minimal = () => ({
  openapi: '3.1.1',
  info: { title: 'Pulp 3 API', version: 'v3', 'x-pulp-app-versions': { core: '3.102.0' } },
  paths: {
    '/pulp/api/v3/status/': {
      get: {
        operationId: 'status_read',
        responses: {
          '200': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/S' } } } },
        },
      },
    },
  } as Record<string, any>,
  components: {
    schemas: { S: { type: 'object' } } as Record<string, any>,
    securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } } as Record<string, any>,
  },
});

describe('openApiViolations', () => {
  it("accepts Pulp 3.102's own schema", () => {
    expect(openApiViolations(reference)).toEqual([]);
  });

  it('accepts a minimal valid document', () => {
    expect(openApiViolations(minimal())).toEqual([]);
  });

  it.each<[string, (doc: ReturnType<typeof minimal>) => void, string]>([
    [
      'a missing operationId',
      (doc) => delete doc.paths['/pulp/api/v3/status/'].get.operationId,
      'operationId is required',
    ],
    [
      'a response without description',
      (doc) => delete doc.paths['/pulp/api/v3/status/'].get.responses['200'].description,
      'description is required',
    ],
    ['an unknown operation key', (doc) => (doc.paths['/pulp/api/v3/status/'].get.bogus = 1), 'unknown key "bogus"'],
    [
      'a $ref with siblings',
      (doc) => (doc.components.schemas.T = { $ref: '#/components/schemas/S', nullable: true }),
      'may not have siblings',
    ],
    [
      'a dangling $ref',
      (doc) => (doc.components.schemas.T = { $ref: '#/components/schemas/Nope' }),
      'does not resolve',
    ],
    [
      'numeric exclusiveMinimum',
      (doc) => (doc.components.schemas.T = { type: 'integer', exclusiveMinimum: 0 }),
      'must be a boolean',
    ],
    [
      'array examples',
      (doc) => (doc.components.schemas.T = { type: 'string', examples: ['a'] }),
      'examples must be an object map',
    ],
    [
      'an unknown security scheme type',
      (doc) => (doc.components.securitySchemes.x = { type: 'magic' }),
      'unknown type "magic"',
    ],
    [
      'an extension on a security scheme',
      (doc) => (doc.components.securitySchemes.basicAuth['x-y'] = 1),
      'not allowed for http',
    ],
    [
      'an optional path parameter',
      (doc) =>
        (doc.paths['/pulp/api/v3/status/'].get.parameters = [{ name: 'x', in: 'path', schema: { type: 'string' } }]),
      'must be required',
    ],
    ['a non-PEP 440 version', (doc) => (doc.info['x-pulp-app-versions'].core = 'v3'), 'is not PEP 440'],
    ['no core version', (doc) => (doc.info['x-pulp-app-versions'] = {} as never), 'must name the core version'],
  ])('reports %s', (_case, breakIt, message) => {
    const document = minimal();
    breakIt(document);
    expect(openApiViolations(document).join('\n')).toContain(message);
  });
});
