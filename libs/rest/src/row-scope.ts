import type { SqlParams } from './sql-params';

/**
 * Which rows of a resource the caller of the request may see (Pulp's queryset scoping). A RowSource
 * declares how its rows are scoped; the provider behind ROW_SCOPES (RBAC's, in libs/rbac) turns the
 * declaration into a SQL condition for the caller in context. Declared here, so that every RowView
 * applies it in one place without knowing who asks.
 */
export const ROW_SCOPES = Symbol('pulp:row-scopes');

/**
 * Rows seen by holding their model's view permission (`core.view_task`) model-wide, on their domain
 * or on the row itself. `model` is the model (`core.task`), or a master (`repositories`) whose rows
 * are of the detail model their `typeColumn` names (all of the master's types, or `pulpType` only).
 */
export interface ObjectScope {
  model: string | { master: string; pulpType?: string; typeColumn: string };
  /** The row's id column (`t.pulp_id`), a uuid unless `idType` says otherwise (users, groups). */
  id: string;
  idType?: 'uuid' | 'integer';
  /** The row's domain column (`t.pulp_domain_id`); none for objects outside domains (groups). */
  domain?: string;
}

/**
 * How a resource's rows are scoped: by their own view permission, or through rows of another
 * resource (`from`: its table and alias, scoped by `objects`): `link` gets a subquery of the ids of
 * those the caller sees (undefined: the caller sees them all) and gives the rows' condition
 * (undefined: no condition).
 */
export type RowScope =
  | { objects: ObjectScope }
  | { through: ObjectScope & { from: string }; link: (visible: string | undefined) => string | undefined };

/** Gives the SQL condition scoping rows to the caller in context (its values added to `params`), or undefined: all rows. */
export interface RowScopes {
  condition(scope: RowScope, params: SqlParams): Promise<string | undefined>;
}
