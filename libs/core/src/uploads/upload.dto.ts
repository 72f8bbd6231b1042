import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsInstance, IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import { SpooledFile } from '@pulp/http';
import { LandsIn, PulpObjectResponse } from '@pulp/rest';

const UPLOAD_SIZE = { type: 'integer', format: 'int64', description: 'The size of the upload in bytes.' } as const;

@ApiSchema({ description: 'Serializer for chunked uploads.' })
export class UploadResponse extends PulpObjectResponse {
  @ApiProperty(UPLOAD_SIZE)
  size!: number;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    readOnly: true,
    description: 'Timestamp when upload is committed.',
  })
  completed?: string;
}

export class UploadChunkResponse {
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true })
  offset!: number;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true })
  size!: number;
}

@ApiSchema({ description: 'Serializer for chunked uploads.' })
export class UploadDetailResponse extends UploadResponse {
  @ApiPropertyOptional({ type: [UploadChunkResponse], readOnly: true })
  chunks!: UploadChunkResponse[];
}

/** `POST uploads/`. */
@ApiSchema({ name: 'Upload', description: 'Serializer for chunked uploads.' })
export class UploadDto {
  @ApiProperty(UPLOAD_SIZE)
  @IsInt()
  @Min(0)
  @LandsIn('bigint')
  size!: number;
}

/** `PUT uploads/<id>/` (multipart): one chunk; its place comes from the Content-Range header. */
@ApiSchema({ name: 'UploadChunk' })
export class UploadChunkDto {
  @ApiProperty({ type: 'string', format: 'binary', writeOnly: true, description: 'A chunk of the uploaded file.' })
  @IsInstance(SpooledFile, { message: 'The submitted data was not a file. Check the encoding type on the form.' })
  file!: SpooledFile;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    writeOnly: true,
    minLength: 1,
    description: 'The SHA-256 checksum of the chunk if available.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  sha256?: string | null;
}

/** `POST uploads/<id>/commit/`. */
@ApiSchema({ name: 'UploadCommit' })
export class UploadCommitDto {
  @ApiProperty({ minLength: 1, description: 'The expected sha256 checksum for the file.' })
  @IsString()
  @MinLength(1)
  // Checked before the task is queued: a commit whose checksum cannot match fails here, not in it.
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'Enter a SHA-256 checksum: 64 hexadecimal digits.' })
  sha256!: string;
}
