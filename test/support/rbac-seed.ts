import type { TestSite } from './test-site';

/**
 * TEMPORARY, until the catalogue's post-migrate sync writes Pulp's permissions, locked roles and
 * default access policies: the few rows the ownership suite needs (existing rows are kept, so once
 * the sync lands this writes nothing; delete it then). Each model gets Pulp's add/view/change/delete
 * (plus the extra codenames listed), roles as Pulp's LOCKED_ROLES name them, and its viewset's
 * creation hooks; the statements let any authenticated user through.
 */
const MODELS: Array<{
  model: string;
  viewset: string;
  extra?: string[];
  owner: string[];
  more?: Record<string, string[]>;
}> = [
  { model: 'file.filerepository', viewset: 'repositories/file/file', owner: ['view', 'change', 'delete'] },
  { model: 'file.fileremote', viewset: 'remotes/file/file', owner: ['view', 'change', 'delete'] },
  { model: 'file.filedistribution', viewset: 'distributions/file/file', owner: ['view', 'change', 'delete'] },
  { model: 'file.filepublication', viewset: 'publications/file/file', owner: ['view', 'delete'] },
  { model: 'file.filealternatecontentsource', viewset: 'acs/file/file', owner: ['view', 'change', 'delete'] },
  { model: 'core.task', viewset: 'tasks', owner: ['view', 'change', 'delete'] },
  {
    model: 'core.rbaccontentguard',
    viewset: 'contentguards/core/rbac',
    extra: ['download', 'manage_roles'],
    owner: ['view', 'change', 'delete', 'manage_roles'],
    more: { downloader: ['download'] },
  },
];

export async function seedRbac(site: TestSite): Promise<void> {
  for (const { model, viewset, extra = [], owner, more = {} } of MODELS) {
    const [app, name] = model.split('.');
    for (const action of ['add', 'view', 'change', 'delete', ...extra]) {
      await site.query(
        `INSERT INTO auth_permission (app_label, codename, model, name) VALUES ($1, $2, $3, $2)
         ON CONFLICT DO NOTHING`,
        [app, `${action}_${name}`, name],
      );
    }
    const roles: Record<string, string[]> = { creator: ['add'], owner, ...more };
    for (const [suffix, actions] of Object.entries(roles)) {
      await site.query(
        `INSERT INTO core_role (pulp_id, name, locked) VALUES (gen_random_uuid(), $1, true) ON CONFLICT DO NOTHING`,
        [`${model}_${suffix}`],
      );
      await site.query(
        `INSERT INTO core_role_permissions (role_id, permission_id)
         SELECT r.pulp_id, p.id FROM core_role r, auth_permission p
          WHERE r.name = $1 AND p.app_label = $2 AND p.codename = ANY($3) ON CONFLICT DO NOTHING`,
        [`${model}_${suffix}`, app, actions.map((action) => `${action}_${name}`)],
      );
    }
    const creatorRoles = [`${model}_owner`, ...Object.keys(more).map((suffix) => `${model}_${suffix}`)];
    await site.query(
      `INSERT INTO core_accesspolicy (pulp_id, viewset_name, statements, creation_hooks)
       VALUES (gen_random_uuid(), $1, $2, $3) ON CONFLICT DO NOTHING`,
      [
        viewset,
        JSON.stringify([{ action: '*', principal: 'authenticated', effect: 'allow' }]),
        JSON.stringify([{ function: 'add_roles_for_object_creator', parameters: { roles: creatorRoles } }]),
      ],
    );
  }
}
