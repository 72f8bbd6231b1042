import { commaList, type Filter } from './filters';
import { referencedId } from './identity-filters';

/** How a related-object filter is documented: its schema and description as Pulp's schema has them. */
export interface RelatedFilterDoc {
  schema: Record<string, unknown>;
  description?: string;
}

/**
 * A filter on one related object named by href, PRN or uuid (a bad one answers `URI not valid`):
 * `where` receives the uuid's placeholder. With `whereNull`, the value `null` means "none set".
 */
export function relatedFilter(doc: RelatedFilterDoc, where: (id: string) => string, whereNull?: string): Filter {
  return {
    ...doc,
    where: (raw, params) =>
      whereNull !== undefined && raw === 'null' ? whereNull : where(params.add(referencedId(raw), 'uuid')),
  };
}

/** The comma-separated form (`…__in`): `where` receives the placeholder of a uuid array. */
export function relatedListFilter(doc: RelatedFilterDoc, where: (ids: string) => string): Filter {
  return {
    ...doc,
    list: true,
    where: (raw, params) => where(params.add(commaList(raw).map(referencedId), 'uuid[]')),
  };
}
