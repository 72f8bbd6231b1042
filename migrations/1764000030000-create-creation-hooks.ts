import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CREATION_HOOK_FAILED,
  CREATION_HOOK_REFUSED,
  notifyTableChangesSql,
  TABLE_CHANGES_CHANNEL,
  TABLE_CHANGES_FUNCTION,
} from '@pulp/database';

/**
 * Pulp's creation hooks (AutoAddObjPermsMixin) as one database function, so an API create, a task
 * creating an object and the task insert itself (no extra round trip) run the same code in the
 * creating transaction: `pulp_creation_hooks(viewset, content_type, object_id, creator)` reads the
 * `creation_hooks` of the viewset's stored access policy and assigns their roles on the new object:
 * `add_roles_for_object_creator` to the creator (none: skipped), `add_roles_for_users` and
 * `add_roles_for_groups` to the users or groups named. Failures raise Pulp's messages under our
 * own SQLSTATEs, which the apps turn into Pulp's answers (database-errors.ts): an unregistered hook
 * or a missing user or group is a server error, a role missing or carrying no permission on the
 * object's model is the client's (Pulp's BadRequest).
 */

/** PL/pgSQL assigning a hook's roles on the object to each user or group id of `holders` (a FROM item). */
const assignRoles = (holder: 'user' | 'group', holders: string) =>
  `INSERT INTO core_${holder}role (pulp_id, ${holder}_id, role_id, content_type, object_id)
   SELECT pulp_uuid7(), h.id, r.id, object_type, object_pk
     FROM ${holders} h(id), unnest(pulp_hook_roles(hook, object_type)) r(id)
   ON CONFLICT DO NOTHING;`;

const STATEMENTS = [
  // A hook parameter naming one thing ("x") or several (["x", "y"]); null when it is neither.
  `CREATE FUNCTION pulp_hook_names(names jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE jsonb_typeof(names)
              WHEN 'string' THEN ARRAY[names #>> '{}']
              WHEN 'array' THEN ARRAY(SELECT jsonb_array_elements_text(names))
            END
   $$`,
  // The roles of one hook, each checked as Pulp's assign_role checks it before assigning it.
  `CREATE FUNCTION pulp_hook_roles(hook jsonb, object_type text) RETURNS uuid[] LANGUAGE plpgsql STABLE AS $$
   DECLARE
     names text[] := pulp_hook_names(hook #> '{parameters,roles}');
     role_name text;
     found_role uuid;
     roles uuid[] := '{}';
   BEGIN
     IF names IS NULL THEN
       RAISE EXCEPTION USING ERRCODE = '${CREATION_HOOK_FAILED}',
         MESSAGE = format('Creation hook ''%s'' needs the parameter ''roles''.', hook ->> 'function');
     END IF;
     FOREACH role_name IN ARRAY names LOOP
       found_role := (SELECT r.pulp_id FROM core_role r WHERE r.name = role_name);
       IF found_role IS NULL THEN
         RAISE EXCEPTION USING ERRCODE = '${CREATION_HOOK_REFUSED}',
           MESSAGE = format('The role ''%s'' does not exist.', role_name);
       END IF;
       IF NOT EXISTS (SELECT 1 FROM core_role_permissions rp JOIN auth_permission p ON p.id = rp.permission_id
                       WHERE rp.role_id = found_role AND p.app_label || '.' || p.model = object_type) THEN
         RAISE EXCEPTION USING ERRCODE = '${CREATION_HOOK_REFUSED}',
           MESSAGE = format('The role ''%s'' does not carry any permission for that object.', role_name);
       END IF;
       roles := roles || found_role;
     END LOOP;
     RETURN roles;
   END
   $$`,
  // Users (or groups) named by a hook's parameter, by id; a name that does not exist fails the create.
  `CREATE FUNCTION pulp_hook_holders(hook jsonb, parameter text, holders text) RETURNS integer[]
   LANGUAGE plpgsql STABLE AS $$
   DECLARE
     names text[] := pulp_hook_names(hook -> 'parameters' -> parameter);
     holder_ids integer[];
   BEGIN
     IF names IS NULL THEN
       RAISE EXCEPTION USING ERRCODE = '${CREATION_HOOK_FAILED}',
         MESSAGE = format('Creation hook ''%s'' needs the parameter ''%s''.', hook ->> 'function', parameter);
     END IF;
     IF holders = 'user' THEN
       holder_ids := ARRAY(SELECT u.id FROM auth_user u WHERE u.username = ANY(names));
     ELSE
       holder_ids := ARRAY(SELECT g.id FROM auth_group g WHERE g.name = ANY(names));
     END IF;
     IF cardinality(holder_ids) < cardinality(ARRAY(SELECT DISTINCT unnest(names))) THEN
       RAISE EXCEPTION USING ERRCODE = '${CREATION_HOOK_FAILED}',
         MESSAGE = format('Creation hook ''%s'': a %s it names does not exist.', hook ->> 'function', holders);
     END IF;
     RETURN holder_ids;
   END
   $$`,
  `CREATE FUNCTION pulp_creation_hooks(hook_viewset text, object_type text, object_pk text, creator integer) RETURNS void
   LANGUAGE plpgsql VOLATILE AS $$
   DECLARE
     hook jsonb;
   BEGIN
     FOR hook IN SELECT h FROM core_accesspolicy ap, jsonb_array_elements(coalesce(ap.creation_hooks, '[]')) h
                  WHERE ap.viewset_name = hook_viewset LOOP
       CASE hook ->> 'function'
         WHEN 'add_roles_for_object_creator' THEN
           -- Without a user (an anonymous or system create) Pulp assigns nothing, checks nothing.
           IF creator IS NOT NULL THEN
             ${assignRoles('user', '(VALUES (creator))')}
           END IF;
         WHEN 'add_roles_for_users' THEN
           ${assignRoles('user', "unnest(pulp_hook_holders(hook, 'users', 'user'))")}
         WHEN 'add_roles_for_groups' THEN
           ${assignRoles('group', "unnest(pulp_hook_holders(hook, 'groups', 'group'))")}
         ELSE
           RAISE EXCEPTION USING ERRCODE = '${CREATION_HOOK_FAILED}',
             MESSAGE = format('Creation hook ''%s'' was not registered for this view set.', hook ->> 'function');
       END CASE;
     END LOOP;
   END
   $$`,
  // Every dispatch by a user inserts its task_owner row, and a task's deletion deletes it: that must
  // not drop every cached list (none reads task roles; tasks are never cached), so inserts and
  // deletes of task roles only do not notify.
  'DROP TRIGGER core_userrole_notify_changes ON core_userrole',
  `CREATE TRIGGER core_userrole_notify_changes AFTER UPDATE OR TRUNCATE ON core_userrole
     FOR EACH STATEMENT EXECUTE FUNCTION ${TABLE_CHANGES_FUNCTION}()`,
  `CREATE FUNCTION pulp_notify_userrole_changes() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM changed WHERE content_type IS DISTINCT FROM 'core.task') THEN
       PERFORM pg_notify('${TABLE_CHANGES_CHANNEL}', TG_TABLE_NAME);
     END IF;
     RETURN NULL;
   END $$`,
  ...[
    ['inserts', 'INSERT', 'NEW'],
    ['deletes', 'DELETE', 'OLD'],
  ].map(
    ([name, event, table]) =>
      `CREATE TRIGGER core_userrole_notify_${name} AFTER ${event} ON core_userrole
         REFERENCING ${table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION pulp_notify_userrole_changes()`,
  ),
];

export class CreateCreationHooks1764000030000 implements MigrationInterface {
  name = 'CreateCreationHooks1764000030000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER core_userrole_notify_changes ON core_userrole');
    await queryRunner.query('DROP FUNCTION pulp_notify_userrole_changes() CASCADE');
    await queryRunner.query(notifyTableChangesSql('core_userrole'));
    await queryRunner.query(
      'DROP FUNCTION pulp_creation_hooks(text, text, text, integer), pulp_hook_holders(jsonb, text, text), ' +
        'pulp_hook_roles(jsonb, text), pulp_hook_names(jsonb)',
    );
  }
}
