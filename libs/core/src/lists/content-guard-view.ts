import { Injectable } from '@nestjs/common';
import {
  modelFilterSet,
  fieldFilters,
  identityFilters,
  NAME_LOOKUPS,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import type { ContentGuardResponse } from './content.dto';
import { pulpTypeFilters } from './pulp-type-filters';
import { TypedRowView, type TypedRow } from './typed-row-view';
import { typedScope } from './scopes';

export interface ContentGuardRow extends TypedRow {
  name: string;
  description: string | null;
}

/** Pulp's ContentGuardFilter; `generic`: the list of every type, which filters by `pulp_type` too. */
export function contentGuardFilters(generic: boolean): FilterSet {
  return modelFilterSet(
    'g',
    {
      ...fieldFilters('name', 'g.name', 'text', NAME_LOOKUPS),
      ...(generic ? pulpTypeFilters('g.pulp_type', 'contentguards') : {}),
      ...identityFilters('g.pulp_id'),
    },
    ['pulp_type', 'name', 'description'],
  );
}

export const CONTENT_GUARD_FILTERS: FilterSet = contentGuardFilters(true);

@Injectable()
export class ContentGuardView extends TypedRowView<ContentGuardRow, ContentGuardResponse> {
  protected readonly source: RowSource = {
    id: 'g.pulp_id',
    from: 'core_contentguard g',
    columns: 'g.*',
    cached: true,
    scope: typedScope('contentguards', 'g'),
  };
  readonly filters: FilterSet = CONTENT_GUARD_FILTERS;

  protected toResponse(row: ContentGuardRow): ContentGuardResponse {
    return { ...this.identity('contentguards', row), name: row.name, description: row.description };
  }
}
