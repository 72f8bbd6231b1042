import { GroupResponse, GroupUserResponse } from './api/groups.dto';

/** A user's body in a list of holders (members of a group, downloaders of a guard); `api` is the API base path. */
export function userHolder(api: string, user: { id: number; username: string }): GroupUserResponse {
  return { username: user.username, pulp_href: `${api}users/${user.id}/`, prn: `prn:auth.user:${user.id}` };
}

/** A group's body in a list of holders. */
export function groupHolder(api: string, group: { id: number; name: string }): GroupResponse {
  return { name: group.name, pulp_href: `${api}groups/${group.id}/`, prn: `prn:core.group:${group.id}`, id: group.id };
}
