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
import { pulpTypeFilters } from './pulp-type-filters';
import type { GenericRemoteResponse } from './remote.dto';
import { TypedRowView, type TypedRow } from './typed-row-view';

/** Write-only fields, in Pulp's order: never shown, only whether they are set. */
const HIDDEN_FIELDS = ['client_key', 'proxy_username', 'proxy_password', 'username', 'password'] as const;

type RemoteRow = TypedRow &
  Record<(typeof HIDDEN_FIELDS)[number], string | null> &
  Omit<GenericRemoteResponse, 'pulp_href' | 'prn' | 'pulp_created' | 'pulp_last_updated' | 'hidden_fields'>;

const REMOTES: RowSource = { id: 'm.pulp_id', from: 'core_remote m', columns: 'm.*', cached: true };

/** Pulp's RemoteFilter. */
export const REMOTE_FILTERS: FilterSet = modelFilterSet(
  'm',
  {
    ...fieldFilters('name', 'm.name', 'text', NAME_LOOKUPS),
    ...fieldFilters('pulp_last_updated', 'm.pulp_last_updated', 'datetime', DATETIME_LOOKUPS),
    ...pulpTypeFilters('m.pulp_type', 'remotes'),
    pulp_label_select: labelSelectFilter('m.pulp_labels'),
    ...identityFilters('m.pulp_id'),
  },
  [
    'pulp_type',
    'name',
    'pulp_labels',
    'url',
    'ca_cert',
    'client_cert',
    'client_key',
    'tls_validation',
    'username',
    'password',
    'proxy_url',
    'proxy_username',
    'proxy_password',
    'download_concurrency',
    'max_retries',
    'policy',
    'total_timeout',
    'connect_timeout',
    'sock_connect_timeout',
    'sock_read_timeout',
    'headers',
    'rate_limit',
  ],
);

@Injectable()
export class RemoteView extends TypedRowView<RemoteRow, GenericRemoteResponse> {
  protected readonly source = REMOTES;
  readonly filters = REMOTE_FILTERS;

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
