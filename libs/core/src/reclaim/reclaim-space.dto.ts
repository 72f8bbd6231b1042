import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsOptional, IsString } from 'class-validator';

@ApiSchema({ name: 'ReclaimSpace', description: 'Serializer for reclaim disk space operation.' })
export class ReclaimSpaceDto {
  @ApiProperty({
    type: 'array',
    items: {},
    description: "Will reclaim space for the specified list of repos. Use ['*'] to specify all repos.",
  })
  @IsArray()
  @ArrayNotEmpty({ message: 'Must not be [].' })
  @IsString({ each: true, message: 'URI not valid: each item must be an href or a PRN.' })
  repo_hrefs!: string[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uri' },
    description: 'Will exclude repo versions from space reclaim.',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true, message: 'URI not valid: each item must be a repository version href or PRN.' })
  repo_versions_keeplist?: string[];
}
