import { PulpValidationError } from '@pulp/errors';
import type { Sql } from '@pulp/database';
import { existingRows } from '../references';
import type { DetailFields } from '../typed/detail-fields';
import { CompositeGuardFields, CompositeGuardShown, HeaderGuardFields, HeaderGuardShown } from './content-guard.dto';
import { JQ_SUBSET, parseJqPath } from '@pulp/config/jq-path';
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
