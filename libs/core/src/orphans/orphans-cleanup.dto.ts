import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { LandsIn } from '@pulp/rest';

const MAX_MINUTES = 4294967295;

@ApiSchema({ name: 'OrphansCleanup' })
export class OrphansCleanupDto {
  @ApiPropertyOptional({
    type: 'array',
    items: {},
    description: 'Will delete specified content and associated Artifacts if they are orphans.',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty({ message: 'Must not be [].' })
  @IsString({ each: true, message: 'URI not valid: each item must be an href or a PRN.' })
  content_hrefs?: string[];

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    nullable: true,
    description:
      'The time in minutes for how long Pulp will hold orphan Content and Artifacts before they become candidates for deletion by this orphan cleanup task. This should ideally be longer than your longest running task otherwise any content created during that task could be cleaned up before the task finishes. If not specified, a default value is taken from the setting ORPHAN_PROTECTION_TIME.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINUTES)
  @LandsIn('bigint')
  orphan_protection_time?: number | null;
}
