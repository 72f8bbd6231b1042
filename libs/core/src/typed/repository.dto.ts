import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, MinLength } from 'class-validator';
import { LABELS_PROPERTY, LandsIn } from '@pulp/rest';
import { RepositoryResponse } from '../lists/repository.dto';
import { withDetail } from './detail-dtos';
import type { DetailFields } from './detail-fields';

/** The writable fields every repository has (Pulp's RepositorySerializer). */
export class RepositoryFields {
  @ApiPropertyOptional(LABELS_PROPERTY)
  @IsOptional()
  @IsObject()
  pulp_labels?: Record<string, string | null>;
  @ApiProperty({ minLength: 1, description: 'A unique name for this repository.' })
  @IsString()
  @MinLength(1)
  @LandsIn('name')
  name!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, minLength: 1, description: 'An optional description.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  description?: string | null;
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description: 'Retain X versions of the repository. Default is null which retains all versions.',
  })
  @IsOptional()
  @IsInt()
  retain_repo_versions?: number | null;
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    nullable: true,
    description: 'An optional remote to use by default when syncing.',
  })
  @IsOptional()
  @IsString()
  remote?: string | null;
}

/** A repository type's three components, named as Pulp names them (`OpenPGPKeyring`, `Patched…`, `…Response`). */
export interface RepositoryDtos {
  request: typeof RepositoryFields;
  patched: typeof RepositoryFields;
  response: typeof RepositoryResponse;
}

/** With `detail`, the type's own fields follow the common ones in each component. */
export function repositoryDtos(component: string, detail?: DetailFields): RepositoryDtos {
  const { fields, shown } = withDetail(RepositoryFields, RepositoryResponse, detail);
  @ApiSchema({ name: component })
  class Request extends fields {}
  @ApiSchema({ name: `Patched${component}` })
  class Patched extends PartialType(fields) {}
  @ApiSchema({ name: `${component}Response` })
  class Response extends shown {}
  return { request: Request, patched: Patched as typeof RepositoryFields, response: Response };
}

@ApiSchema({ name: 'RepositoryAddRemoveContent' })
export class RepositoryAddRemoveContentDto {
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description:
      'A list of content units to add to a new repository version. This content is added after remove_content_units are removed.',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  add_content_units?: string[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description:
      "A list of content units to remove from the latest repository version. You may also specify '*' as an entry to remove all content. This content is removed before add_content_units are added.",
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  remove_content_units?: string[];
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    description:
      'A repository version whose content will be used as the initial set of content for the new repository version',
  })
  @IsOptional()
  @IsString()
  base_version?: string;
  /**
   * False: the task fails instead of letting an added unit replace one already present (pulp_file's
   * same relative_path). Newer Pulp declares it; the 3.102 schema we match does not, so it stays
   * out of the document.
   */
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

/** Pulp's RepositorySyncURLSerializer: the body of every repository type's `sync/`. */
@ApiSchema({ name: 'RepositorySyncURL' })
export class RepositorySyncURLDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    description: 'A remote to sync from. This will override a remote set on repository.',
  })
  @IsOptional()
  @IsString()
  remote?: string;
  @ApiPropertyOptional({
    type: 'boolean',
    default: false,
    description:
      'If ``True``, synchronization will remove all content that is not present in the remote repository. If ``False``, sync will be additive only.',
  })
  @IsOptional()
  @IsBoolean()
  mirror?: boolean;
}
