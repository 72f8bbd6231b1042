import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LABELS_PROPERTY, PulpObjectResponse } from '@pulp/rest';

/** The fields of every distribution; artifact distributions have nothing else. */
export class ArtifactDistributionResponse extends PulpObjectResponse {
  @ApiProperty({
    description:
      'The base (relative) path component of the published url. Avoid paths that                     ' +
      'overlap with other distribution base paths (e.g. "foo" and "foo/bar")',
  })
  base_path!: string;
  @ApiPropertyOptional({
    type: 'string',
    readOnly: true,
    description: 'The URL for accessing the publication as defined by this distribution.',
  })
  base_url!: string;
  @ApiPropertyOptional({ type: 'string', format: 'uri', nullable: true, description: 'An optional content-guard.' })
  content_guard!: string | null;
  @ApiPropertyOptional({
    type: 'string',
    readOnly: true,
    description:
      'Timestamp since when the distributed content served by this distribution has not changed. If equals to ' +
      '`null`, no guarantee is provided about content changes.',
  })
  no_content_change_since!: string | null;
  @ApiPropertyOptional({
    type: 'boolean',
    default: false,
    description: 'Whether this distribution should be shown in the content app.',
  })
  hidden!: boolean;
  @ApiPropertyOptional(LABELS_PROPERTY)
  pulp_labels!: Record<string, string | null>;
  @ApiProperty({ description: 'A unique name. Ex, `rawhide` and `stable`.' })
  name!: string;
}

export class DistributionResponse extends ArtifactDistributionResponse {
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    nullable: true,
    description: 'The latest RepositoryVersion for this Repository will be served.',
  })
  repository!: string | null;
}
