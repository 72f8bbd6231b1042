import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The part of an OpenAPI document clients depend on, without prose: per operation its id, method,
 * path, parameters (name, `in`, schema), request body (media types and schema), response status
 * codes (with their schemas), security and tags; the component schemas (so every request body's
 * field names and required fields) and the security schemes. Pulp's reference reduced to this is
 * committed as test/fixtures (tools/openapi-contract.js writes it), so that tests and
 * `npm run schema:coverage` need nothing outside the checkout.
 */
type Json = Record<string, unknown>;

export interface ContractOperation {
  operationId: string;
  method: string;
  path: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
  tags?: string[];
}

export interface OpenApiContract {
  info: { title: string; version: string; 'x-pulp-app-versions': Record<string, string> };
  securitySchemes: Record<string, unknown>;
  operations: ContractOperation[];
  schemas: Record<string, unknown>;
}

/** The committed contract of the Pulp release we reproduce, relative to the repository root. */
const REFERENCE_CONTRACT = 'test/fixtures/pulpcore-3.102.0-contract.json';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PROSE = new Set(['description', 'summary']);

export function readReferenceContract(repositoryRoot: string): OpenApiContract {
  return JSON.parse(readFileSync(join(repositoryRoot, REFERENCE_CONTRACT), 'utf8')) as OpenApiContract;
}

/** Drops prose (string `description`s and `summary`s, not properties of those names) and sorts object keys. */
export function withoutProse(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutProse);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => !(PROSE.has(key) && typeof (value as Json)[key] === 'string'))
        .map((key) => [key, withoutProse((value as Json)[key])]),
    );
  }
  return value;
}

/** One operation's contract; keys it does not have stay absent. */
export function contractOperation(path: string, method: string, operation: Json): ContractOperation {
  const contract: Json = { operationId: operation.operationId, method, path };
  for (const key of ['parameters', 'requestBody', 'responses', 'security', 'tags']) {
    if (operation[key] !== undefined) {
      contract[key] = withoutProse(operation[key]);
    }
  }
  return contract as unknown as ContractOperation;
}

export function openApiContract(document: Json): OpenApiContract {
  const info = document.info as OpenApiContract['info'];
  const components = (document.components ?? {}) as Json;
  const operations = Object.entries((document.paths ?? {}) as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => contractOperation(path, method, item[method] as Json)),
  );
  return {
    info: { title: info.title, version: info.version, 'x-pulp-app-versions': info['x-pulp-app-versions'] },
    securitySchemes: withoutProse(components.securitySchemes ?? {}) as Json,
    operations: operations.sort((a, b) => (a.operationId < b.operationId ? -1 : 1)),
    schemas: withoutProse(components.schemas ?? {}) as Json,
  };
}

/** The contract as an OpenAPI document again (responses get the empty description OpenAPI requires). */
export function contractDocument(contract: OpenApiContract): Json {
  const paths: Record<string, Json> = {};
  for (const { method, path, responses, ...operation } of contract.operations) {
    const described = Object.fromEntries(
      Object.entries(responses).map(([status, response]) => [status, { description: '', ...(response as Json) }]),
    );
    paths[path] = { ...paths[path], [method]: { ...operation, responses: described } };
  }
  return {
    openapi: '3.1.1',
    info: contract.info,
    paths,
    components: { schemas: contract.schemas, securitySchemes: contract.securitySchemes },
  };
}

/** Deterministic text, one operation or schema per line, so that a newer reference diffs readably. */
export function renderContract(contract: OpenApiContract): string {
  const entries = (pairs: string[]) => pairs.map((pair) => `    ${pair}`).join(',\n');
  return [
    '{',
    `  "info": ${JSON.stringify(withoutProse(contract.info))},`,
    `  "securitySchemes": ${JSON.stringify(contract.securitySchemes)},`,
    '  "operations": [',
    entries(contract.operations.map((operation) => JSON.stringify(operation))),
    '  ],',
    '  "schemas": {',
    entries(
      Object.keys(contract.schemas)
        .sort()
        .map((name) => `${JSON.stringify(name)}: ${JSON.stringify(contract.schemas[name])}`),
    ),
    '  }',
    '}',
    '',
  ].join('\n');
}
