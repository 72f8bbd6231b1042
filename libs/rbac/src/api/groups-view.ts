import { Injectable } from '@nestjs/common';
import { fieldFilters, RowView, type FilterSet, type RowSource, integerIdentityFilters } from '@pulp/rest';
import type { GroupResponse } from './groups.dto';
import { groupHref } from './users-view';

interface GroupRow {
  id: number;
  name: string;
}

/** Pulp's GroupViewSet filterset; by name, as Pulp orders groups. */
export const GROUP_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters('id', 'g.id', 'integer', ['exact', 'in']),
    ...fieldFilters('name', 'g.name', 'text', ['exact', 'iexact', 'in', 'contains', 'icontains']),
    ...integerIdentityFilters('g.id', 'core.group'),
  },
  ordering: { id: 'g.id', name: 'g.name', pk: 'g.id' },
  defaultOrder: 'g.name, g.id',
};

@Injectable()
export class GroupView extends RowView<GroupRow, GroupResponse> {
  protected readonly source: RowSource = {
    id: 'g.id',
    idType: 'integer',
    from: 'auth_group g',
    columns: 'g.id, g.name',
    // Pulp's queryset_filtering_required_permission: core.view_group, model-wide or on the group.
    scope: { objects: { model: 'core.group', id: 'g.id', idType: 'integer' } },
  };
  readonly filters = GROUP_FILTERS;

  protected toResponse(row: GroupRow, api: string): GroupResponse {
    return { name: row.name, pulp_href: groupHref(api, row.id), prn: `prn:core.group:${row.id}`, id: row.id };
  }
}
