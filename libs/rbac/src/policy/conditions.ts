import { PulpValidationError } from '@pulp/errors';
import type { Caller, PermissionTarget } from '../grants';

/** What a condition function knows of the request it judges. */
export interface ConditionContext {
  caller: Caller;
  action: string;
  /** The request's body, as parsed (undefined without one). */
  body: unknown;
  /** The object the route acts on (Pulp's get_object): throws Pulp's 404 when there is none or it is not seen. */
  object(): Promise<PermissionTarget>;
  /** The repository of a nested route (a repository's versions): throws Pulp's 404 when there is none. */
  parentRepository(): Promise<PermissionTarget>;
  /** The group of a nested route (a group's users): throws Pulp's 404 when there is none. */
  parentGroup(): Promise<PermissionTarget>;
  /** The object a body field names within `collection` (`remotes`…): undefined when absent or naming nothing. */
  bodyObject(field: string, collection: string): Promise<PermissionTarget | undefined>;
  /** The repository of the version the body's `field` names, if any. */
  bodyVersionRepository(field: string): Promise<PermissionTarget | undefined>;
}

/** The permission checks conditions are made of (the Permissions provider, with the domain switch applied). */
export interface PermissionChecks {
  model(caller: Caller, permission: string): Promise<boolean>;
  /** On the request's domain: never while domains are disabled. */
  domain(caller: Caller, permission: string): Promise<boolean>;
  object(caller: Caller, permission: string, target: PermissionTarget): Promise<boolean>;
}

export type ConditionFunction = (context: ConditionContext, permission: string) => Promise<boolean>;

type Where = (context: ConditionContext) => Promise<PermissionTarget | undefined>;

/**
 * pulpcore's global access conditions (global_access_conditions.py), by name. Each takes a
 * permission (`file.view_filerepository`); an object condition asks about the route's object, a
 * parameter condition about the object a body field names (none named: it holds, and the endpoint
 * validates the body), an attribute condition about the parent repository.
 */
export function conditionFunctions(checks: PermissionChecks): ReadonlyMap<string, ConditionFunction> {
  const model: ConditionFunction = (context, permission) => checks.model(context.caller, permission);
  const domain: ConditionFunction = (context, permission) => checks.domain(context.caller, permission);
  const on =
    (where: Where, whenAbsent: boolean): ConditionFunction =>
    async (context, permission) => {
      const target = await where(context);
      return target ? checks.object(context.caller, permission, target) : whenAbsent;
    };
  const either =
    (...checks: ConditionFunction[]): ConditionFunction =>
    async (context, permission) => {
      for (const check of checks) {
        if (await check(context, permission)) {
          return true;
        }
      }
      return false;
    };
  const modelOrDomain = either(model, domain);

  const object = on((context) => context.object(), false);
  const repository = on((context) => context.parentRepository(), false);
  const group = on((context) => context.parentGroup(), false);
  const param = (field: string, collection: string) => on((context) => context.bodyObject(field, collection), true);
  const repositoryParam: Where = async (context) =>
    (await context.bodyObject('repository', 'repositories')) ??
    (await context.bodyVersionRepository('repository_version'));

  const functions: Record<string, ConditionFunction> = {
    has_model_perms: model,
    has_domain_perms: domain,
    has_obj_perms: object,
    has_model_or_domain_perms: modelOrDomain,
    has_model_or_obj_perms: either(model, object),
    has_model_or_domain_or_obj_perms: either(modelOrDomain, object),
    has_repo_attr_obj_perms: repository,
    has_repo_attr_model_or_obj_perms: either(model, repository),
    has_repo_attr_model_or_domain_or_obj_perms: either(modelOrDomain, repository),
    has_repository_obj_perms: repository,
    has_repository_model_or_obj_perms: either(model, repository),
    has_repository_model_or_domain_or_obj_perms: either(modelOrDomain, repository),
    has_group_obj_perms: group,
    has_group_model_or_obj_perms: either(model, group),
    has_required_repo_perms_on_upload: requiredRepoPermsOnUpload(modelOrDomain, checks),
  };
  for (const [name, field, collection] of [
    ['remote', 'remote', 'remotes'],
    ['publication', 'publication', 'publications'],
    ['upload', 'upload', 'uploads'],
  ] as const) {
    functions[`has_${name}_param_obj_perms`] = param(field, collection);
    functions[`has_${name}_param_model_or_obj_perms`] = either(model, param(field, collection));
    functions[`has_${name}_param_model_or_domain_or_obj_perms`] = either(modelOrDomain, param(field, collection));
  }
  const repositoryOrVersion = on(repositoryParam, true);
  functions.has_repo_or_repo_ver_param_model_or_obj_perms = either(model, repositoryOrVersion);
  functions.has_repo_or_repo_ver_param_model_or_domain_or_obj_perms = either(modelOrDomain, repositoryOrVersion);
  return new Map(Object.entries(functions));
}

/**
 * Content uploads: a superuser may; anyone else must name the repository (Pulp's 400 otherwise,
 * since content outside repositories is not theirs to see) and hold the permission on it; labels on
 * create also need `core.manage_content_labels`.
 */
function requiredRepoPermsOnUpload(modelOrDomain: ConditionFunction, checks: PermissionChecks): ConditionFunction {
  return async (context, permission) => {
    if (context.caller.isSuperuser) {
      return true;
    }
    const body = (context.body ?? {}) as Record<string, unknown>;
    const named = typeof body.repository === 'string' && body.repository !== '';
    const repository = named ? await context.bodyObject('repository', 'repositories') : undefined;
    if (!named) {
      throw new PulpValidationError(['Destination upload repository was not provided.']);
    }
    if (!repository) {
      // The endpoint answers the unknown repository with its own 400.
      return true;
    }
    const labels = body.pulp_labels;
    if (
      context.action === 'create' &&
      labels !== undefined &&
      labels !== null &&
      labels !== '' &&
      !(typeof labels === 'object' && Object.keys(labels).length === 0) &&
      !(await modelOrDomain(context, 'core.manage_content_labels'))
    ) {
      throw new PulpValidationError([
        'pulp_labels cannot be specified by users who do not have the core.manage_labels permission.',
      ]);
    }
    return (await modelOrDomain(context, permission)) || checks.object(context.caller, permission, repository);
  };
}
