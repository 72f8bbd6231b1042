import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MinLength } from 'class-validator';
import { LandsIn, PulpObjectResponse } from '@pulp/rest';

const NAME = { minLength: 1, description: 'The name of this role.' } as const;
const DESCRIPTION = { type: 'string', nullable: true, description: 'An optional description.' } as const;
const PERMISSIONS = {
  type: 'array',
  items: { type: 'string' },
  description: 'List of permissions defining the role.',
} as const;

@ApiSchema({ name: 'Role', description: 'Serializer for Role.' })
export class RoleDto {
  @ApiProperty(NAME)
  @IsString()
  @MinLength(1)
  @LandsIn('name')
  name!: string;
  @ApiPropertyOptional({ ...DESCRIPTION, minLength: 1 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  description?: string | null;
  @ApiProperty(PERMISSIONS)
  @IsArray()
  @IsString({ each: true })
  permissions!: string[];
}

@ApiSchema({ name: 'PatchedRole', description: 'Serializer for Role.' })
export class PatchedRoleDto extends PartialType(RoleDto) {}

@ApiSchema({ name: 'RoleResponse', description: 'Serializer for Role.' })
export class RoleResponse extends PulpObjectResponse {
  @ApiProperty({ description: NAME.description })
  name!: string;
  @ApiPropertyOptional(DESCRIPTION)
  description!: string | null;
  @ApiProperty(PERMISSIONS)
  permissions!: string[];
  @ApiPropertyOptional({ type: 'boolean', readOnly: true, description: 'True if the role is system managed.' })
  locked!: boolean;
}
