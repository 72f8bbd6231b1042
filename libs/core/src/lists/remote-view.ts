import { Injectable } from '@nestjs/common';
import {
  modelFilterSet,
  DATETIME_LOOKUPS,
  fieldFilters,
  identityFilters,
  labelSelectFilter,
  NAME_LOOKUPS,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import { REMOTE_COLUMNS } from '../typed/remote-columns';
import { pulpTypeFilters } from './pulp-type-filters';
import type { GenericRemoteResponse } from './remote.dto';
import { TypedRowView, type TypedRow } from './typed-row-view';
import { typedScope } from './scopes';

/** Write-only fields, in Pulp's order: never shown, only whether they are set. */
export const HIDDEN_FIELDS = ['client_key', 'proxy_username', 'proxy_password', 'username', 'password'] as const;

/** A `core_remote` row as the views (and a sync task) read it. */
export type RemoteRow = TypedRow &
  Record<(typeof HIDDEN_FIELDS)[number], string | null> &
  Omit<GenericRemoteResponse, 'pulp_href' | 'prn' | 'pulp_created' | 'pulp_last_updated' | 'hidden_fields'>;

/** Remotes of one type, or all. */
export function remoteSource(pulpType?: string): RowSource {
  return {
    id: 'm.pulp_id',
    from: pulpType ? `(SELECT * FROM core_remote WHERE pulp_type = '${pulpType}') m` : 'core_remote m',
    columns: 'm.*',
    cached: true,
    scope: typedScope('remotes', 'm', pulpType),
  };
}

/** Pulp's RemoteFilter; a typed list (one type's remotes) has no `pulp_type` filters. */
export function remoteFilters(typed: boolean): FilterSet {
  return modelFilterSet(
    'm',
    {
      ...fieldFilters('name', 'm.name', 'text', NAME_LOOKUPS),
      ...fieldFilters('pulp_last_updated', 'm.pulp_last_updated', 'datetime', DATETIME_LOOKUPS),
      ...(typed ? {} : pulpTypeFilters('m.pulp_type', 'remotes')),
      pulp_label_select: labelSelectFilter('m.pulp_labels'),
      ...identityFilters('m.pulp_id'),
    },
    // Pulp's remote lists order by the model's fields.
    ['pulp_type', ...REMOTE_COLUMNS],
  );
}

export const REMOTE_FILTERS: FilterSet = remoteFilters(false);

@Injectable()
export class RemoteView extends TypedRowView<RemoteRow, GenericRemoteResponse> {
  protected readonly source: RowSource = remoteSource();
  readonly filters: FilterSet = REMOTE_FILTERS;

  protected toResponse(row: RemoteRow): GenericRemoteResponse {
    return {
      ...this.identity('remotes', row),
      name: row.name,
      url: row.url,
      ca_cert: row.ca_cert,
      client_cert: row.client_cert,
      tls_validation: row.tls_validation,
      proxy_url: row.proxy_url,
      pulp_labels: row.pulp_labels,
      download_concurrency: row.download_concurrency,
      max_retries: row.max_retries,
      policy: row.policy,
      total_timeout: row.total_timeout,
      connect_timeout: row.connect_timeout,
      sock_connect_timeout: row.sock_connect_timeout,
      sock_read_timeout: row.sock_read_timeout,
      headers: row.headers,
      rate_limit: row.rate_limit,
      hidden_fields: HIDDEN_FIELDS.map((name) => ({ name, is_set: row[name] !== null && row[name] !== '' })),
    };
  }
}
