import { ApiProperty, ApiPropertyOptional, ApiSchema, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, MinLength } from 'class-validator';
import { LABELS_PROPERTY, LandsIn } from '@pulp/rest';
import { DistributionResponse } from '../lists/distribution.dto';

const BASE_PATH =
  'The base (relative) path component of the published url. Avoid paths that                     ' +
  'overlap with other distribution base paths (e.g. "foo" and "foo/bar")';
const REPOSITORY_VERSION = {
  type: 'string',
  format: 'uri',
  nullable: true,
  description: 'RepositoryVersion to be served',
} as const;

/** The writable fields every distribution has (Pulp's DistributionSerializer, without publication). */
export class DistributionFields {
  @ApiProperty({ minLength: 1, description: BASE_PATH })
  @IsString()
  @MinLength(1)
  @LandsIn('basePath')
  base_path!: string;
  @ApiPropertyOptional({ type: 'string', format: 'uri', nullable: true, description: 'An optional content-guard.' })
  @IsOptional()
  @IsString()
  content_guard?: string | null;
  @ApiPropertyOptional({
    type: 'boolean',
    default: false,
    description: 'Whether this distribution should be shown in the content app.',
  })
  @IsOptional()
  @IsBoolean()
  hidden?: boolean;
  @ApiPropertyOptional(LABELS_PROPERTY)
  @IsOptional()
  @IsObject()
  pulp_labels?: Record<string, string | null>;
  @ApiProperty({ minLength: 1, description: 'A unique name. Ex, `rawhide` and `stable`.' })
  @IsString()
  @MinLength(1)
  @LandsIn('name')
  name!: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    nullable: true,
    description: 'The latest RepositoryVersion for this Repository will be served.',
  })
  @IsOptional()
  @IsString()
  repository?: string | null;
  @ApiPropertyOptional(REPOSITORY_VERSION)
  @IsOptional()
  @IsString()
  repository_version?: string | null;
}

/** A distribution serving a repository or one of its versions. */
export class RepositoryDistributionResponse extends DistributionResponse {
  @ApiPropertyOptional(REPOSITORY_VERSION)
  repository_version!: string | null;
}

const PUBLICATION = {
  type: 'string',
  format: 'uri',
  nullable: true,
  description: 'Publication to be served',
} as const;

/**
 * The writable fields of a distribution serving publications (Pulp's file distribution): a
 * publication, or a repository (its latest published version), and the checkpoint flag. Pulp
 * 3.102's schema does not show `repository_version` on these; it is still taken (pulp-glue ≥ 3.106
 * sends it), only left out of the component.
 */
export class PublicationDistributionFields extends OmitType(DistributionFields, ['repository_version'] as const) {
  @IsOptional()
  @IsString()
  repository_version?: string | null;
  @ApiPropertyOptional(PUBLICATION)
  @IsOptional()
  @IsString()
  publication?: string | null;
  @ApiPropertyOptional({ type: 'boolean' })
  @IsOptional()
  @IsBoolean()
  checkpoint?: boolean;
}

/** A distribution serving publications; its body also carries `repository_version` (see the fields). */
export class PublicationDistributionResponse extends DistributionResponse {
  repository_version!: string | null;
  @ApiPropertyOptional(PUBLICATION)
  publication!: string | null;
  @ApiPropertyOptional({ type: 'boolean' })
  checkpoint!: boolean;
}

/**
 * A distribution type's components, named as Pulp names them (`OpenPGPDistribution`, `Patched…`,
 * `…Response`); `publications`: the type serves publications (see PublicationDistributionFields).
 */
export function distributionDtos(component: string, publications: boolean) {
  const fields = publications ? PublicationDistributionFields : DistributionFields;
  const shown = publications ? PublicationDistributionResponse : RepositoryDistributionResponse;
  @ApiSchema({ name: component })
  class Request extends fields {}
  @ApiSchema({ name: `Patched${component}` })
  class Patched extends PartialType(fields) {}
  @ApiSchema({ name: `${component}Response` })
  class Response extends shown {}
  return { request: Request, patched: Patched as typeof DistributionFields, response: Response };
}
