import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { PG_POOL, type PgPoolLike } from '@pulp/database';
import {
  columnOrdering,
  fieldFilters,
  identityFilters,
  RowView,
  versionCondition,
  VERSION_ROW,
  type Filter,
  type FilterSet,
  type RowSource,
} from '@pulp/rest';
import { CHECKSUM_ALGORITHMS } from '@pulp/storage';
import { inVersion } from '../repository/membership';
import { orphanedForFilter } from '../lists/orphaned-for';
import { orphanArtifact } from '../orphans/orphan-conditions';
import type { ArtifactResponse } from './artifact.dto';
import type { ArtifactRow } from './artifact-store';

const ARTIFACTS: RowSource = {
  id: 'a.pulp_id',
  from: 'core_artifact a',
  columns: 'a.*',
  cached: true,
  domain: 'a.pulp_domain_id',
};

/** Pulp's ArtifactFilter; `orphaned_for=-1` means the instance's ORPHAN_PROTECTION_TIME. */
export function artifactFilters(orphanProtectionMinutes: number): FilterSet {
  return {
    filters: {
      ...CHECKSUM_ALGORITHMS.reduce<Record<string, Filter>>(
        (all, name) => ({ ...all, ...fieldFilters(name, `a.${name}`, 'text', ['exact']) }),
        {},
      ),
      repository_version: {
        schema: { type: 'string' },
        description: 'Repository Version referenced by HREF/PRN',
        where: (raw, params) =>
          `a.pulp_id IN (SELECT ca.artifact_id FROM core_repositoryversion v
                           JOIN core_repositorycontent rc ON rc.repository_id = v.repository_id
                           JOIN core_contentartifact ca ON ca.content_id = rc.content_id
                          WHERE v.complete AND ${inVersion('rc', 'v.number')}
                            AND ${versionCondition(VERSION_ROW, raw, params)})`,
      },
      orphaned_for: orphanedForFilter(
        'Minutes Artifacts have been orphaned for. -1 uses ORPHAN_PROTECTION_TIME.',
        orphanProtectionMinutes,
        'a.timestamp_of_interest',
        orphanArtifact('a'),
      ),
      ...identityFilters('a.pulp_id', 'core.artifact'),
    },
    ordering: columnOrdering('a', [
      'pulp_id',
      'pulp_created',
      'pulp_last_updated',
      'file',
      'size',
      ...CHECKSUM_ALGORITHMS,
      'timestamp_of_interest',
    ]),
    defaultOrder: 'a.pulp_created DESC, a.pulp_id DESC',
  };
}

@Injectable()
export class ArtifactViewService extends RowView<ArtifactRow, ArtifactResponse> {
  protected readonly source = ARTIFACTS;
  readonly filters: FilterSet;

  constructor(@Inject(PG_POOL) pool: PgPoolLike, settings: PulpSettings) {
    super(pool, settings);
    this.filters = artifactFilters(settings.ORPHAN_PROTECTION_TIME);
  }

  protected toResponse(row: ArtifactRow, api: string): ArtifactResponse {
    return {
      pulp_href: `${api}artifacts/${row.pulp_id}/`,
      prn: `prn:core.artifact:${row.pulp_id}`,
      pulp_created: row.pulp_created.toISOString(),
      pulp_last_updated: row.pulp_last_updated.toISOString(),
      file: row.file,
      size: Number(row.size),
      md5: row.md5,
      sha1: row.sha1,
      sha224: row.sha224,
      sha256: row.sha256,
      sha384: row.sha384,
      sha512: row.sha512,
    };
  }
}
