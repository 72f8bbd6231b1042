import { Injectable } from '@nestjs/common';
import {
  columnOrdering,
  fieldFilters,
  RowView,
  type FilterSet,
  type Lookup,
  type RowSource,
  integerIdentityFilters,
} from '@pulp/rest';
import type { UserResponse } from './users.dto';

interface UserRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_staff: boolean;
  is_active: boolean;
  date_joined: Date;
  /** Never the password itself: only whether one is stored (Pulp's hidden_fields). */
  password_set: boolean;
  groups: Array<{ id: number; name: string }>;
}

const TEXT_LOOKUPS: readonly Lookup[] = ['exact', 'iexact', 'in', 'contains', 'icontains'];

/** Pulp's UserViewSet filterset; newest first, as Pulp orders users. */
export const USER_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters('username', 'u.username', 'text', TEXT_LOOKUPS),
    ...fieldFilters('first_name', 'u.first_name', 'text', TEXT_LOOKUPS),
    ...fieldFilters('last_name', 'u.last_name', 'text', TEXT_LOOKUPS),
    ...fieldFilters('email', 'u.email', 'text', TEXT_LOOKUPS),
    ...fieldFilters('is_active', 'u.is_active', 'boolean', ['exact']),
    ...fieldFilters('is_staff', 'u.is_staff', 'boolean', ['exact']),
    ...integerIdentityFilters('u.id', 'auth.user'),
  },
  ordering: {
    ...columnOrdering('u', [
      'id',
      'password',
      'last_login',
      'is_superuser',
      'username',
      'first_name',
      'last_name',
      'email',
      'is_staff',
      'is_active',
      'date_joined',
    ]),
    pk: 'u.id',
  },
  defaultOrder: 'u.date_joined DESC, u.id DESC',
};

/** A user's href, as every body naming a user gives it. */
export function userHref(api: string, id: number | string): string {
  return `${api}users/${id}/`;
}

export function groupHref(api: string, id: number | string): string {
  return `${api}groups/${id}/`;
}

@Injectable()
export class UserView extends RowView<UserRow, UserResponse> {
  protected readonly source: RowSource = {
    id: 'u.id',
    idType: 'integer',
    from: 'auth_user u',
    columns: `u.id, u.username, u.first_name, u.last_name, u.email, u.is_staff, u.is_active, u.date_joined,
              u.password <> '' AS password_set,
              (SELECT coalesce(json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name), '[]')
                 FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id
                WHERE ug.user_id = u.id) AS groups`,
  };
  readonly filters = USER_FILTERS;

  protected toResponse(row: UserRow, api: string): UserResponse {
    return {
      pulp_href: userHref(api, row.id),
      prn: `prn:auth.user:${row.id}`,
      id: row.id,
      username: row.username,
      first_name: row.first_name,
      last_name: row.last_name,
      email: row.email,
      is_staff: row.is_staff,
      is_active: row.is_active,
      date_joined: row.date_joined.toISOString(),
      groups: row.groups.map((group) => ({
        name: group.name,
        pulp_href: groupHref(api, group.id),
        prn: `prn:core.group:${group.id}`,
      })),
      hidden_fields: [{ name: 'password', is_set: row.password_set }],
    };
  }
}
