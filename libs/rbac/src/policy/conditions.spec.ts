import { PulpValidationError } from '@pulp/errors';
import type { Caller, PermissionTarget } from '../grants';
import { conditionFunctions, type ConditionContext, type PermissionChecks } from './conditions';

const alice: Caller = { id: 2, username: 'alice', isSuperuser: false };
const repo: PermissionTarget = { contentType: 'file.filerepository', objectId: 'r1', domainId: 'd' };
const remote: PermissionTarget = { contentType: 'file.fileremote', objectId: 'm1', domainId: 'd' };

/** Grants as `<level> <permission>` (`model file.view_fileremote`, `object r1 file.view_filerepository`). */
function checks(grants: string[]): PermissionChecks {
  return {
    model: (_caller, permission) => Promise.resolve(grants.includes(`model ${permission}`)),
    domain: (_caller, permission) => Promise.resolve(grants.includes(`domain ${permission}`)),
    object: (_caller, permission, target) =>
      Promise.resolve(grants.includes(`object ${target.objectId} ${permission}`)),
  };
}

function context(fields: Partial<ConditionContext> = {}): ConditionContext {
  const none = () => Promise.reject(new Error('not asked for'));
  return {
    caller: alice,
    action: 'create',
    body: {},
    object: none,
    parentRepository: none,
    parentGroup: none,
    bodyObject: (field) => Promise.resolve(field === 'remote' ? remote : field === 'repository' ? repo : undefined),
    bodyVersionRepository: () => Promise.resolve(undefined),
    ...fields,
  };
}

const held = async (grants: string[], name: string, permission: string, fields: Partial<ConditionContext> = {}) =>
  conditionFunctions(checks(grants)).get(name)!(context(fields), permission);

describe('conditionFunctions', () => {
  it('defines every condition the default policies use', () => {
    const functions = conditionFunctions(checks([]));
    for (const name of [
      'has_model_perms',
      'has_obj_perms',
      'has_model_or_obj_perms',
      'has_model_or_domain_perms',
      'has_model_or_domain_or_obj_perms',
      'has_remote_param_model_or_domain_or_obj_perms',
      'has_remote_param_model_or_obj_perms',
      'has_repo_or_repo_ver_param_model_or_domain_or_obj_perms',
      'has_repo_or_repo_ver_param_model_or_obj_perms',
      'has_repository_model_or_domain_or_obj_perms',
      'has_publication_param_model_or_domain_or_obj_perms',
      'has_upload_param_model_or_domain_or_obj_perms',
      'has_required_repo_perms_on_upload',
      'has_group_model_or_obj_perms',
      'has_repo_attr_model_or_domain_or_obj_perms',
    ]) {
      expect(functions.has(name)).toBe(true);
    }
  });

  it('checks model, domain and the route object at the levels each names', async () => {
    const object = () => Promise.resolve(repo);
    const view = 'file.view_filerepository';
    expect(await held([`model ${view}`], 'has_model_perms', view)).toBe(true);
    expect(await held([`domain ${view}`], 'has_model_perms', view)).toBe(false);
    expect(await held([`domain ${view}`], 'has_model_or_domain_perms', view)).toBe(true);
    expect(await held([`object r1 ${view}`], 'has_model_or_domain_or_obj_perms', view, { object })).toBe(true);
    expect(await held([`object r1 ${view}`], 'has_model_or_domain_perms', view, { object })).toBe(false);
    expect(await held([`domain ${view}`], 'has_model_or_obj_perms', view, { object })).toBe(false);
    expect(await held([], 'has_obj_perms', view, { object })).toBe(false);
  });

  it('lets the route object’s 404 through', async () => {
    const object = () => Promise.reject(new Error('404'));
    await expect(held([], 'has_model_or_domain_or_obj_perms', 'core.view_task', { object })).rejects.toThrow('404');
  });

  it('checks the object a body parameter names, and holds when none is named', async () => {
    const view = 'file.view_fileremote';
    expect(await held([], 'has_remote_param_model_or_domain_or_obj_perms', view)).toBe(false);
    expect(await held([`object m1 ${view}`], 'has_remote_param_model_or_domain_or_obj_perms', view)).toBe(true);
    const bodyObject = () => Promise.resolve(undefined);
    expect(await held([], 'has_remote_param_model_or_domain_or_obj_perms', view, { bodyObject })).toBe(true);
    expect(await held([], 'has_publication_param_model_or_domain_or_obj_perms', 'file.view_filepublication')).toBe(
      true,
    );
  });

  it('takes a repository version’s repository when no repository is named', async () => {
    const view = 'file.view_filerepository';
    const fields = {
      bodyObject: () => Promise.resolve(undefined),
      bodyVersionRepository: () => Promise.resolve(repo),
    };
    expect(await held([], 'has_repo_or_repo_ver_param_model_or_domain_or_obj_perms', view, fields)).toBe(false);
    expect(
      await held([`object r1 ${view}`], 'has_repo_or_repo_ver_param_model_or_domain_or_obj_perms', view, fields),
    ).toBe(true);
  });

  it('checks a nested route’s repository', async () => {
    const parentRepository = () => Promise.resolve(repo);
    const repair = 'file.repair_filerepository';
    expect(
      await held([`object r1 ${repair}`], 'has_repository_model_or_domain_or_obj_perms', repair, { parentRepository }),
    ).toBe(true);
    expect(await held([], 'has_repository_model_or_domain_or_obj_perms', repair, { parentRepository })).toBe(false);
  });

  describe('has_required_repo_perms_on_upload', () => {
    const modify = 'file.modify_filerepository';
    const upload = (grants: string[], body: unknown, caller = alice) =>
      held(grants, 'has_required_repo_perms_on_upload', modify, { body, caller });

    it('lets a superuser upload anywhere, or nowhere', async () => {
      expect(await upload([], {}, { ...alice, isSuperuser: true })).toBe(true);
    });

    it('refuses an upload without a repository with Pulp’s 400', async () => {
      await expect(upload([`model ${modify}`], {})).rejects.toThrow(PulpValidationError);
      await expect(upload([`model ${modify}`], {})).rejects.toThrow('Destination upload repository was not provided.');
    });

    it('needs the permission on the repository, and core.manage_content_labels for labels', async () => {
      const body = { repository: '/pulp/api/v3/repositories/file/file/r1/' };
      expect(await upload([], body)).toBe(false);
      expect(await upload([`object r1 ${modify}`], body)).toBe(true);
      const labelled = { ...body, pulp_labels: { a: 'b' } };
      await expect(upload([`object r1 ${modify}`], labelled)).rejects.toThrow(/core\.manage_labels/);
      expect(await upload([`object r1 ${modify}`, 'model core.manage_content_labels'], labelled)).toBe(true);
    });
  });
});
