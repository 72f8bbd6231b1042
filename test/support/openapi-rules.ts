/**
 * The rules pulp-glue's strict parser applies to our OpenAPI document (spec/client-contract.md §2):
 * a document breaking one makes the real `pulp` CLI fail before it sends anything.
 * Returns one message per violation, naming where it is.
 */
type Json = Record<string, unknown>;

const OBJECT_KEYS: Record<string, string[]> = {
  root: [
    'openapi',
    'info',
    'jsonSchemaDialect',
    'servers',
    'paths',
    'webhooks',
    'components',
    'security',
    'tags',
    'externalDocs',
  ],
  info: ['title', 'summary', 'description', 'termsOfService', 'contact', 'license', 'version'],
  contact: ['name', 'url', 'email'],
  license: ['name', 'identifier', 'url'],
  server: ['url', 'description', 'variables'],
  pathItem: [
    'summary',
    'description',
    'get',
    'put',
    'post',
    'delete',
    'options',
    'head',
    'patch',
    'trace',
    'servers',
    'parameters',
  ],
  operation: [
    'tags',
    'summary',
    'description',
    'externalDocs',
    'operationId',
    'parameters',
    'requestBody',
    'responses',
    'callbacks',
    'deprecated',
    'security',
    'servers',
  ],
  parameter: [
    'name',
    'in',
    'description',
    'required',
    'deprecated',
    'allowEmptyValue',
    'style',
    'explode',
    'schema',
    'example',
    'examples',
    'content',
  ],
  requestBody: ['description', 'content', 'required'],
  response: ['description', 'headers', 'content', 'links'],
  mediaType: ['schema', 'example', 'examples', 'encoding'],
  components: [
    'schemas',
    'responses',
    'parameters',
    'examples',
    'requestBodies',
    'headers',
    'securitySchemes',
    'links',
    'callbacks',
    'pathItems',
  ],
  tag: ['name', 'description', 'externalDocs'],
  header: ['description', 'required', 'deprecated', 'style', 'schema', 'example', 'examples', 'content'],
};
const SECURITY_SCHEME_KEYS: Record<string, string[]> = {
  apiKey: ['type', 'description', 'name', 'in'],
  http: ['type', 'description', 'scheme', 'bearerFormat'],
  mutualTLS: ['type', 'description'],
  oauth2: ['type', 'description', 'flows'],
  openIdConnect: ['type', 'description', 'openIdConnectUrl'],
};
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PEP440 = /^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d*)?$/;

export function openApiViolations(document: Json): string[] {
  const problems: string[] = [];
  const strict = (value: unknown, kind: string, where: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${where}: must be an object`);
      return;
    }
    for (const key of Object.keys(value)) {
      if (!key.startsWith('x-') && !OBJECT_KEYS[kind].includes(key)) {
        problems.push(`${where}: unknown key "${key}" in ${kind}`);
      }
    }
  };

  strict(document, 'root', '#');
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
    problems.push('#/openapi: must start with "3."');
  }
  const info = (document.info ?? {}) as Json;
  strict(info, 'info', '#/info');
  for (const key of ['title', 'version']) {
    if (typeof info[key] !== 'string') {
      problems.push(`#/info/${key}: required`);
    }
  }
  if (info.contact) {
    strict(info.contact, 'contact', '#/info/contact');
  }
  if (info.license) {
    strict(info.license, 'license', '#/info/license');
    if (typeof (info.license as Json).name !== 'string') {
      problems.push('#/info/license/name: required');
    }
  }
  const versions = info['x-pulp-app-versions'] as Record<string, string> | undefined;
  if (!versions || typeof versions.core !== 'string') {
    problems.push('#/info/x-pulp-app-versions: must name the core version');
  }
  for (const [component, version] of Object.entries(versions ?? {})) {
    if (!PEP440.test(version)) {
      problems.push(`#/info/x-pulp-app-versions/${component}: "${version}" is not PEP 440`);
    }
  }
  for (const [index, server] of ((document.servers as unknown[]) ?? []).entries()) {
    strict(server, 'server', `#/servers/${index}`);
  }

  const components = (document.components ?? {}) as Json;
  strict(components, 'components', '#/components');
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  for (const [name, scheme] of Object.entries((components.securitySchemes ?? {}) as Record<string, Json>)) {
    const allowed = SECURITY_SCHEME_KEYS[scheme.type as string];
    const where = `#/components/securitySchemes/${name}`;
    if (!allowed) {
      problems.push(`${where}: unknown type "${String(scheme.type)}"`);
      continue;
    }
    for (const key of Object.keys(scheme)) {
      if (!allowed.includes(key)) {
        problems.push(`${where}: key "${key}" not allowed for ${String(scheme.type)}`);
      }
    }
    if (scheme.type === 'apiKey' && (!scheme.name || !scheme.in)) {
      problems.push(`${where}: apiKey needs name and in`);
    }
    if (scheme.type === 'http' && !scheme.scheme) {
      problems.push(`${where}: http needs scheme`);
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    checkSchema(schema, `#/components/schemas/${name}`, schemas, problems);
  }

  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>)) {
    const where = `#/paths/${path}`;
    if (!path.startsWith('/') && !path.startsWith('{')) {
      problems.push(`${where}: a path starts with "/" or a placeholder`);
    }
    strict(item, 'pathItem', where);
    if ('$ref' in item) {
      problems.push(`${where}: PathItem $ref is not supported`);
    }
    for (const method of METHODS.filter((candidate) => candidate in item)) {
      const operation = item[method] as Json;
      const at = `${where}/${method}`;
      strict(operation, 'operation', at);
      const id = operation.operationId;
      if (typeof id !== 'string' || id === '') {
        problems.push(`${at}: operationId is required`);
      } else if (operationIds.has(id)) {
        problems.push(`${at}: operationId ${id} is used twice`);
      } else {
        operationIds.add(id);
      }
      const parameters = (operation.parameters ?? []) as Json[];
      parameters.forEach((parameter, index) =>
        checkParameter(parameter, `${at}/parameters/${index}`, schemas, problems, strict),
      );
      if (parameters.filter((parameter) => parameter.in === 'path').length > 1) {
        problems.push(`${at}: pulp-glue substitutes only one path parameter`);
      }
      if (operation.requestBody) {
        const body = operation.requestBody as Json;
        strict(body, 'requestBody', `${at}/requestBody`);
        if (!body.content) {
          problems.push(`${at}/requestBody: content is required`);
        }
        checkContent(body.content, `${at}/requestBody`, schemas, problems, strict);
      }
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      if (Object.keys(responses).length === 0) {
        problems.push(`${at}: no responses`);
      }
      for (const [status, response] of Object.entries(responses)) {
        strict(response, 'response', `${at}/responses/${status}`);
        if (typeof response.description !== 'string') {
          problems.push(`${at}/responses/${status}: description is required`);
        }
        checkContent(response.content, `${at}/responses/${status}`, schemas, problems, strict);
      }
      for (const requirement of (operation.security ?? []) as Json[]) {
        for (const scheme of Object.keys(requirement)) {
          if (!(scheme in ((components.securitySchemes ?? {}) as Json))) {
            problems.push(`${at}: unknown security scheme ${scheme}`);
          }
        }
      }
    }
  }
  return problems;
}

function checkParameter(
  parameter: Json,
  where: string,
  schemas: Record<string, unknown>,
  problems: string[],
  strict: (value: unknown, kind: string, where: string) => void,
): void {
  strict(parameter, 'parameter', where);
  if (typeof parameter.name !== 'string') {
    problems.push(`${where}: name is required`);
  }
  if (!['query', 'header', 'path', 'cookie'].includes(parameter.in as string)) {
    problems.push(`${where}: bad "in"`);
  }
  if (!parameter.schema && !parameter.content) {
    problems.push(`${where}: needs schema or content`);
  }
  if (parameter.in === 'path' && parameter.required !== true) {
    problems.push(`${where}: a path parameter must be required`);
  }
  if (parameter.schema) {
    checkSchema(parameter.schema, `${where}/schema`, schemas, problems);
  }
}

function checkContent(
  content: unknown,
  where: string,
  schemas: Record<string, unknown>,
  problems: string[],
  strict: (value: unknown, kind: string, where: string) => void,
): void {
  for (const [type, media] of Object.entries((content ?? {}) as Record<string, Json>)) {
    strict(media, 'mediaType', `${where}/content/${type}`);
    if (!media.schema) {
      problems.push(`${where}/content/${type}: schema is required`);
    } else {
      checkSchema(media.schema, `${where}/content/${type}/schema`, schemas, problems);
    }
  }
}

function checkSchema(schema: unknown, where: string, schemas: Record<string, unknown>, problems: string[]): void {
  if (typeof schema === 'boolean') {
    return;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    problems.push(`${where}: a schema must be an object or a boolean`);
    return;
  }
  const node = schema as Json;
  if ('$ref' in node) {
    const ref = String(node.$ref);
    const extra = Object.keys(node).filter((key) => !['$ref', 'summary', 'description'].includes(key));
    if (extra.length > 0) {
      problems.push(`${where}: a $ref may not have siblings ${extra.join(', ')} (wrap it in allOf)`);
    }
    if (!ref.startsWith('#/components/schemas/') || !(ref.slice('#/components/schemas/'.length) in schemas)) {
      problems.push(`${where}: $ref ${ref} does not resolve into #/components/schemas/`);
    }
    return;
  }
  if ('examples' in node && (typeof node.examples !== 'object' || Array.isArray(node.examples))) {
    problems.push(`${where}: examples must be an object map (use example)`);
  }
  if (
    Array.isArray(node.enum) &&
    node.type !== undefined &&
    node.enum.some((value) => typeof value !== 'string' && value !== null)
  ) {
    problems.push(`${where}: enum values must be strings`);
  }
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
    if (key in node && typeof node[key] !== 'boolean') {
      problems.push(`${where}: ${key} must be a boolean for pulp-glue`);
    }
  }
  if ('multipleOf' in node && !Number.isInteger(node.multipleOf)) {
    problems.push(`${where}: multipleOf must be an integer`);
  }
  if (Array.isArray(node.items)) {
    problems.push(`${where}: items must be a single schema`);
  }
  if (node.items) {
    checkSchema(node.items, `${where}/items`, schemas, problems);
  }
  for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, unknown>)) {
    checkSchema(property, `${where}/properties/${name}`, schemas, problems);
  }
  if (typeof node.additionalProperties === 'object') {
    checkSchema(node.additionalProperties, `${where}/additionalProperties`, schemas, problems);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    ((node[key] ?? []) as unknown[]).forEach((branch, index) =>
      checkSchema(branch, `${where}/${key}/${index}`, schemas, problems),
    );
  }
}
