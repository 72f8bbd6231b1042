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

interface ContentGuardRow extends TypedRow {
  name: string;
  description: string | null;
}

/** Pulp's ContentGuardFilter. */
export const CONTENT_GUARD_FILTERS: FilterSet = modelFilterSet(
  'g',
  {
    ...fieldFilters('name', 'g.name', 'text', NAME_LOOKUPS),
    ...pulpTypeFilters('g.pulp_type', 'contentguards'),
    ...identityFilters('g.pulp_id'),
  },
  ['pulp_type', 'name', 'description'],
);

@Injectable()
export class ContentGuardView extends TypedRowView<ContentGuardRow, ContentGuardResponse> {
  protected readonly source: RowSource = { id: 'g.pulp_id', from: 'core_contentguard g', columns: 'g.*', cached: true };
  readonly filters = CONTENT_GUARD_FILTERS;

  protected toResponse(row: ContentGuardRow): ContentGuardResponse {
    return { ...this.identity('contentguards', row), name: row.name, description: row.description };
  }
}
