import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { IsArray, IsDateString, IsOptional, IsString, MinLength } from 'class-validator';
import { LandsIn } from '@pulp/rest';

/** The writable fields of an alternate content source (Pulp's AlternateContentSourceSerializer). */
export class AcsFields {
  @ApiProperty({ minLength: 1, description: 'Name of Alternate Content Source.' })
  @IsString()
  @MinLength(1)
  @LandsIn('name')
  name!: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Date of last refresh of AlternateContentSource.',
  })
  @IsOptional()
  @IsDateString()
  last_refreshed?: string | null;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'List of paths that will be appended to the Remote url when searching for content.',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  paths?: string[];
  @ApiProperty({ type: 'string', format: 'uri', description: 'The remote to provide alternate content source.' })
  @IsString()
  remote!: string;
}

export class AcsResponse {
  @ApiProperty({ type: 'string', format: 'uri', readOnly: true })
  pulp_href!: string;
  @ApiProperty({ readOnly: true, description: 'The Pulp Resource Name (PRN).' })
  prn!: string;
  @ApiProperty({ type: 'string', format: 'date-time', readOnly: true, description: 'Timestamp of creation.' })
  pulp_created!: string;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    readOnly: true,
    description:
      'Timestamp of the last time this resource was updated. Note: for immutable resources - like content, repository versions, and publication - pulp_created and pulp_last_updated dates will be the same.',
  })
  pulp_last_updated!: string;
  @ApiProperty({ description: 'Name of Alternate Content Source.' })
  name!: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Date of last refresh of AlternateContentSource.',
  })
  last_refreshed!: string | null;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string' },
    description: 'List of paths that will be appended to the Remote url when searching for content.',
  })
  paths!: string[];
  @ApiProperty({ type: 'string', format: 'uri', description: 'The remote to provide alternate content source.' })
  remote!: string;
}

@ApiSchema({ description: 'Serializer for asynchronous operations that return a task group.' })
export class TaskGroupOperationResponse {
  @ApiProperty({ type: 'string', format: 'uri', description: 'The href of the task group.' })
  task_group!: string;
}

/** An ACS type's three components, named as Pulp names them (`file.FileAlternateContentSource`, `Patched…`, `…Response`). */
export function acsDtos(component: string, description: string) {
  @ApiSchema({ name: component, description })
  class Request extends AcsFields {}
  @ApiSchema({ name: `Patched${component}`, description })
  class Patched extends PartialType(AcsFields) {}
  @ApiSchema({ name: `${component}Response`, description })
  class Response extends AcsResponse {}
  return { request: Request, patched: Patched as typeof AcsFields, response: Response };
}
