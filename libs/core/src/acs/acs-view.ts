import { fieldFilters, identityFilters, modelFilterSet, NAME_LOOKUPS, type FilterSet } from '@pulp/rest';
import { TypedRowView, type TypedRow } from '../lists/typed-row-view';
import type { AcsResponse } from './acs.dto';
import { typedScope } from '../lists/scopes';

interface AcsRow extends TypedRow {
  name: string;
  last_refreshed: Date | null;
  paths: string[];
  remote_id: string;
  remote_type: string;
}

/** Pulp's AlternateContentSourceFilter. */
export const ACS_FILTERS: FilterSet = modelFilterSet(
  'a',
  {
    ...fieldFilters('name', 'a.name', 'text', NAME_LOOKUPS),
    ...identityFilters('a.pulp_id'),
  },
  ['pulp_type', 'name', 'last_refreshed'],
);

/** One type's alternate content sources, with their paths (sorted) and remote. */
export function acsView(pulpType: string) {
  return class AcsView extends TypedRowView<AcsRow, AcsResponse> {
    protected readonly source = {
      id: 'a.pulp_id',
      from: `(SELECT * FROM core_alternatecontentsource WHERE pulp_type = '${pulpType}') a`,
      columns: `a.*,
        ARRAY(SELECT p.path FROM core_alternatecontentsourcepath p
               WHERE p.alternate_content_source_id = a.pulp_id ORDER BY p.path) AS paths,
        (SELECT m.pulp_type FROM core_remote m WHERE m.pulp_id = a.remote_id) AS remote_type`,
      cached: true,
      scope: typedScope('acs', 'a', pulpType),
    };
    readonly filters = ACS_FILTERS;

    protected toResponse(row: AcsRow): AcsResponse {
      return {
        ...this.identity('acs', row),
        name: row.name,
        last_refreshed: row.last_refreshed?.toISOString() ?? null,
        paths: row.paths,
        remote: this.href('remotes', row.remote_type, row.remote_id)!,
      };
    }
  };
}
