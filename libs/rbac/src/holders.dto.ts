import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

const USERNAME = 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.';

/** A user as lists of holders show it (Pulp's GroupUserSerializer): members of a group, downloaders of a guard. */
@ApiSchema({ name: 'GroupUserResponse', description: 'Serializer for Users that belong to a Group.' })
export class GroupUserResponse {
  @ApiProperty({ maxLength: 150, description: USERNAME })
  username!: string;
  @ApiPropertyOptional({ type: 'string', format: 'uri', readOnly: true })
  pulp_href!: string;
  @ApiPropertyOptional({ readOnly: true, description: 'The Pulp Resource Name (PRN).' })
  prn!: string;
}

/** A group as Pulp's GroupSerializer shows it. */
@ApiSchema({ name: 'GroupResponse', description: 'Serializer for Group.' })
export class GroupResponse {
  @ApiProperty({ maxLength: 150, description: 'Name' })
  name!: string;
  @ApiPropertyOptional({ type: 'string', format: 'uri', readOnly: true })
  pulp_href!: string;
  @ApiPropertyOptional({ readOnly: true, description: 'The Pulp Resource Name (PRN).' })
  prn!: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true })
  id!: number;
}

/** A user's body in a list of holders; `api` is the API base path (`/pulp/api/v3/`). */
export function userHolder(api: string, user: { id: number; username: string }): GroupUserResponse {
  return { username: user.username, pulp_href: `${api}users/${user.id}/`, prn: `prn:auth.user:${user.id}` };
}

/** A group's body in a list of holders. */
export function groupHolder(api: string, group: { id: number; name: string }): GroupResponse {
  return { name: group.name, pulp_href: `${api}groups/${group.id}/`, prn: `prn:core.group:${group.id}`, id: group.id };
}
