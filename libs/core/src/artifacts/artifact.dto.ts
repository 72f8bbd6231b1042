import { ApiProperty, ApiPropertyOptional, ApiSchema, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsInstance, IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { SpooledFile } from '@pulp/http';
import { LandsIn, PulpObjectResponse } from '@pulp/rest';

const SIZE = { type: 'integer', format: 'int64', description: 'The size of the file in bytes.' } as const;

/** Pulp's description of each checksum field, in Pulp's order. */
const CHECKSUM_FIELDS = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha224: 'SHA-224',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
} as const;
const checksum = (algorithm: keyof typeof CHECKSUM_FIELDS, request = false): ApiPropertyOptions => ({
  type: 'string',
  nullable: true,
  ...(request && { minLength: 1 }),
  description: `The ${CHECKSUM_FIELDS[algorithm]} checksum of the file if available.`,
});

export class ArtifactResponse extends PulpObjectResponse {
  @ApiProperty({ description: 'The stored file.' })
  file!: string;
  @ApiPropertyOptional(SIZE)
  size!: number;
  @ApiPropertyOptional(checksum('md5'))
  md5!: string | null;
  @ApiPropertyOptional(checksum('sha1'))
  sha1!: string | null;
  @ApiPropertyOptional(checksum('sha224'))
  sha224!: string | null;
  @ApiPropertyOptional(checksum('sha256'))
  sha256!: string | null;
  @ApiPropertyOptional(checksum('sha384'))
  sha384!: string | null;
  @ApiPropertyOptional(checksum('sha512'))
  sha512!: string | null;
}

const NOT_A_FILE = 'The submitted data was not a file. Check the encoding type on the form.';

/** `POST artifacts/` (multipart): the file, and what the client expects it to be. */
@ApiSchema({ name: 'Artifact' })
export class ArtifactDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The stored file.' })
  @IsInstance(SpooledFile, { message: NOT_A_FILE })
  file!: SpooledFile;
  @ApiPropertyOptional(SIZE)
  @IsOptional()
  @IsInt()
  @Min(0)
  @LandsIn('bigint')
  size?: number;
  @ApiPropertyOptional(checksum('md5', true))
  @IsOptional()
  @IsString()
  @MinLength(1)
  md5?: string | null;
  @ApiPropertyOptional(checksum('sha1', true))
  @IsOptional()
  @IsString()
  @MinLength(1)
  sha1?: string | null;
  @ApiPropertyOptional(checksum('sha224', true))
  @IsOptional()
  @IsString()
  @MinLength(1)
  sha224?: string | null;
  @ApiPropertyOptional(checksum('sha256', true))
  @IsOptional()
  @IsString()
  @MinLength(1)
  sha256?: string | null;
  @ApiPropertyOptional(checksum('sha384', true))
  @IsOptional()
  @IsString()
  @MinLength(1)
  sha384?: string | null;
  @ApiPropertyOptional(checksum('sha512', true))
  @IsOptional()
  @IsString()
  @MinLength(1)
  sha512?: string | null;
}
