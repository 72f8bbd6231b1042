import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminSite, ApiClient, type Json } from './support/api-client';
import { TestSite } from './support/test-site';

const API = '/pulp/api/v3/';

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

describe('artifacts', () => {
  let site: TestSite;
  let client: ApiClient;

  const json = (path: string, init: RequestInit = {}) => client.call(path, init);
  const upload = (file: string | undefined, fields: Record<string, string> = {}) =>
    client.sendForm(`${API}artifacts/`, file, fields);
  const artifactCount = async () => Number((await site.query('SELECT count(*) AS n FROM core_artifact'))[0].n);
  const spooled = () => {
    const dir = join(site.dir, 'tmp');
    return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('upload-')) : [];
  };

  beforeAll(async () => {
    ({ site, client } = await adminSite({}, { worker: false }));
  });

  afterAll(() => site?.destroy());

  it('stores an uploaded file once, content-addressed, with the allowed checksums', async () => {
    const { status, body } = await upload('hello artifact', { sha256: sha256('hello artifact'), size: '14' });
    expect(status).toBe(201);
    const digest = sha256('hello artifact');
    expect(body).toMatchObject({
      file: `artifact/${digest.slice(0, 2)}/${digest.slice(2)}`,
      size: 14,
      sha256: digest,
      sha512: createHash('sha512').update('hello artifact').digest('hex'),
      md5: null,
      sha1: null,
      prn: `prn:core.artifact:${body.pulp_href.split('/').at(-2)}`,
    });
    expect(body.pulp_href).toMatch(/^\/pulp\/api\/v3\/artifacts\/[0-9a-f-]{36}\/$/);
    expect(readFileSync(join(site.dir, 'media', body.file), 'utf8')).toBe('hello artifact');
    expect(spooled()).toEqual([]);

    const read = await json(body.pulp_href);
    expect(read).toEqual({ status: 200, body });
  });

  it('refuses a second upload of the same bytes, naming the checksum', async () => {
    const before = await artifactCount();
    const { status, body } = await upload('hello artifact');
    expect(status).toBe(400);
    expect(body).toEqual({
      non_field_errors: [`Artifact with sha256 checksum of '${sha256('hello artifact')}' already exists.`],
    });
    expect(await artifactCount()).toBe(before);
  });

  it.each([
    [{ sha256: sha256('something else') }, { sha256: ['The sha256 checksum did not match.'] }],
    [{ size: '3' }, { size: ['The size did not match actual size of file.'] }],
    // A size beyond 32 bits is a file's (the column is a bigint): compared, not refused as too big.
    [{ size: '5368709120' }, { size: ['The size did not match actual size of file.'] }],
    [{ size: '9007199254740992' }, { size: ['Ensure this value is less than or equal to 9007199254740991.'] }],
    [{ md5: 'abc' }, { md5: ['Checksum algorithm md5 forbidden for this Pulp instance.'] }],
    [{ size: 'big' }, { size: ['A valid integer is required.'] }],
    [{ colour: 'blue' }, { colour: ['Unexpected field'] }],
  ])('refuses %j with %j, storing nothing', async (fields, errors) => {
    const before = await artifactCount();
    const media = join(site.dir, 'media');
    const stored = existsSync(media) ? readdirSync(media, { recursive: true }).length : 0;
    const { status, body } = await upload(`refused ${randomUUID()}`, fields);
    expect({ status, body }).toEqual({ status: 400, body: errors });
    expect(await artifactCount()).toBe(before);
    expect(readdirSync(media, { recursive: true })).toHaveLength(stored);
    expect(spooled()).toEqual([]);
  });

  it('requires the file, and refuses text where the file belongs', async () => {
    expect(await upload(undefined)).toEqual({ status: 400, body: { file: ['This field is required.'] } });
    expect(await upload(undefined, { file: 'not a file' })).toEqual({
      status: 400,
      body: { file: ['The submitted data was not a file. Check the encoding type on the form.'] },
    });
  });

  it('lists artifacts with checksum filters, orphaned_for and ordering', async () => {
    const second = await upload('second artifact');
    expect(second.status).toBe(201);
    const all = await json(`${API}artifacts/`);
    expect(all.body.count).toBe(2);
    expect(all.body.results[0].pulp_href).toBe(second.body.pulp_href);

    const bySha = await json(`${API}artifacts/?sha256=${sha256('hello artifact')}`);
    expect(bySha.body.results.map((a: Json) => a.size)).toEqual([14]);
    const bySize = await json(`${API}artifacts/?ordering=size`);
    expect(bySize.body.results.map((a: Json) => a.size)).toEqual([14, 15]);
    expect((await json(`${API}artifacts/?orphaned_for=0`)).body.count).toBe(2);
    expect((await json(`${API}artifacts/?orphaned_for=-1`)).body.count).toBe(0);
    expect(await json(`${API}artifacts/?orphaned_for=soon`)).toEqual({
      status: 400,
      body: { orphaned_for: ['Enter a number.'] },
    });
    expect((await json(`${API}artifacts/?colour=blue`)).status).toBe(400);
    expect((await json(`${API}artifacts/${randomUUID()}/`)).status).toBe(404);
  });

  it('filters by repository version and refuses to delete an artifact content uses', async () => {
    const used = (await upload('used by content')).body;
    const artifactId = used.pulp_href.split('/').at(-2);
    const [repository] = await site.query<{ pulp_id: string }>(
      `INSERT INTO core_repository (pulp_id, pulp_domain_id, pulp_type, name, next_version)
       SELECT $1, pulp_id, 'test.thing', 'repo', 2 FROM core_domain WHERE name = 'default' RETURNING pulp_id`,
      [randomUUID()],
    );
    const [content] = await site.query<{ pulp_id: string }>(
      `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type)
       SELECT $1, pulp_id, 'test.thing' FROM core_domain WHERE name = 'default' RETURNING pulp_id`,
      [randomUUID()],
    );
    await site.query(
      `INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path) VALUES ($1, $2, $3, 'a.txt')`,
      [randomUUID(), content.pulp_id, artifactId],
    );
    const versions = [randomUUID(), randomUUID()];
    await site.query(
      `INSERT INTO core_repositoryversion (pulp_id, repository_id, number, complete)
       VALUES ($1, $3, 0, true), ($2, $3, 1, true)`,
      [...versions, repository.pulp_id],
    );
    await site.query(
      'INSERT INTO core_repositorycontent (repository_id, content_id, added_number) VALUES ($1, $2, 1)',
      [repository.pulp_id, content.pulp_id],
    );
    const versionHref = (n: number) => `${API}repositories/test/thing/${repository.pulp_id}/versions/${n}/`;
    const inVersion = async (reference: string) =>
      (await json(`${API}artifacts/?repository_version=${encodeURIComponent(reference)}`)).body.results.map(
        (a: Json) => a.pulp_href,
      );
    expect(await inVersion(versionHref(1))).toEqual([used.pulp_href]);
    expect(await inVersion(`prn:core.repositoryversion:${versions[1]}`)).toEqual([used.pulp_href]);
    expect(await inVersion(versionHref(0))).toEqual([]);
    expect((await json(`${API}artifacts/?repository_version=nonsense`)).status).toBe(400);

    // Pulp's default policy lets nobody, admins included, delete artifacts: an administrator allows it first.
    expect(await json(used.pulp_href, { method: 'DELETE' })).toEqual({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
    const policy = (await json(`${API}access_policies/?viewset_name=artifacts`)).body.results[0] as Json;
    const allowed = await client.send(
      policy.pulp_href,
      { statements: [...policy.statements, { action: ['destroy'], principal: 'admin', effect: 'allow' }] },
      'PATCH',
    );
    expect(allowed.status).toBe(200);

    const refused = await json(used.pulp_href, { method: 'DELETE' });
    expect(refused).toEqual({
      status: 409,
      body: { detail: 'The Artifact cannot be deleted because it is associated with Content.' },
    });
    expect(existsSync(join(site.dir, 'media', used.file))).toBe(true);
  });

  it('deletes an artifact no content uses, with its file', async () => {
    const unused = (await upload('short-lived')).body;
    expect((await json(unused.pulp_href, { method: 'DELETE' })).status).toBe(204);
    expect((await json(unused.pulp_href)).status).toBe(404);
    expect(existsSync(join(site.dir, 'media', unused.file))).toBe(false);
  });
});
