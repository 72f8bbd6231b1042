import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { LandsIn } from '@pulp/plugin-api';

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

/**
 * A manifest is published at the top of the distribution, under its name: a plain file name (no
 * `/` or `\`, no control character, not `.` or `..`), within a relative path's length.
 */
export function ManifestName(): PropertyDecorator {
  return (target, property) => {
    // Blank passes here: MinLength and IsNotEmpty refuse it in DRF's words.
    // eslint-disable-next-line no-control-regex -- control characters are what is refused here.
    Matches(/^(?!\.\.?$)[^/\\\u0000-\u001f\u007f]*$/, {
      message: "Enter a file name, without '/', '\\' or control characters.",
    })(target, property);
    LandsIn('relativePath')(target, property);
  };
}

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
  @ManifestName()
  manifest?: string | null;
}

/** The same fields as responses show them. */
export class FileRepositoryShown {
  @ApiPropertyOptional(AUTOPUBLISH)
  autopublish!: boolean;
  @ApiPropertyOptional(MANIFEST)
  manifest!: string | null;
}
