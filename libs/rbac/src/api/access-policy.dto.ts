import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional } from 'class-validator';
import { PulpObjectResponse } from '@pulp/rest';

const LIST_OF_OBJECTS = { type: 'array', items: { type: 'object' } } as const;
const STATEMENTS = { ...LIST_OF_OBJECTS, description: 'List of policy statements defining the policy.' };
const CREATION_HOOKS = {
  ...LIST_OF_OBJECTS,
  description: 'List of callables that may associate user roles for new objects.',
};
const PERMISSIONS_ASSIGNMENT = {
  ...LIST_OF_OBJECTS,
  description:
    'List of callables that define the new permissions to be created for new objects.' +
    'This is deprecated. Use `creation_hooks` instead.',
};
const QUERYSET_SCOPING = {
  type: Object,
  description:
    'A callable for performing queryset scoping. See plugin documentation for valid callables. Set to blank ' +
    'to turn off queryset scoping.',
} as const;

@ApiSchema({ name: 'AccessPolicy', description: 'Serializer for AccessPolicy.' })
export class AccessPolicyDto {
  @ApiPropertyOptional(PERMISSIONS_ASSIGNMENT)
  @IsOptional()
  @IsArray()
  permissions_assignment?: unknown[];
  @ApiPropertyOptional(CREATION_HOOKS)
  @IsOptional()
  @IsArray()
  creation_hooks?: unknown[];
  @ApiProperty(STATEMENTS)
  @IsArray()
  statements!: unknown[];
  @ApiPropertyOptional(QUERYSET_SCOPING)
  @IsOptional()
  @IsObject()
  queryset_scoping?: Record<string, unknown>;
}

@ApiSchema({ name: 'PatchedAccessPolicy', description: 'Serializer for AccessPolicy.' })
export class PatchedAccessPolicyDto extends PartialType(AccessPolicyDto) {}

@ApiSchema({ name: 'AccessPolicyResponse', description: 'Serializer for AccessPolicy.' })
export class AccessPolicyResponse extends PulpObjectResponse {
  @ApiPropertyOptional(PERMISSIONS_ASSIGNMENT)
  permissions_assignment!: unknown[];
  @ApiPropertyOptional(CREATION_HOOKS)
  creation_hooks!: unknown[];
  @ApiProperty(STATEMENTS)
  statements!: unknown[];
  @ApiPropertyOptional({ readOnly: true, description: 'The name of ViewSet this AccessPolicy authorizes.' })
  viewset_name!: string;
  @ApiPropertyOptional({
    type: 'boolean',
    readOnly: true,
    description: 'True if the AccessPolicy has been user-modified. False otherwise.',
  })
  customized!: boolean;
  @ApiPropertyOptional(QUERYSET_SCOPING)
  queryset_scoping!: Record<string, unknown> | null;
}
