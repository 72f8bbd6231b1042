import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInstance, IsObject, IsOptional, IsString, MinLength } from 'class-validator';
import { SpooledFile } from '@pulp/http';
import { LABELS_PROPERTY, PulpObjectResponse } from '@pulp/rest';

const LABELS_DESCRIPTION = 'A dictionary of arbitrary key/value pairs used to describe a specific Content instance.';
const ARTIFACT_DESCRIPTION = 'Artifact file representing the physical content';

/**
 * Where a single-artifact unit's file comes from (Pulp's SingleArtifactContentUploadSerializer):
 * exactly one of `file`, `upload`, `artifact`, `file_url`. A type adds its own fields.
 */
export class ContentUploadDto {
  @ApiPropertyOptional({ ...LABELS_PROPERTY, description: LABELS_DESCRIPTION })
  @IsOptional()
  @IsObject()
  pulp_labels?: Record<string, string | null>;

  @ApiPropertyOptional({ type: 'string', format: 'uri', description: ARTIFACT_DESCRIPTION })
  @IsOptional()
  @IsString()
  artifact?: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    writeOnly: true,
    description: 'An uploaded file that may be turned into the content unit.',
  })
  @IsOptional()
  @IsInstance(SpooledFile, { message: 'The submitted data was not a file. Check the encoding type on the form.' })
  file?: SpooledFile;

  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    writeOnly: true,
    description: 'An uncommitted upload that may be turned into the content unit.',
  })
  @IsOptional()
  @IsString()
  upload?: string;

  @ApiPropertyOptional({
    type: 'string',
    writeOnly: true,
    minLength: 1,
    description: 'A url that Pulp can download and turn into the content unit.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'This field may not be blank.' })
  file_url?: string;

  /** Network settings for `file_url` (a JSON string in forms); newer Pulp declares it, 3.102 does not. */
  @ApiHideProperty()
  @IsOptional()
  @IsObject()
  downloader_config?: Record<string, unknown>;
}

/** `POST content/<type>/`: an upload that may also go into a repository. */
export class ContentCreateDto extends ContentUploadDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    writeOnly: true,
    description: 'A URI of a repository the new content unit should be associated with.',
  })
  @IsOptional()
  @IsString()
  repository?: string;

  /** False: fail rather than replace a unit of the repository (same identity in the version); not in 3.102's schema. */
  @ApiHideProperty()
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

/** The fields every single-artifact unit shows; a type adds its own. */
export class SingleArtifactContentResponse extends PulpObjectResponse {
  @ApiPropertyOptional({ ...LABELS_PROPERTY, description: LABELS_DESCRIPTION })
  pulp_labels!: Record<string, string | null>;
  @ApiPropertyOptional({ type: 'string', format: 'uri', readOnly: true })
  vuln_report!: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'uri', description: ARTIFACT_DESCRIPTION })
  artifact!: string | null;
}
