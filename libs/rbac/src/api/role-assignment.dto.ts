import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { PulpObjectResponse } from '@pulp/rest';

const CONTENT_OBJECT = {
  type: 'string',
  nullable: true,
  description: 'The href of the object the role applies to; null for the whole model or a domain.',
} as const;
const CONTENT_OBJECT_PRN = {
  type: 'string',
  nullable: true,
  description: 'The PRN of the object the role applies to; null for the whole model or a domain.',
} as const;
const DOMAIN = {
  type: 'string',
  format: 'uri',
  nullable: true,
  description: 'The domain the role applies to; exclusive of content_object.',
} as const;
const ROLE = { description: 'The name of the role.' } as const;

/** A role given to a user or a group: model-wide, on a domain or on one object. */
export class RoleAssignmentFields {
  @ApiProperty({ ...ROLE, minLength: 1 })
  @IsString()
  @MinLength(1)
  role!: string;
  @ApiPropertyOptional({ ...CONTENT_OBJECT, minLength: 1 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  content_object?: string | null;
  @ApiPropertyOptional({ ...CONTENT_OBJECT_PRN, minLength: 1 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  content_object_prn?: string | null;
  @ApiPropertyOptional(DOMAIN)
  @IsOptional()
  @IsString()
  domain?: string | null;
}

export class RoleAssignmentResponse extends PulpObjectResponse {
  @ApiProperty(ROLE)
  role!: string;
  @ApiPropertyOptional(CONTENT_OBJECT)
  content_object!: string | null;
  @ApiPropertyOptional(CONTENT_OBJECT_PRN)
  content_object_prn!: string | null;
  @ApiPropertyOptional({ type: 'string', readOnly: true, description: "The role's description." })
  description!: string | null;
  @ApiPropertyOptional({ type: [String], readOnly: true, description: "The role's permissions." })
  permissions!: string[];
  @ApiPropertyOptional(DOMAIN)
  domain!: string | null;
}

@ApiSchema({ name: 'UserRole' })
export class UserRoleFields extends RoleAssignmentFields {}

@ApiSchema({ name: 'UserRoleResponse' })
export class UserRoleResponse extends RoleAssignmentResponse {}

@ApiSchema({ name: 'GroupRole' })
export class GroupRoleFields extends RoleAssignmentFields {}

@ApiSchema({ name: 'GroupRoleResponse' })
export class GroupRoleResponse extends RoleAssignmentResponse {}
