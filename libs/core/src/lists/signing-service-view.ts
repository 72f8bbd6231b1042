import { Injectable } from '@nestjs/common';
import { modelFilterSet, fieldFilters, identityFilters, RowView, type FilterSet, type RowSource } from '@pulp/rest';
import type { SigningServiceResponse } from './content.dto';

interface SigningServiceRow {
  pulp_id: string;
  pulp_created: Date;
  pulp_last_updated: Date;
  name: string;
  public_key: string;
  pubkey_fingerprint: string;
  script: string;
}

/** Pulp's SigningServiceFilter. */
export const SIGNING_SERVICE_FILTERS: FilterSet = modelFilterSet(
  's',
  {
    ...fieldFilters('name', 's.name', 'text', ['exact']),
    ...identityFilters('s.pulp_id', 'core.signingservice'),
  },
  ['name', 'public_key', 'pubkey_fingerprint', 'script'],
);

@Injectable()
export class SigningServiceView extends RowView<SigningServiceRow, SigningServiceResponse> {
  protected readonly source: RowSource = {
    id: 's.pulp_id',
    from: 'core_signingservice s',
    columns: 's.*',
    cached: true,
    domain: 's.pulp_domain_id',
  };
  readonly filters = SIGNING_SERVICE_FILTERS;

  protected toResponse(row: SigningServiceRow, api: string): SigningServiceResponse {
    return {
      pulp_href: `${api}signing-services/${row.pulp_id}/`,
      prn: `prn:core.signingservice:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      name: row.name,
      public_key: row.public_key,
      pubkey_fingerprint: row.pubkey_fingerprint,
      script: row.script,
    };
  }
}
