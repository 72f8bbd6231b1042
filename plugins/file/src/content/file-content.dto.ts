import { ApiProperty, ApiPropertyOptional, ApiSchema, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ContentCreateDto, ContentUploadDto, LandsIn, SingleArtifactContentResponse } from '@pulp/plugin-api';

const RELATIVE_PATH = 'Path where the artifact is located relative to distributions base_path';

/** `POST content/file/files/`: where the file comes from, where it is served, and the repository. */
@ApiSchema({ name: 'file.FileContent', description: 'Serializer for File Content.' })
export class FileContentDto extends ContentCreateDto {
  @ApiProperty({ minLength: 1, description: RELATIVE_PATH })
  @IsString()
  @LandsIn('relativePath')
  relative_path!: string;
}

/** `POST content/file/files/upload/`: the same, without a repository. */
@ApiSchema({ name: 'FileContentUpload', description: 'Serializer for File Content.' })
export class FileContentUploadDto extends ContentUploadDto {
  @ApiProperty({ minLength: 1, description: RELATIVE_PATH })
  @IsString()
  @LandsIn('relativePath')
  relative_path!: string;
}

const digest = (name: string): ApiPropertyOptions => ({
  type: 'string',
  readOnly: true,
  description: `The ${name} checksum if available.`,
});

@ApiSchema({ name: 'file.FileContentResponse', description: 'Serializer for File Content.' })
export class FileContentResponse extends SingleArtifactContentResponse {
  @ApiProperty({ description: RELATIVE_PATH })
  relative_path!: string;
  @ApiPropertyOptional(digest('MD5'))
  md5!: string | null;
  @ApiPropertyOptional(digest('SHA-1'))
  sha1!: string | null;
  @ApiPropertyOptional(digest('SHA-224'))
  sha224!: string | null;
  @ApiPropertyOptional(digest('SHA-256'))
  sha256!: string | null;
  @ApiPropertyOptional(digest('SHA-384'))
  sha384!: string | null;
  @ApiPropertyOptional(digest('SHA-512'))
  sha512!: string | null;
}

/** The synchronous upload's answer: the same body under Pulp's other name. */
@ApiSchema({ name: 'FileContentUploadResponse', description: 'Serializer for File Content.' })
export class FileContentUploadResponse extends FileContentResponse {}
