import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';

const AUTOPUBLISH = {
  type: 'boolean',
  default: false,
  description:
    'Whether to automatically create publications for new repository versions, and update any distributions pointing to this repository.',
} as const;
/** `manifest`, as file repositories and publications both have it. */
export const MANIFEST = {
  type: 'string',
  nullable: true,
  default: 'PULP_MANIFEST',
  description: 'Filename to use for manifest file containing metadata for all the files.',
} as const;

/** A file repository's own writable fields (pulp_file's FileRepositorySerializer). */
export class FileRepositoryFields {
  @ApiPropertyOptional(AUTOPUBLISH)
  @IsOptional()
  @IsBoolean()
  autopublish?: boolean;
  @ApiPropertyOptional({ ...MANIFEST, minLength: 1 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  manifest?: string | null;
}

/** The same fields as responses show them. */
export class FileRepositoryShown {
  @ApiPropertyOptional(AUTOPUBLISH)
  autopublish!: boolean;
  @ApiPropertyOptional(MANIFEST)
  manifest!: string | null;
}
