import { PulpValidationError } from '@pulp/errors';
import type { Sql } from '@pulp/database';
import { existingRows } from '../references';
import type { DetailFields } from '../typed/detail-fields';
import { groupHolder, userHolder } from '@pulp/rbac';
import {
  CompositeGuardFields,
  CompositeGuardShown,
  HeaderGuardFields,
  HeaderGuardShown,
  RbacGuardShown,
} from './content-guard.dto';
import { JQ_SUBSET, parseJqPath } from '@pulp/config/jq-path';
import { DOWNLOAD_PERMISSION } from './rbac-guard-type';
import { typedContentGuardEndpoints } from './typed-content-guards';

/** core_headercontentguard: the header guard's own fields, keyed as Pulp's detail model is. */
export const HEADER_GUARD_DETAIL: DetailFields = {
  table: 'core_headercontentguard',
  key: 'contentguard_ptr_id',
  request: HeaderGuardFields,
  response: HeaderGuardShown,
  notNull: ['header_name', 'header_value'],
};

/** `contentguards/core/header/`: a header (base64, optionally a JSON document filtered by a jq path) must match. */
export const HEADER_GUARD_ENDPOINTS = typedContentGuardEndpoints({
  pulpType: 'core.header',
  segment: 'core/header',
  contentType: 'core.headercontentguard',
  operationPrefix: 'contentguards_core_header',
  placeholder: 'header_content_guard_href',
  tag: 'Contentguards: Header',
  component: 'HeaderContentGuard',
  noun: 'header content guard',
  model: 'HeaderContentGuard',
  description: 'Content guard to protect the content app using a specific header.',
  detail: HEADER_GUARD_DETAIL,
  check: (_sql, body) => {
    const filter = body.jq_filter;
    if (typeof filter === 'string' && parseJqPath(filter) === null) {
      return Promise.reject(new PulpValidationError({ jq_filter: [`Unsupported jq filter. ${JQ_SUBSET}`] }));
    }
    return Promise.resolve(undefined);
  },
});

/** `contentguards/core/composite/`: permits what any of its member guards permits. */
export const COMPOSITE_GUARD_ENDPOINTS = typedContentGuardEndpoints({
  pulpType: 'core.composite',
  segment: 'core/composite',
  contentType: 'core.compositecontentguard',
  operationPrefix: 'contentguards_core_composite',
  placeholder: 'composite_content_guard_href',
  tag: 'Contentguards: Composite',
  component: 'CompositeContentGuard',
  noun: 'composite content guard',
  model: 'CompositeContentGuard',
  description: 'Content guard that queries a list-of content-guards for access permissions.',
  relations: {
    request: CompositeGuardFields,
    response: CompositeGuardShown,
    columns: `(SELECT coalesce(json_agg(json_build_object('id', m.pulp_id, 'type', m.pulp_type) ORDER BY m.name), '[]')
                 FROM core_compositecontentguard_guards cg JOIN core_contentguard m ON m.pulp_id = cg.guard_id
                WHERE cg.composite_id = g.pulp_id) AS guards`,
    show: (row, href) => ({
      guards: (row.guards as Array<{ id: string; type: string }>).map((member) => href(member.type, member.id)),
    }),
  },
  check: async (sql, body, id) => {
    const references = body.guards as string[] | undefined;
    if (references === undefined) {
      return undefined;
    }
    const members = await existingRows(
      sql,
      'core_contentguard',
      'guards',
      references,
      () => 'Invalid hyperlink - Object does not exist.',
    );
    const ids = members.map((member) => member.pulp_id);
    if (id !== null && (await containsGuard(sql, ids, id))) {
      throw new PulpValidationError({ guards: ['A composite content guard may not contain itself.'] });
    }
    return async (write: Sql, composite: string) => {
      await write('DELETE FROM core_compositecontentguard_guards WHERE composite_id = $1', [composite]);
      await write(
        'INSERT INTO core_compositecontentguard_guards (composite_id, guard_id) SELECT $1, unnest($2::uuid[])',
        [composite, ids],
      );
    };
  },
});

/**
 * Select-list SQL of the users or groups holding the download permission on the guard (alias `g`)
 * through their own roles: on it, on its domain or model-wide (a group's members are not users here).
 */
function downloadersSql(holder: 'user' | 'group'): string {
  const [table, label] = holder === 'user' ? ['auth_user', 'username'] : ['auth_group', 'name'];
  return `(SELECT coalesce(json_agg(json_build_object('id', h.id, 'name', h.${label}) ORDER BY h.${label}), '[]')
             FROM ${table} h
            WHERE EXISTS (SELECT 1 FROM core_${holder}role a
                            JOIN core_role_permissions rp ON rp.role_id = a.role_id
                            JOIN auth_permission p ON p.id = rp.permission_id
                           WHERE a.${holder}_id = h.id AND p.app_label || '.' || p.codename = '${DOWNLOAD_PERMISSION}'
                             AND ((a.content_type = 'core.rbaccontentguard' AND a.object_id = g.pulp_id::text)
                                  OR a.domain_id = g.pulp_domain_id
                                  OR (a.object_id IS NULL AND a.domain_id IS NULL)))) AS ${holder}s`;
}

type Holder = { id: number; name: string };

/**
 * `contentguards/core/rbac/`: permits a user holding core.download_rbaccontentguard on the guard
 * (rbac-guard-type.ts); its body lists the users and groups holding it.
 */
export const RBAC_GUARD_ENDPOINTS = typedContentGuardEndpoints({
  pulpType: 'core.rbac',
  segment: 'core/rbac',
  contentType: 'core.rbaccontentguard',
  operationPrefix: 'contentguards_core_rbac',
  placeholder: 'r_b_a_c_content_guard_href',
  tag: 'Contentguards: Rbac',
  component: 'RBACContentGuard',
  noun: 'rbac content guard',
  model: 'RBACContentGuard',
  description:
    'Viewset for creating contentguards that use RBAC to protect content.\nHas add and remove actions for ' +
    'managing permission for users and groups to download content\nprotected by this guard.',
  relations: {
    response: RbacGuardShown,
    columns: `${downloadersSql('user')}, ${downloadersSql('group')}`,
    show: (row, _href, api) => ({
      users: (row.users as Holder[]).map((user) => userHolder(api, { id: user.id, username: user.name })),
      groups: (row.groups as Holder[]).map((group) => groupHolder(api, group)),
    }),
  },
});

/** Whether `guardId` is among `ids` or inside one of them (members of members, any depth). */
async function containsGuard(sql: Sql, ids: string[], guardId: string): Promise<boolean> {
  const found = await sql(
    `WITH RECURSIVE inside(id) AS (
       SELECT unnest($1::uuid[])
       UNION
       SELECT cg.guard_id FROM core_compositecontentguard_guards cg JOIN inside ON cg.composite_id = inside.id)
     SELECT 1 FROM inside WHERE id = $2 LIMIT 1`,
    [ids, guardId],
  );
  return found.length > 0;
}
