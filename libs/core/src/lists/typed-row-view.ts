import { Inject } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PG_POOL, type PgPoolLike } from '@pulp/database';
import { RowView, type FilterSet } from '@pulp/rest';
import { DetailTypes, type Master } from '../detail-types/detail-types';

/** The columns every typed (master/detail) row has. */
export interface TypedRow {
  pulp_id: string;
  pulp_type: string;
  pulp_created: Date;
  pulp_last_updated: Date;
}

/** A generic list's rows: bodies that name typed objects by their detail hrefs and PRNs. */
export abstract class TypedRowView<Row, Response> extends RowView<Row, Response> {
  constructor(
    @Inject(PG_POOL) pool: PgPoolLike,
    settings: PulpSettings,
    protected readonly types: DetailTypes,
  ) {
    super(pool, settings);
  }

  /** The filterset the list is read with. */
  abstract readonly filters: FilterSet;

  /** The detail href of a `master` object, or null when there is none. */
  protected href(master: Master, pulpType: string | null, id: string | null): string | null {
    return id === null || pulpType === null ? null : this.types.href(this.api, master, pulpType, id);
  }

  /** The href of version `number` of a repository, or null when there is none. */
  protected versionHref(repositoryType: string | null, repositoryId: string | null, number: number | null) {
    const repository = this.href('repositories', repositoryType, repositoryId);
    return repository === null || number === null ? null : `${repository}versions/${number}/`;
  }

  /** `pulp_href`, `prn`, `pulp_created` and `pulp_last_updated` of a typed row of `master`. */
  protected identity(master: Master, row: TypedRow) {
    return {
      pulp_href: this.types.href(this.api, master, row.pulp_type, row.pulp_id),
      prn: this.types.prn(master, row.pulp_type, row.pulp_id),
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
    };
  }
}
