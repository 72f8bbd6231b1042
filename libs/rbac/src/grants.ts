/**
 * Who holds which permission where, in SQL. A role assignment (core_userrole, or core_grouprole of
 * a group the user is in) grants its role's permissions model-wide (no object, no domain), on one
 * domain, or on one object (`content_type` + `object_id`). Every permission check and every scoped
 * list reads these fragments, so there is one definition of "holds".
 */

/** The caller of a request, as permission checks need it. */
export interface Caller {
  id: number;
  username: string;
  isSuperuser: boolean;
  /** No credentials: principals `anonymous` and `*` only, no permission held (its id is no user's). */
  anonymous?: boolean;
}

/** The caller of a request without credentials, which a policy may allow (`anonymous`, `*`): it holds nothing. */
export const ANONYMOUS: Caller = Object.freeze({ id: -1, username: '', isSuperuser: false, anonymous: true });

export function callerOf(user: { id: number; username: string; isSuperuser: boolean }): Caller {
  return { id: user.id, username: user.username, isSuperuser: user.isSuperuser };
}

/** An object a permission is asked about: Pulp's generic reference, plus the domain it lives in. */
export interface PermissionTarget {
  /** `file.filerepository`: the app label and model of the object. */
  contentType: string;
  /** Its id as text (uuid, or integer for users and groups). */
  objectId: string;
  /** Its domain, for domain-wide grants; none for objects outside domains (users, groups). */
  domainId?: string | null;
}

/** A permission's full name in SQL: `app_label.codename`. */
export const PERMISSION_NAME_SQL = "(p.app_label || '.' || p.codename)";

/**
 * SQL selecting `(content_type, object_id, domain_id)` of every grant of the permissions `$perm`
 * (a text[] placeholder of full names) to the user `$user` (an integer placeholder).
 */
export function grantsSql(user: string, permissions: string): string {
  return `SELECT g.content_type, g.object_id, g.domain_id
            FROM (SELECT role_id, content_type, object_id, domain_id FROM core_userrole WHERE user_id = ${user}
                  UNION ALL
                  SELECT gr.role_id, gr.content_type, gr.object_id, gr.domain_id
                    FROM core_grouprole gr JOIN auth_user_groups ug ON ug.group_id = gr.group_id
                   WHERE ug.user_id = ${user}) g
            JOIN core_role_permissions rp ON rp.role_id = g.role_id
            JOIN auth_permission p ON p.id = rp.permission_id
           WHERE ${PERMISSION_NAME_SQL} = ANY(${permissions})`;
}

/** A permission's model in SQL, named as role assignments name it: `file.filerepository`. */
export const PERMISSION_MODEL_SQL = "(p.app_label || '.' || p.model)";

/**
 * SQL selecting the full names of every permission on the object's model that the user `$user`
 * holds on the object (`$contentType`, `$objectId`), in its domain `$domain`, or model-wide:
 * Pulp's `my_permissions`.
 */
export function permissionsOnSql(user: string, contentType: string, objectId: string, domain: string): string {
  return `SELECT DISTINCT ${PERMISSION_NAME_SQL} AS permission
            FROM (SELECT role_id, content_type, object_id, domain_id FROM core_userrole WHERE user_id = ${user}
                  UNION ALL
                  SELECT gr.role_id, gr.content_type, gr.object_id, gr.domain_id
                    FROM core_grouprole gr JOIN auth_user_groups ug ON ug.group_id = gr.group_id
                   WHERE ug.user_id = ${user}) g
            JOIN core_role_permissions rp ON rp.role_id = g.role_id
            JOIN auth_permission p ON p.id = rp.permission_id
           WHERE ${PERMISSION_MODEL_SQL} = ${contentType}
             AND ((g.object_id IS NULL AND g.domain_id IS NULL)
                  OR g.domain_id = ${domain}
                  OR (g.content_type = ${contentType} AND g.object_id = ${objectId}))
           ORDER BY 1`;
}

