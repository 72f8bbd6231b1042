import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PulpReferenceResponse } from '@pulp/rest';

const NAME = { maxLength: 150, description: 'The unique name, 150 characters or fewer.' } as const;

@ApiSchema({ name: 'Group' })
export class GroupFields {
  @ApiProperty({ ...NAME, minLength: 1 })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name!: string;
}

@ApiSchema({ name: 'PatchedGroup' })
export class PatchedGroupFields extends PartialType(GroupFields) {}

@ApiSchema({ name: 'GroupResponse' })
export class GroupResponse extends PulpReferenceResponse {
  @ApiProperty(NAME)
  name!: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true })
  id!: number;
}

/**
 * A member of a group, named by username (Pulp's GroupUserSerializer): the body's schema only, as
 * Pulp looks the user up by whatever the body holds (GroupUsersController).
 */
@ApiSchema({ name: 'GroupUser' })
export class GroupUserFields {
  @ApiProperty({ maxLength: 150, minLength: 1, description: 'The username of the member.' })
  username!: string;
}

/** A member: its username and the user's own href. */
@ApiSchema({ name: 'GroupUserResponse' })
export class GroupUserResponse extends PulpReferenceResponse {
  @ApiProperty({ maxLength: 150, description: 'The username of the member.' })
  username!: string;
}
