import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LABELS_PROPERTY, PulpObjectResponse } from '@pulp/rest';

// Class names and fields are those of Pulp 3.102's schema.

const uri = { type: 'string', format: 'uri', readOnly: true } as const;
const counts = { type: 'object', additionalProperties: { type: 'object' } } as const;

export class RepositoryResponse extends PulpObjectResponse {
  @ApiPropertyOptional(uri)
  versions_href!: string;
  @ApiPropertyOptional(LABELS_PROPERTY)
  pulp_labels!: Record<string, string | null>;
  @ApiPropertyOptional(uri)
  latest_version_href!: string | null;
  @ApiProperty({ description: 'A unique name for this repository.' })
  name!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'An optional description.' })
  description!: string | null;
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description: 'Retain X versions of the repository. Default is null which retains all versions.',
  })
  retain_repo_versions!: number | null;
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    nullable: true,
    description: 'An optional remote to use by default when syncing.',
  })
  remote!: string | null;
}

/** One type's share of a version: how many units, and the content list showing them. */
export interface ContentCount {
  count: number;
  href: string;
}

export class ContentSummaryResponse {
  @ApiProperty(counts)
  added!: Record<string, ContentCount>;
  @ApiProperty(counts)
  removed!: Record<string, ContentCount>;
  @ApiProperty(counts)
  present!: Record<string, ContentCount>;
}

export class RepositoryVersionResponse extends PulpObjectResponse {
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true })
  number!: number;
  @ApiPropertyOptional(uri)
  repository!: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    description:
      'A repository version whose content was used as the initial set of content for this repository version',
  })
  base_version!: string | null;
  @ApiPropertyOptional({
    type: ContentSummaryResponse,
    readOnly: true,
    description: 'Various count summaries of the content in the version and the HREF to view them.',
  })
  content_summary!: ContentSummaryResponse;
  @ApiPropertyOptional({ type: 'string', readOnly: true })
  vuln_report!: string;
}
