import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  contractDocument,
  contractOperation,
  readReferenceContract,
  withoutProse,
  type ContractOperation,
} from '../src/tools/openapi-contract';
import { openApiViolations } from './support/openapi-rules';
import { glueOperations, PENDING } from './support/pulp-glue-operations';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

type Json = Record<string, any>;

// Pulp 3.102's schema without prose (test/fixtures, written by tools/openapi-contract.js).
const contract = readReferenceContract(resolve(__dirname, '..'));
const reference = contractDocument(contract);

describe('the OpenAPI schema and API docs', () => {
  let site: TestSite;
  let api: PulpProcess;
  let schema: Json;

  beforeAll(async () => {
    site = await TestSite.create();
    api = await site.start('api');
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/docs/api.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    schema = (await response.json()) as Json;
  });

  afterAll(() => site?.destroy());

  it('names this project, not Pulp, as the contact; keeps the title and versions clients read', async () => {
    expect(schema.info).toMatchObject({ title: contract.info.title, version: contract.info.version });
    expect(Object.keys(schema.info['x-pulp-app-versions'])).toEqual(expect.arrayContaining(['core', 'file']));
    expect(schema.info.contact).toEqual({ name: 'pulp-ts (a Pulp-compatible server on NestJS)' });
    // The Swagger page renders the document its init script embeds.
    const init = await (await fetch(`${api.baseUrl}/pulp/api/v3/docs/swagger-ui-init.js`)).text();
    for (const text of [JSON.stringify(schema.info), init]) {
      expect(text).not.toMatch(/pulpproject\.org|pulp-list@|Pulp Team/);
    }
    expect(init).toContain('pulp-ts (a Pulp-compatible server on NestJS)');
  });

  it("passes pulp-glue's strict parsing rules", () => {
    expect(openApiViolations(schema)).toEqual([]);
  });

  it('advertises exactly the components and versions status lists', async () => {
    const status = (await (await fetch(`${api.baseUrl}/pulp/api/v3/status/`)).json()) as Json;
    const fromStatus = Object.fromEntries(status.versions.map((v: Json) => [v.component, v.version]));
    expect(schema.info['x-pulp-app-versions']).toEqual(fromStatus);
    expect(schema.info['x-pulp-domain-enabled']).toBe(false);
    expect(schema.openapi).toBe('3.1.1');
    expect(schema.servers).toEqual([{ url: `${api.baseUrl}/` }]);
  });

  it('matches the Pulp 3.102 reference for every operation it implements', () => {
    const expectedAt = new Map(
      contract.operations.map((operation) => [`${operation.method} ${operation.path}`, operation]),
    );
    const mismatches: string[] = [];
    for (const [path, item] of Object.entries(schema.paths as Record<string, Json>)) {
      for (const [method, operation] of Object.entries(item)) {
        const expected = expectedAt.get(`${method} ${path}`);
        if (!expected) {
          mismatches.push(`${method.toUpperCase()} ${path} is not in the reference`);
          continue;
        }
        const served = contractOperation(path, method, operation);
        for (const key of Object.keys({ ...expected, ...served }) as Array<keyof ContractOperation>) {
          if (JSON.stringify(served[key]) !== JSON.stringify(expected[key])) {
            mismatches.push(`${expected.operationId}: ${key} differs`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(Object.keys(schema.paths).length).toBeGreaterThanOrEqual(5);
  });

  it('serves every operation pulp-glue calls, but those still pending', () => {
    const served = new Set(glueOperations(schema));
    const missing = glueOperations(reference).filter((id) => !served.has(id));
    expect(missing.filter((id) => !PENDING.some((pending) => pending.matches.test(id)))).toEqual([]);
    // A pending entry that matches nothing missing any more is stale.
    expect(PENDING.filter((pending) => !missing.some((id) => pending.matches.test(id))).map((p) => p.why)).toEqual([]);
  });

  // Bodies carry Pulp's field set, required fields and types; descriptions are ours where Pulp's are docstrings.
  it('declares response components as Pulp does', () => {
    for (const name of [
      'StatusResponse',
      'VersionResponse',
      'AppStatusResponse',
      'StorageResponse',
      'LoginResponse',
      'PaginatedTaskResponseList',
      'PaginatedWorkerResponseList',
      'OrphansCleanup',
      'TaskResponse',
      'ProgressReportResponse',
      'PatchedTaskCancel',
      'AsyncOperationResponse',
      'StatesEnum',
      'MinimalTaskResponse',
      'TaskGroupResponse',
      'GroupProgressReportResponse',
      'TaskScheduleResponse',
      'WorkerResponse',
      'Artifact',
      'ArtifactResponse',
      'Upload',
      'UploadResponse',
      'UploadDetailResponse',
      'UploadChunk',
      'UploadChunkResponse',
      'UploadCommit',
      'PaginatedRepositoryResponseList',
      'RepositoryResponse',
      'RepositoryVersionResponse',
      'ContentSummaryResponse',
      'GenericRemoteResponse',
      'Policy692Enum',
      'PublicationResponse',
      'DistributionResponse',
      'ArtifactDistributionResponse',
      'ContentGuardResponse',
      'HeaderContentGuard',
      'PatchedHeaderContentGuard',
      'HeaderContentGuardResponse',
      'PaginatedHeaderContentGuardResponseList',
      'CompositeContentGuard',
      'PatchedCompositeContentGuard',
      'CompositeContentGuardResponse',
      'PaginatedCompositeContentGuardResponseList',
      'AccessPolicy',
      'PatchedAccessPolicy',
      'AccessPolicyResponse',
      'PaginatedAccessPolicyResponseList',
      'Role',
      'PatchedRole',
      'RoleResponse',
      'PaginatedRoleResponseList',
      'RBACContentGuard',
      'PatchedRBACContentGuard',
      'RBACContentGuardResponse',
      'PaginatedRBACContentGuardResponseList',
      'MultipleArtifactContentResponse',
      'SigningServiceResponse',
      'ReclaimSpace',
      'Repair',
      'OpenPGPKeyring',
      'PatchedOpenPGPKeyring',
      'OpenPGPKeyringResponse',
      'PaginatedOpenPGPKeyringResponseList',
      'SetLabel',
      'SetLabelResponse',
      'UnsetLabel',
      'UnsetLabelResponse',
      'RepositoryAddRemoveContent',
      'OpenPGPDistribution',
      'PatchedOpenPGPDistribution',
      'OpenPGPDistributionResponse',
      'PaginatedOpenPGPDistributionResponseList',
      'file.FileRemote',
      'Patchedfile.FileRemote',
      'file.FileRemoteResponse',
      'Paginatedfile.FileRemoteResponseList',
      'file.FileContent',
      'FileContentUpload',
      'file.FileContentResponse',
      'FileContentUploadResponse',
      'Paginatedfile.FileContentResponseList',
      'file.FileRepository',
      'Patchedfile.FileRepository',
      'file.FileRepositoryResponse',
      'Paginatedfile.FileRepositoryResponseList',
      'PaginatedRepositoryVersionResponseList',
      'file.FileDistribution',
      'Patchedfile.FileDistribution',
      'file.FileDistributionResponse',
      'Paginatedfile.FileDistributionResponseList',
      'file.FilePublication',
      'file.FilePublicationResponse',
      'Paginatedfile.FilePublicationResponseList',
      'User',
      'PatchedUser',
      'UserResponse',
      'UserGroupResponse',
      'PaginatedUserResponseList',
      'Group',
      'PatchedGroup',
      'GroupResponse',
      'PaginatedGroupResponseList',
      'GroupUser',
      'GroupUserResponse',
      'PaginatedGroupUserResponseList',
      'UserRole',
      'UserRoleResponse',
      'PaginatedUserRoleResponseList',
      'GroupRole',
      'GroupRoleResponse',
      'PaginatedGroupRoleResponseList',
      'Domain',
      'PatchedDomain',
      'DomainResponse',
      'PaginatedDomainResponseList',
      'StorageClassEnum',
    ]) {
      expect(withoutProse(schema.components.schemas[name])).toEqual(contract.schemas[name]);
    }
  });

  it('serves the same document as YAML', async () => {
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/docs/api.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(parse(await response.text())).toEqual(schema);
  });

  it('filters by component, and refuses an unknown one', async () => {
    const core = (await (await fetch(`${api.baseUrl}/pulp/api/v3/docs/api.json?component=core`)).json()) as Json;
    expect(core.paths).toEqual(schema.paths);
    const bad = await fetch(`${api.baseUrl}/pulp/api/v3/docs/api.json?component=nope`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ detail: 'Invalid component specified.' });
  });

  it('serves the ?bindings and ?pk_path variants, and refuses the removed ?plugin', async () => {
    const variant = async (query: string) =>
      (await (await fetch(`${api.baseUrl}/pulp/api/v3/docs/api.json?${query}`)).json()) as Json;
    const bindings = await variant('bindings');
    expect(bindings.paths['/pulp/api/v3/tasks/'].get.operationId).toBe('list');
    expect(bindings.paths['{task_href}'].patch.operationId).toBe('cancel');
    expect(bindings.paths['{upload_href}commit/'].post.operationId).toBe('commit');
    expect(bindings.paths['/pulp/api/v3/orphans/cleanup/'].post.operationId).toBe('cleanup');
    expect(bindings.paths['/pulp/api/v3/repositories/reclaim_space/'].post.operationId).toBe('reclaim');

    const pkPath = await variant('pk_path');
    expect(pkPath.paths['{task_href}']).toBeUndefined();
    const read = pkPath.paths['/pulp/api/v3/tasks/{pulp_id}/'].get;
    expect(read.operationId).toBe('tasks_read');
    expect(read.parameters.filter((parameter: Json) => parameter.in === 'path')).toEqual([
      { name: 'pulp_id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(pkPath.paths['/pulp/api/v3/uploads/{pulp_id}/commit/'].post.operationId).toBe('uploads_commit');

    const plugin = await fetch(`${api.baseUrl}/pulp/api/v3/docs/api.json?plugin=file`);
    expect(plugin.status).toBe(400);
  });

  it.each(['docs/', 'swagger/'])('serves the Swagger UI page at %s, pointing at api.json', async (page) => {
    const response = await fetch(`${api.baseUrl}/pulp/api/v3/${page}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('swagger-ui');
    const init = await fetch(`${api.baseUrl}/pulp/api/v3/${page}swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('/pulp/api/v3/docs/api.json');
  });

  it('is what `pulpcore-manager openapi` writes, without a database', async () => {
    const result = await site.manager(['openapi'], {
      PULP_DATABASES: '{default: {NAME: none, USER: none, HOST: 127.0.0.1, PORT: 1}}',
    });
    expect(result.code).toBe(0);
    const written = JSON.parse(result.output) as Json;
    expect(written.paths).toEqual(schema.paths);
    expect(written.components).toEqual(schema.components);
  });
});
