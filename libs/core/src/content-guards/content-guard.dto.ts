import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MinLength } from 'class-validator';
import { GroupResponse, GroupUserResponse } from '@pulp/rbac';
import { LandsIn } from '@pulp/rest';
import { ContentGuardResponse } from '../lists/content.dto';

/** The writable fields every content guard has (Pulp's ContentGuardSerializer). */
export class ContentGuardFields {
  @ApiProperty({ minLength: 1, description: 'The unique name.' })
  @IsString()
  @MinLength(1)
  @LandsIn('name')
  name!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, minLength: 1, description: 'An optional description.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  description?: string | null;
}

const HEADER_NAME = 'The header name the guard will check on.';
const HEADER_VALUE = 'The value that will authorize the request.';
const JQ_FILTER =
  'A JQ syntax compatible filter. If jq_filter is not set, then the value willonly be Base64 decoded and ' +
  'checked as an explicit string match.';

/** A header guard's own fields (core_headercontentguard), as requests write them. */
export class HeaderGuardFields {
  @ApiProperty({ minLength: 1, description: HEADER_NAME })
  @IsString()
  @MinLength(1)
  header_name!: string;
  @ApiProperty({ minLength: 1, description: HEADER_VALUE })
  @IsString()
  @MinLength(1)
  header_value!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, minLength: 1, description: JQ_FILTER })
  @IsOptional()
  @IsString()
  @MinLength(1)
  jq_filter?: string | null;
}

/** A header guard's own fields as responses show them. */
export class HeaderGuardShown {
  @ApiProperty({ description: HEADER_NAME })
  header_name!: string;
  @ApiProperty({ description: HEADER_VALUE })
  header_value!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: JQ_FILTER })
  jq_filter!: string | null;
}

const GUARDS = {
  type: 'array',
  items: { type: 'string', format: 'uri', nullable: true },
  description: 'List of ContentGuards to ask for access-permission.',
} as const;

/** A composite guard's members, by href (PRN or uuid also taken). */
export class CompositeGuardFields {
  @ApiPropertyOptional(GUARDS)
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  guards?: string[];
}

export class CompositeGuardShown {
  @ApiPropertyOptional(GUARDS)
  guards!: string[];
}

/** Who may download through an RBAC guard (Pulp's RBACContentGuardSerializer): read only. */
export class RbacGuardShown {
  @ApiPropertyOptional({ type: [GroupUserResponse], readOnly: true })
  users!: GroupUserResponse[];
  @ApiPropertyOptional({ type: [GroupResponse], readOnly: true })
  groups!: GroupResponse[];
}

/**
 * A content guard type's three components, named as Pulp names them (`HeaderContentGuard`,
 * `Patched…`, `…Response`): core's fields, then the type's own (`own`: request and response classes).
 */
export function contentGuardDtos(
  component: string,
  description: string,
  own?: { request?: Type<object>; response: Type<object> },
) {
  const Fields = own?.request ? IntersectionType(ContentGuardFields, own.request) : ContentGuardFields;
  const Shown = own ? IntersectionType(ContentGuardResponse, own.response) : ContentGuardResponse;
  @ApiSchema({ name: component, description })
  class Request extends Fields {}
  @ApiSchema({ name: `Patched${component}`, description })
  class Patched extends PartialType(Fields) {}
  @ApiSchema({ name: `${component}Response`, description })
  class Response extends Shown {}
  return { request: Request, patched: Patched as typeof ContentGuardFields, response: Response };
}
