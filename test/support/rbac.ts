import { randomBytes } from 'node:crypto';
import type { ApiClient, Json } from './api-client';

const API = '/pulp/api/v3/';

/** Pulp's bodies for a refused request. */
export const DENIED = { detail: 'You do not have permission to perform this action.' };
export const UNAUTHENTICATED = { detail: 'Authentication credentials were not provided.' };
/** A 404's detail: DRF's own, or Django's get_object_or_404 message as DRF passes it on. */
export const NOT_FOUND_DETAIL = /^(Not found\.|No \w+ matches the given query\.)$/;

/** Basic credentials as a header. */
export function basicAuth(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

/** An ordinary user made through users/ by the admin, and a client speaking as them. */
export interface User {
  username: string;
  password: string;
  href: string;
  /** Their basic-auth header. */
  credentials: Record<string, string>;
  client: ApiClient;
}

/**
 * Creates `username` (no roles, not staff) through the users/ API (below `api`: a domain's with
 * DOMAIN_ENABLED), as the admin of `admin`.
 */
export async function createUser(admin: ApiClient, username: string, api = API): Promise<User> {
  // Long and random: Django's password validators (length, common, numeric, similar) accept it.
  const password = randomBytes(18).toString('base64url');
  const { status, body } = await admin.send(`${api}users/`, { username, password });
  if (status !== 201) {
    throw new Error(`user ${username} not created (${status}): ${JSON.stringify(body)}`);
  }
  const credentials = basicAuth(username, password);
  return { username, password, href: body.pulp_href as string, credentials, client: admin.as(credentials) };
}

/** Gives `role` to a user or group (`users/<id>/` or `groups/<id>/`), on `object` (an href) or model-wide (null). */
export async function grant(admin: ApiClient, holder: string, role: string, object: string | null): Promise<Json> {
  const { status, body } = await admin.send(`${holder}roles/`, { role, content_object: object });
  if (status !== 201) {
    throw new Error(`${role} on ${object} not given to ${holder} (${status}): ${JSON.stringify(body)}`);
  }
  return body as Json;
}
