import { ApiProperty, ApiPropertyOptional, ApiSchema, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { HIDDEN_FIELDS_PROPERTY, PulpReferenceResponse, type HiddenField } from '@pulp/rest';

const USERNAME = { maxLength: 150, description: 'The unique login name, 150 characters or fewer.' } as const;
const FIRST_NAME = { maxLength: 150, description: 'First name.' } as const;
const LAST_NAME = { maxLength: 150, description: 'Last name.' } as const;
const EMAIL = { format: 'email', description: 'Email address.' } as const;
const IS_STAFF = { default: false, description: 'Whether the user is staff.' } as const;
const IS_ACTIVE = { default: true, description: 'Whether the user may authenticate at all.' } as const;

/** Pulp's UserSerializer as requests write it (`User`); `null` as password leaves only other ways to log in. */
@ApiSchema({ name: 'User' })
export class UserFields {
  @ApiProperty({ ...USERNAME, minLength: 1 })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  username!: string;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    minLength: 1,
    writeOnly: true,
    description: 'The password; null disables password authentication for the user.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  password?: string | null;
  @ApiPropertyOptional(FIRST_NAME)
  @IsOptional()
  @IsString()
  @MaxLength(150)
  first_name?: string;
  @ApiPropertyOptional(LAST_NAME)
  @IsOptional()
  @IsString()
  @MaxLength(150)
  last_name?: string;
  @ApiPropertyOptional(EMAIL)
  @IsOptional()
  @IsString()
  email?: string;
  @ApiPropertyOptional(IS_STAFF)
  @IsOptional()
  @IsBoolean()
  is_staff?: boolean;
  @ApiPropertyOptional(IS_ACTIVE)
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

@ApiSchema({ name: 'PatchedUser' })
export class PatchedUserFields extends PartialType(UserFields) {}

/** A group a user belongs to. */
@ApiSchema({ name: 'UserGroupResponse' })
export class UserGroupResponse extends PulpReferenceResponse {
  @ApiProperty({ maxLength: 150, description: 'Name.' })
  name!: string;
}

@ApiSchema({ name: 'UserResponse' })
export class UserResponse extends PulpReferenceResponse {
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true })
  id!: number;
  @ApiProperty(USERNAME)
  username!: string;
  @ApiPropertyOptional(FIRST_NAME)
  first_name!: string;
  @ApiPropertyOptional(LAST_NAME)
  last_name!: string;
  @ApiPropertyOptional(EMAIL)
  email!: string;
  @ApiPropertyOptional(IS_STAFF)
  is_staff!: boolean;
  @ApiPropertyOptional(IS_ACTIVE)
  is_active!: boolean;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', readOnly: true, description: 'Date joined.' })
  date_joined!: string;
  @ApiPropertyOptional({ type: [UserGroupResponse], readOnly: true })
  groups!: UserGroupResponse[];
  @ApiPropertyOptional(HIDDEN_FIELDS_PROPERTY)
  hidden_fields!: HiddenField[];
}
