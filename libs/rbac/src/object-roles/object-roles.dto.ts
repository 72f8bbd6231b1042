import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MinLength } from 'class-validator';

const NAMES = { type: 'array', items: { type: 'string', minLength: 1 }, default: [] } as const;

/** add_role/remove_role's body: a role by name and the users and groups (by name) it is given or taken from. */
@ApiSchema({ name: 'NestedRole', description: 'Serializer to add/remove object roles to/from users/groups.' })
export class NestedRoleDto {
  @ApiProperty({ ...NAMES, required: false })
  @IsOptional()
  @IsArray()
  users?: unknown[];

  @ApiProperty({ ...NAMES, required: false })
  @IsOptional()
  @IsArray()
  groups?: unknown[];

  @ApiProperty({ minLength: 1 })
  @IsString()
  @MinLength(1)
  role!: string;
}

@ApiSchema({ name: 'NestedRoleResponse', description: 'Serializer to add/remove object roles to/from users/groups.' })
export class NestedRoleResponse {
  @ApiProperty({ type: 'array', items: { type: 'string' }, default: [], required: false })
  users!: string[];

  @ApiProperty({ type: 'array', items: { type: 'string' }, default: [], required: false })
  groups!: string[];

  @ApiProperty()
  role!: string;
}

@ApiSchema({ name: 'ObjectRolesResponse' })
export class ObjectRolesResponse {
  @ApiProperty({ type: [NestedRoleResponse] })
  roles!: NestedRoleResponse[];
}

@ApiSchema({ name: 'MyPermissionsResponse' })
export class MyPermissionsResponse {
  @ApiProperty({ type: 'array', items: { type: 'string' } })
  permissions!: string[];
}
