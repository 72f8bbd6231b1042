// What pulp-glue (pulp-cli's library) calls, per the specification's client-contract.md §5 and
// file-plugin.md §1: every reference operation with one of these id prefixes and actions.

type Json = Record<string, any>;

const PREFIXES = [
  'tasks',
  'task_groups',
  'workers',
  'artifacts',
  'uploads',
  'orphans_cleanup',
  'domains',
  'users',
  'users_roles',
  'groups',
  'groups_users',
  'groups_roles',
  'roles',
  'access_policies',
  'signing_services',
  'upstream_pulps',
  'exporters_core_pulp',
  'exporters_core_pulp_exports',
  'importers_core_pulp',
  'vuln_report',
  'content',
  'repositories',
  'repository_versions',
  'remotes',
  'publications',
  'distributions',
  'contentguards',
  'contentguards_core_rbac',
  'contentguards_core_composite',
  'contentguards_core_header',
  'contentguards_core_content_redirect',
  'contentguards_certguard_x509',
  'contentguards_certguard_rhsm',
  'content_file_files',
  'repositories_file_file',
  'repositories_file_file_versions',
  'remotes_file_file',
  'publications_file_file',
  'distributions_file_file',
  'acs_file_file',
];
const ACTIONS = [
  'list',
  'read',
  'create',
  'partial_update',
  'delete',
  'set_label',
  'unset_label',
  'list_roles',
  'add_role',
  'remove_role',
  'my_permissions',
  'sync',
  'modify',
  'repair',
  'commit',
  'cancel',
  'purge',
  'reset',
  'refresh',
  'replicate',
  'upload',
];
const ONE_OFFS = ['status_read', 'repositories_reclaim_space_reclaim', 'orphans_cleanup_cleanup'];

/** The operationIds of `document` that pulp-glue calls. */
export function glueOperations(document: Json): string[] {
  const wanted = new Set([
    ...ONE_OFFS,
    ...PREFIXES.flatMap((prefix) => ACTIONS.map((action) => `${prefix}_${action}`)),
  ]);
  return Object.values(document.paths as Record<string, Json>)
    .flatMap((item) => Object.values(item).map((operation: Json) => operation.operationId as string))
    .filter((id) => wanted.has(id));
}

/**
 * Operations pulp-glue calls that this server does not serve yet, and the work that brings them.
 * The schema-walk test fails when a needed operation is missing without an entry here, and when an
 * entry no longer matches anything missing (delete it: the ratchet only tightens).
 */
export const PENDING: ReadonlyArray<{ why: string; matches: RegExp }> = [
  {
    why: 'content redirect and certificate content guards',
    matches: /^contentguards_(core_content_redirect|certguard)_/,
  },
  { why: 'replication, import/export', matches: /^(upstream_pulps|exporters|importers)_/ },
  { why: 'vulnerability reports', matches: /^vuln_report_/ },
];
