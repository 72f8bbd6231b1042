import type { Sql } from '@pulp/database/sql';

/**
 * Pulp's creation hooks: when an object is created, the `creation_hooks` of its viewset's access
 * policy assign roles on it (`add_roles_for_object_creator` gives them to the creating user). The
 * work is the database function `pulp_creation_hooks` (migration 1764000030000), so the API, the
 * tasks and the task insert share it and it runs in the creating transaction.
 */

/** A new object as its hooks see it: its viewset's policy, and the role assignment's reference. */
export interface CreatedObject {
  /** `repositories/file/file`, the access policy's `viewset_name`. */
  viewset: string;
  /** `file.filerepository`. */
  contentType: string;
  objectId: string;
}

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;

/**
 * The object a created resource names: its PRN (`prn:file.filerepository:<id>`) gives the role
 * reference, its path below the API root (`repositories/file/file/<id>/`, ids left out:
 * `repositories/file/file/<id>/versions/1/` → `repositories/file/file/versions`) the viewset.
 */
export function createdObject(prn: string, apiPath: string): CreatedObject | undefined {
  const match = /^prn:([a-z0-9_]+\.[a-z0-9_]+):(.+)$/.exec(prn);
  const viewset = apiPath
    .split('/')
    .filter((segment) => segment !== '' && !ID_SEGMENT.test(segment))
    .join('/');
  return match && viewset !== '' ? { viewset, contentType: match[1], objectId: match[2] } : undefined;
}

/**
 * SQL calling the hooks; the arguments are SQL expressions (placeholders): viewset, content type,
 * object id (text) and the creating user's id (null: nobody, no creator roles).
 */
export function creationHooksSql(viewset: string, contentType: string, objectId: string, creator: string): string {
  return `pulp_creation_hooks(${viewset}, ${contentType}, ${objectId}, ${creator})`;
}

/**
 * Runs the creation hooks of `object`, created by user `creatorId`, with `sql` (the creating
 * transaction's). A hook's failure throws (databasePulpError gives Pulp's answer) and undoes the create.
 */
export async function runCreationHooks(sql: Sql, object: CreatedObject, creatorId: number | null): Promise<void> {
  await sql(`SELECT ${creationHooksSql('$1', '$2', '$3', '$4::integer')}`, [
    object.viewset,
    object.contentType,
    object.objectId,
    creatorId,
  ]);
}
