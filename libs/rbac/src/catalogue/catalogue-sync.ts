import {
  permissionRows,
  type AccessPolicyDefinition,
  type LockedRole,
  type PermissionRow,
  type RbacCatalogue,
} from './catalogue';

/** A role as stored: its permissions as `app_label.codename`. */
export interface StoredRole {
  name: string;
  description: string | null;
  locked: boolean;
  permissions: string[];
}

export interface StoredPolicy {
  viewset_name: string;
  statements: unknown;
  creation_hooks: unknown;
  queryset_scoping: unknown;
  customized: boolean;
}

/** What the database holds of the catalogue's tables when `migrate` runs. */
export interface StoredCatalogue {
  permissions: string[];
  roles: StoredRole[];
  policies: StoredPolicy[];
}

/** A policy as written to core_accesspolicy. */
export interface PolicyRow {
  viewset_name: string;
  statements: unknown[];
  creation_hooks: unknown[];
  queryset_scoping: unknown;
}

export interface CatalogueSyncPlan {
  permissions: PermissionRow[];
  /** Locked roles to create, or to bring back to exactly their definition. */
  roles: Array<{ name: string; description: string | null; permissions: string[] }>;
  /** Locked roles of a catalogue's label it no longer declares. */
  obsoleteRoles: string[];
  insertPolicies: PolicyRow[];
  /** Uncustomized stored policies whose default changed. */
  replacePolicies: PolicyRow[];
}

/** The stored form of a policy definition: hooks default to none, scoping to null. */
export function policyRow(viewset: string, policy: AccessPolicyDefinition): PolicyRow {
  return {
    viewset_name: viewset,
    statements: policy.statements,
    creation_hooks: policy.creation_hooks ?? [],
    queryset_scoping: policy.queryset_scoping ?? null,
  };
}

/** The viewset's default policy across the catalogues, if it has one (else it is admin only). */
export function defaultPolicy(catalogues: readonly RbacCatalogue[], viewset: string): PolicyRow | undefined {
  for (const catalogue of catalogues) {
    const access = catalogue.viewsets.find((entry) => entry.viewset === viewset);
    if (access?.policy) {
      return policyRow(viewset, access.policy);
    }
  }
  return undefined;
}

/**
 * What `migrate` writes so the database matches the catalogues, as Pulp's post-migrate step does:
 * missing permissions inserted; locked roles exactly as defined (obsolete ones of a label removed);
 * policies inserted when missing, replaced by the default unless an admin customized them. A
 * catalogue naming a permission nobody declares is refused: the role would silently lack it.
 */
export function planCatalogueSync(catalogues: readonly RbacCatalogue[], stored: StoredCatalogue): CatalogueSyncPlan {
  const declared = new Map<string, PermissionRow>();
  for (const row of catalogues.flatMap(permissionRows)) {
    declared.set(`${row.app_label}.${row.codename}`, row);
  }
  const storedPermissions = new Set(stored.permissions);
  const storedRoles = new Map(stored.roles.map((role) => [role.name, role]));
  const storedPolicies = new Map(stored.policies.map((policy) => [policy.viewset_name, policy]));
  const plan: CatalogueSyncPlan = {
    permissions: [...declared].filter(([name]) => !storedPermissions.has(name)).map(([, row]) => row),
    roles: [],
    obsoleteRoles: [],
    insertPolicies: [],
    replacePolicies: [],
  };
  for (const catalogue of catalogues) {
    const wanted = lockedRoles(catalogue);
    for (const [name, role] of wanted) {
      const unknown = role.permissions.filter((permission) => !declared.has(permission));
      if (unknown.length > 0 || !name.startsWith(`${catalogue.label}.`)) {
        throw new Error(`Locked role ${name} of ${catalogue.label}: ${unknown.join(', ') || 'wrong prefix'}`);
      }
      const description = role.description ?? null;
      const current = storedRoles.get(name);
      if (
        !current ||
        !current.locked ||
        current.description !== description ||
        !sameSet(current.permissions, role.permissions)
      ) {
        plan.roles.push({ name, description, permissions: [...new Set(role.permissions)] });
      }
    }
    plan.obsoleteRoles.push(
      ...stored.roles
        .filter((role) => role.locked && role.name.startsWith(`${catalogue.label}.`) && !wanted.has(role.name))
        .map((role) => role.name),
    );
    for (const { viewset, policy } of catalogue.viewsets) {
      if (!policy) {
        continue;
      }
      const row = policyRow(viewset, policy);
      const current = storedPolicies.get(viewset);
      if (!current) {
        plan.insertPolicies.push(row);
      } else if (!current.customized && !samePolicy(current, row)) {
        plan.replacePolicies.push(row);
      }
    }
  }
  return plan;
}

function lockedRoles(catalogue: RbacCatalogue): Map<string, LockedRole> {
  return new Map(catalogue.viewsets.flatMap((access) => Object.entries(access.lockedRoles ?? {})));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

function samePolicy(stored: StoredPolicy, row: PolicyRow): boolean {
  return (['statements', 'creation_hooks', 'queryset_scoping'] as const).every(
    (key) => canonicalJson(stored[key]) === canonicalJson(row[key]),
  );
}

/** JSON with object keys sorted: jsonb does not keep the order keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
