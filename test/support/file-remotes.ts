import { randomUUID } from 'node:crypto';
import type { ApiClient } from './api-client';
import type { TestSite } from './test-site';

/** A file remote's fields, as `remotes/file/file/` takes them. */
export type RemoteFields = Record<string, unknown> & { url: string };

/** Creates a file remote through the API (below `api`: a domain's with DOMAIN_ENABLED) and returns its href. */
export async function createFileRemote(
  client: ApiClient,
  fields: RemoteFields,
  api = '/pulp/api/v3/',
): Promise<string> {
  const { status, body } = await client.send(`${api}remotes/file/file/`, {
    name: `remote-${randomUUID()}`,
    ...fields,
  });
  if (status !== 201) {
    throw new Error(`remote not created (${status}): ${JSON.stringify(body)}`);
  }
  return (body as { pulp_href: string }).pulp_href;
}

/** A remote of another type (no endpoint creates one yet), straight in the database; returns its href. */
export async function createForeignRemote(site: TestSite, name: string, pulpType: string): Promise<string> {
  const id = randomUUID();
  await site.query(
    `INSERT INTO core_remote (pulp_id, pulp_domain_id, pulp_type, name, url)
     SELECT $1, pulp_id, $2, $3, 'http://127.0.0.1:1/PULP_MANIFEST' FROM core_domain WHERE name = 'default'`,
    [id, pulpType, name],
  );
  return `/pulp/api/v3/remotes/${pulpType.replace('.', '/')}/${id}/`;
}
