import type { MigrationInterface, QueryRunner } from 'typeorm';
import { notifyTableChangesSql } from '@pulp/database';

/**
 * Pulp's authorization model: groups and their members, permissions (`file.view_filerepository`:
 * app label, codename, the model it is about), roles as named sets of permissions, role
 * assignments to users and groups (model-wide, on one domain, or on one object: Pulp's generic
 * `content_type` + `object_id`, text because users and groups have integer ids), and one access
 * policy per viewset. What exists from the start (permissions, locked roles, default policies) is
 * written by `migrate` after the migrations, from the catalogues of core and the plugins, as Pulp's
 * post-migrate step writes it.
 */
const STATEMENTS = [
  `CREATE TABLE auth_group (
    id serial PRIMARY KEY,
    name varchar(150) NOT NULL UNIQUE)`,
  `CREATE TABLE auth_user_groups (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES auth_user ON DELETE CASCADE,
    group_id integer NOT NULL REFERENCES auth_group ON DELETE CASCADE,
    UNIQUE (user_id, group_id))`,
  'CREATE INDEX auth_user_groups_group ON auth_user_groups (group_id)',
  `CREATE TABLE auth_permission (
    id serial PRIMARY KEY,
    app_label varchar(100) NOT NULL,
    codename varchar(100) NOT NULL,
    model varchar(100) NOT NULL,
    name varchar(255) NOT NULL,
    UNIQUE (app_label, codename))`,
  `CREATE TABLE core_role (
    pulp_id uuid PRIMARY KEY,
    pulp_created timestamptz NOT NULL DEFAULT now(),
    pulp_last_updated timestamptz NOT NULL DEFAULT now(),
    name text NOT NULL UNIQUE,
    description text,
    locked boolean NOT NULL DEFAULT false)`,
  `CREATE TABLE core_role_permissions (
    id serial PRIMARY KEY,
    role_id uuid NOT NULL REFERENCES core_role ON DELETE CASCADE,
    permission_id integer NOT NULL REFERENCES auth_permission ON DELETE CASCADE,
    UNIQUE (role_id, permission_id))`,
  'CREATE INDEX core_role_permissions_permission ON core_role_permissions (permission_id)',
  ...['user', 'group'].flatMap((holder) => [
    `CREATE TABLE core_${holder}role (
      pulp_id uuid PRIMARY KEY,
      pulp_created timestamptz NOT NULL DEFAULT now(),
      pulp_last_updated timestamptz NOT NULL DEFAULT now(),
      ${holder}_id integer NOT NULL REFERENCES auth_${holder} ON DELETE CASCADE,
      role_id uuid NOT NULL REFERENCES core_role ON DELETE CASCADE,
      content_type varchar(100),
      object_id text,
      domain_id uuid REFERENCES core_domain ON DELETE CASCADE,
      CHECK ((content_type IS NULL) = (object_id IS NULL)),
      CHECK (object_id IS NULL OR domain_id IS NULL),
      UNIQUE NULLS NOT DISTINCT (${holder}_id, role_id, content_type, object_id, domain_id))`,
    `CREATE INDEX core_${holder}role_object ON core_${holder}role (content_type, object_id)`,
    `CREATE INDEX core_${holder}role_role ON core_${holder}role (role_id)`,
  ]),
  `CREATE TABLE core_accesspolicy (
    pulp_id uuid PRIMARY KEY,
    pulp_created timestamptz NOT NULL DEFAULT now(),
    pulp_last_updated timestamptz NOT NULL DEFAULT now(),
    viewset_name text NOT NULL UNIQUE,
    statements jsonb NOT NULL,
    creation_hooks jsonb NOT NULL DEFAULT '[]',
    queryset_scoping jsonb,
    customized boolean NOT NULL DEFAULT false)`,
];

/** Every table a permission check reads: caches of grants and policies are dropped when one changes. */
const TABLES = [
  'auth_group',
  'auth_user_groups',
  'auth_permission',
  'core_role',
  'core_role_permissions',
  'core_userrole',
  'core_grouprole',
  'core_accesspolicy',
];

export class CreateRbac1764000025000 implements MigrationInterface {
  name = 'CreateRbac1764000025000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...STATEMENTS, ...[...TABLES, 'auth_user'].map(notifyTableChangesSql)]) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['core_accesspolicy', 'core_grouprole', 'core_userrole', ...TABLES.slice(0, 5).reverse()]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
