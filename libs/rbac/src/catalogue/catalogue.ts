/**
 * What core and each plugin declare about authorization, as Pulp's apps declare it: the permissions
 * of their models, and per viewset the default access policy and the locked roles. `migrate` writes
 * it to the database (catalogue-sync.ts); the API serves the stored copy, which admins may customize.
 */

/** One drf-access-policy statement, as stored in `core_accesspolicy.statements`. */
export interface PolicyStatement {
  action: string | string[];
  principal: string | string[];
  effect: 'allow' | 'deny';
  condition?: string | string[];
  condition_expression?: string | string[];
}

/** A hook run on a new object (`add_roles_for_object_creator` with `{"roles": …}`), or the scoping function. */
export interface PolicyFunction {
  function: string;
  parameters?: Record<string, unknown> | null;
}

export interface AccessPolicyDefinition {
  statements: PolicyStatement[];
  creation_hooks?: PolicyFunction[];
  queryset_scoping?: PolicyFunction | null;
}

/** A locked role: its permissions (`app_label.codename`) and, when Pulp gives one, its description. */
export interface LockedRole {
  description?: string;
  permissions: string[];
}

export interface ViewsetAccess {
  /** Pulp's `viewset_name`: the URL path below the API root (`repositories/file/file`). */
  viewset: string;
  /** The viewset's model as `app_label.model` (`file.filerepository`): what `for_object_type` asks about. */
  model?: string;
  /** Pulp's default access policy; absent: the viewset is admin only and nothing is stored. */
  policy?: AccessPolicyDefinition;
  lockedRoles?: Record<string, LockedRole>;
}

/** A model's permissions: Django's add/change/delete/view plus the model's own (`[codename, name]`). */
export interface ModelPermissions {
  /** `app_label.model`, e.g. `file.filerepository`. */
  model: string;
  /** Django's verbose name (`file repository`): the default permissions are named `Can view <it>`. */
  verboseName: string;
  custom?: Array<[codename: string, name: string]>;
}

export interface RbacCatalogue {
  /** The app label every role of this catalogue starts with (`file.`): locked roles of it no longer declared are removed. */
  label: string;
  permissions: ModelPermissions[];
  viewsets: ViewsetAccess[];
}

/** Pulp's policy for a viewset without one: only admins (superusers) may do anything. */
export const ADMIN_ONLY_POLICY: Readonly<AccessPolicyDefinition> = Object.freeze({
  statements: [{ action: '*', principal: 'admin', effect: 'allow' as const }],
  creation_hooks: [],
  queryset_scoping: null,
});

export interface PermissionRow {
  app_label: string;
  codename: string;
  model: string;
  name: string;
}

const DEFAULT_PERMISSIONS = ['add', 'change', 'delete', 'view'] as const;

/** Every permission a catalogue declares, as auth_permission rows. */
export function permissionRows(catalogue: RbacCatalogue): PermissionRow[] {
  return catalogue.permissions.flatMap(({ model: qualified, verboseName, custom = [] }) => {
    const [app_label, model] = qualified.split('.');
    return [
      ...DEFAULT_PERMISSIONS.map((verb) => ({
        app_label,
        model,
        codename: `${verb}_${model}`,
        name: `Can ${verb} ${verboseName}`,
      })),
      ...custom.map(([codename, name]) => ({ app_label, model, codename, name })),
    ];
  });
}
