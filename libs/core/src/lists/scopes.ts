import type { ObjectScope, RowScope } from '@pulp/rest';
import type { Master } from '../detail-types/detail-types';

/**
 * How the API's lists are scoped to their caller (Pulp's scope_queryset), declared once per kind
 * of row: typed objects by the view permission of their detail type, content and versions through
 * the repositories the caller sees.
 */

/** Rows of `master` (alias `alias`, of type `pulpType` only when given): seen by the view permission of their type. */
export function typedScope(master: Master, alias: string, pulpType?: string): RowScope {
  return { objects: typedObjects(master, alias, pulpType) };
}

function typedObjects(master: Master, alias: string, pulpType?: string): ObjectScope {
  return {
    model: { master, pulpType, typeColumn: `${alias}.pulp_type` },
    id: `${alias}.pulp_id`,
    domain: `${alias}.pulp_domain_id`,
  };
}

const REPOSITORIES = { ...typedObjects('repositories', 'scoped'), from: 'core_repository scoped' };

/** Content (alias `alias`): seen in a repository the caller sees (never outside repositories). */
export function contentScope(alias: string): RowScope {
  return {
    through: REPOSITORIES,
    link: (visible) =>
      `EXISTS (SELECT 1 FROM core_repositorycontent rc
                WHERE rc.content_id = ${alias}.pulp_id${visible ? ` AND rc.repository_id IN (${visible})` : ''})`,
  };
}

/** Repository versions (alias `v`): seen with their repository. */
export const VERSION_SCOPE: RowScope = {
  through: REPOSITORIES,
  link: (visible) => visible && `v.repository_id IN (${visible})`,
};
