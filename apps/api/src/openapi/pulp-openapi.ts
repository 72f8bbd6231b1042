import type { OpenAPIObject } from '@nestjs/swagger';
import { componentVersions, type VersionComponent } from '@pulp/core';
import { MEMBER_PLACEHOLDER_EXTENSION } from '@pulp/http';
import { LIST_EXTENSION, type ListExtension } from '@pulp/rest';
import { PUBLIC_OPERATION_EXTENSION } from '@pulp/rbac';
import { outsideDomains } from '../domain-routing';

/** Schema extension of a property Pulp leaves untyped (any JSON, e.g. a task's `result`). */
const UNTYPED_EXTENSION = 'x-pulp-untyped';

/** Operation extension naming the component (plugin label) an operation belongs to; absent = core. */
export const COMPONENT_EXTENSION = 'x-pulp-component';
/** Where a member operation keeps its raw path (`…/tasks/{pulp_id}/`) for the `?pk_path` variant. */
const PK_PATH_EXTENSION = 'x-pulp-pk-path';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Who answers for this server, in the schema's `info.contact` and so on the Swagger page. */
const PROJECT_CONTACT = 'pulp-ts (a Pulp-compatible server on NestJS)';

type Json = Record<string, unknown>;
type Operation = Json & { parameters?: Json[]; responses?: Record<string, Json> };

const arrayOfStrings = { type: 'array', items: { type: 'string' } };
const TASK_DIAGNOSTICS = {
  in: 'header',
  name: 'X-Task-Diagnostics',
  schema: arrayOfStrings,
  description: 'List of profilers to use on tasks.',
};
const FIELD_SELECTION = [
  { in: 'query', name: 'fields', schema: arrayOfStrings, description: 'A list of fields to include in the response.' },
  {
    in: 'query',
    name: 'exclude_fields',
    schema: arrayOfStrings,
    description: 'A list of fields to exclude from the response.',
  },
];

/**
 * Reshapes the document @nestjs/swagger generates from our controllers into the one Pulp serves
 * (the contract pulp-glue parses strictly): OpenAPI 3.1.1 with nullable types as type lists,
 * trailing-slash paths, Pulp's info block and security schemes, the parameters Pulp adds to every
 * operation, and explicit `security` on every operation that is not public.
 */
export function toPulpDocument(
  generated: OpenAPIObject,
  options: {
    components: readonly VersionComponent[];
    domainEnabled: boolean;
    /** API_ROOT: with domains, resource paths become `<API_ROOT>{pulp_domain}/api/v3/…`. */
    apiRoot: string;
    securitySchemes: Record<string, Record<string, unknown>>;
  },
): Json {
  const paths: Record<string, Json> = {};
  const pages: Record<string, Json> = {};
  const security = Object.keys(options.securitySchemes).map((name) => ({ [name]: [] }));
  for (const [path, item] of Object.entries(generated.paths)) {
    for (const method of METHODS) {
      const generatedOperation = (item as Json)[method] as Operation | undefined;
      if (generatedOperation) {
        const [operation, page] = listOperation(generatedOperation);
        Object.assign(pages, page);
        const [key, member] = memberPath(
          ...inDomain(withTrailingSlash(path), operation, options.domainEnabled ? options.apiRoot : undefined),
        );
        paths[key] = {
          ...paths[key],
          [method]: shapeOperation(member, method, security, `${method.toUpperCase()} ${path}`),
        };
      }
    }
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Pulp 3 API',
      version: 'v3',
      description: 'Fetch, Upload, Organize, and Distribute Software Packages',
      // This server speaks Pulp's API but is not Pulp: questions about it must not reach Pulp's team.
      contact: { name: PROJECT_CONTACT },
      license: { name: 'GNU General Public License v2.0 or later', identifier: 'GPL-2.0-or-later' },
      'x-pulp-app-versions': componentVersions(options.components),
      'x-pulp-domain-enabled': options.domainEnabled,
    },
    paths,
    components: {
      schemas: { ...sortRequired(toOpenApi31(generated.components?.schemas ?? {})), ...pages },
      securitySchemes: options.securitySchemes,
    },
  };
}

/** The domain path parameter pulp-glue fills with its configured domain (client-contract.md §6). */
const DOMAIN_PARAMETER = { in: 'path', name: 'pulp_domain', schema: { type: 'string' }, required: true, 'x-isDomain': true };

/**
 * With domains (`apiRoot` given), a resource's path is in the domain: `/pulp/{pulp_domain}/api/v3/…`,
 * with the domain as a required path parameter. Status, livez and the docs stay outside domains.
 */
function inDomain(path: string, operation: Operation, apiRoot: string | undefined): [string, Operation] {
  const api = `${apiRoot}api/v3/`;
  if (apiRoot === undefined || !path.startsWith(api) || outsideDomains(path.slice(api.length))) {
    return [path, operation];
  }
  return [
    `${apiRoot}{pulp_domain}/api/v3/${path.slice(api.length)}`,
    { ...operation, parameters: [DOMAIN_PARAMETER, ...(operation.parameters ?? [])] },
  ];
}

/**
 * A member route (`…/tasks/{pulp_id}/…`) of a controller with a member placeholder becomes Pulp's
 * `{task_href}…` path, whose single path parameter is the full href (a nested member's route,
 * `…/{repository_pk}/versions/{pulp_id}/`, names its parent too, inside that href).
 */
function memberPath(path: string, operation: Operation): [string, Operation] {
  const { [MEMBER_PLACEHOLDER_EXTENSION]: placeholder, ...rest } = operation;
  const at = path.indexOf('{pulp_id}/');
  if (typeof placeholder !== 'string' || at < 0) {
    return [path, rest];
  }
  // The placeholder stands for the whole href up to the member: path parameters before it go.
  const prefix = path.slice(0, at);
  const parameters = (rest.parameters ?? [])
    .filter((parameter) => !(parameter.in === 'path' && prefix.includes(`{${String(parameter.name)}}`)))
    .map((parameter) =>
      parameter.in === 'path' && parameter.name === 'pulp_id'
        ? { in: 'path', name: placeholder, schema: { type: 'string' }, required: true }
        : parameter,
    );
  const pkPath = { path, parameters: rest.parameters ?? [] };
  return [
    `{${placeholder}}${path.slice(at + '{pulp_id}/'.length)}`,
    { ...rest, parameters, [PK_PATH_EXTENSION]: pkPath },
  ];
}

/**
 * A list operation (`@ApiList`) gets its pagination and filter parameters and answers
 * `Paginated<Item>List`, DRF's envelope, which keeps OpenAPI 3.0's `nullable` as Pulp's document does.
 */
function listOperation(operation: Operation): [Operation, Record<string, Json>] {
  const { [LIST_EXTENSION]: list, ...rest } = operation as Operation & { [LIST_EXTENSION]?: ListExtension };
  if (!list) {
    return [rest, {}];
  }
  const page = `Paginated${list.item}List`;
  const link = (offset: number) => ({
    type: 'string',
    nullable: true,
    format: 'uri',
    example: `http://api.example.org/accounts/?offset=${offset}&limit=100`,
  });
  const schema = {
    type: 'object',
    properties: {
      count: { type: 'integer', example: 123 },
      next: link(400),
      previous: link(200),
      results: { type: 'array', items: { $ref: `#/components/schemas/${list.item}` } },
    },
  };
  const listed: Operation = {
    ...rest,
    parameters: [...(rest.parameters ?? []), ...list.parameters],
    responses: { '200': { content: { 'application/json': { schema: { $ref: `#/components/schemas/${page}` } } } } },
  };
  return [listed, { [page]: schema }];
}

/** Pulp's endpoints end in `/`, except file-like ones such as `docs/api.json`. */
function withTrailingSlash(path: string): string {
  return path.endsWith('/') || /\.[a-z]+$/.test(path) ? path : `${path}/`;
}

function shapeOperation(operation: Operation, method: string, security: Json[], where: string): Operation {
  if (typeof operation.operationId !== 'string' || operation.operationId === '') {
    throw new Error(`${where} has no operationId: every operation needs @ApiOperation({ operationId })`);
  }
  const { [PUBLIC_OPERATION_EXTENSION]: isPublic, security: _generated, summary, ...rest } = operation;
  // Pulp omits what is empty or default: no blank summaries, no `required: false` (but on DRF's
  // pagination parameters, which list operations bring in their final form). Its parameters,
  // the diagnostics header included, are sorted headers first, then by name (a nested list's path
  // parameter among its filters), and followed by the field selection.
  const own = [
    TASK_DIAGNOSTICS,
    ...(rest.parameters ?? [])
      .map((parameter) =>
        parameter.required === false && !isPagination(parameter) ? omitRequired(parameter) : parameter,
      )
      .map((parameter) => toOpenApi31(parameter)),
  ].sort(
    (a, b) => Number(b.in === 'header') - Number(a.in === 'header') || byCodePoint(String(a.name), String(b.name)),
  );
  const named = new Set(own.map((parameter) => parameter.name));
  const shaped: Operation = {
    ...(summary ? { summary } : {}),
    ...rest,
    parameters: [
      ...own,
      ...(method === 'get' ? FIELD_SELECTION.filter((parameter) => !named.has(parameter.name)) : []),
    ],
    responses: Object.fromEntries(
      Object.entries(rest.responses ?? {}).map(([status, response]) => [
        status,
        toOpenApi31({ ...response, description: response.description ?? '' }),
      ]),
    ),
  };
  if (!isPublic) {
    shaped.security = security;
  }
  return shaped;
}

/** Python's string order, which drf-spectacular sorts by (`_` before lower-case letters). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPagination(parameter: Json): boolean {
  return parameter.in === 'query' && (parameter.name === 'limit' || parameter.name === 'offset');
}

function omitRequired({ required: _required, ...parameter }: Json): Json {
  return parameter;
}

/** OpenAPI 3.0's `nullable: true` becomes 3.1's `type: [T, "null"]` (or `anyOf` beside a `$ref`), recursively. */
export function toOpenApi31<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => toOpenApi31(item)) as T;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const { nullable, [UNTYPED_EXTENSION]: untyped, ...rest } = value as Json;
  if (untyped) {
    delete rest.type;
  }
  const converted: Json = Object.fromEntries(Object.entries(rest).map(([key, child]) => [key, toOpenApi31(child)]));
  if (nullable !== true) {
    return converted as T;
  }
  if (typeof converted.type === 'string') {
    return { ...converted, type: [converted.type, 'null'] } as T;
  }
  if (Array.isArray(converted.type)) {
    return { ...converted, type: [...new Set([...(converted.type as string[]), 'null'])] } as T;
  }
  const { description, readOnly, writeOnly, ...schema } = converted;
  return { anyOf: [schema, { type: 'null' }], description, readOnly, writeOnly } as T;
}

/** drf-spectacular lists `required` properties alphabetically; so do we, so documents compare equal. */
function sortRequired<T>(schemas: T): T {
  for (const schema of Object.values(schemas as Record<string, Json>)) {
    if (Array.isArray(schema.required)) {
      schema.required = [...(schema.required as string[])].sort();
    }
  }
  return schemas;
}

/**
 * The variant a request asks for: only the operations of `components` (core always kept in
 * `x-pulp-app-versions`, as Pulp does), with `servers` pointing at the origin the client used.
 */
export function documentVariant(
  document: Json,
  { components, bindings = false, pkPath = false, serverUrl }: DocumentVariant = {},
): Json {
  const keep = (operation: Operation) =>
    !components || components.includes((operation[COMPONENT_EXTENSION] as string | undefined) ?? 'core');
  const paths: Record<string, Json> = {};
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, stored] of Object.entries(item)) {
      if (!keep(stored)) {
        continue;
      }
      const { [COMPONENT_EXTENSION]: _component, [PK_PATH_EXTENSION]: raw, ...operation } = stored;
      const rawPath = raw as { path: string; parameters: Json[] } | undefined;
      const shaped = { ...operation, ...(bindings && { operationId: bindingName(operation.operationId as string) }) };
      if (pkPath && rawPath) {
        const parameters = (shaped.parameters ?? []).map((parameter) =>
          parameter.in === 'path' ? rawPath.parameters.find((own) => own.in === 'path') : parameter,
        );
        paths[rawPath.path] = { ...paths[rawPath.path], [method]: { ...shaped, parameters } };
      } else {
        paths[path] = { ...paths[path], [method]: shaped };
      }
    }
  }
  const info = document.info as Json;
  const versions = info['x-pulp-app-versions'] as Record<string, string>;
  const advertised = components
    ? Object.fromEntries(Object.entries(versions).filter(([label]) => label === 'core' || components.includes(label)))
    : versions;
  return {
    ...document,
    info: { ...info, 'x-pulp-app-versions': advertised },
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    paths,
  };
}

/**
 * What a reader gets: the served document (with the server it was asked from), or the one
 * `pulpcore-manager openapi` writes; some components only, `?bindings` operationIds, `?pk_path` raw paths.
 */
export interface DocumentVariant {
  serverUrl?: string;
  components?: readonly string[];
  bindings?: boolean;
  pkPath?: boolean;
}

const TWO_WORD_ACTIONS = [
  'partial_update',
  'set_label',
  'unset_label',
  'list_roles',
  'add_role',
  'remove_role',
  'my_permissions',
];

/** `?bindings` names an operation by its bare action, as generated client bindings want it. */
export function bindingName(operationId: string): string {
  return TWO_WORD_ACTIONS.find((action) => operationId.endsWith(`_${action}`)) ?? operationId.split('_').at(-1)!;
}
