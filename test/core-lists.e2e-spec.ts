import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { PulpProcess } from './support/pulp-process';
import { TestSite } from './support/test-site';

const admin = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
const API = '/pulp/api/v3/';

type Json = Record<string, any>;

/** Fixed ids, so bodies can be asserted whole (and test names stay the same from run to run). */
const id = Object.fromEntries(
  [
    'remoteA',
    'remoteB',
    'repoA',
    'repoB',
    'hidden',
    'a0',
    'a1',
    'a2',
    'a3',
    'b0',
    'c1',
    'c2',
    'c3',
    'meta',
    'artifact',
    'pub',
    'draft',
    'header',
    'rbac',
    'distA',
    'distArt',
    'distPub',
    'signer',
  ].map((name, index) => [name, `0198c6a2-0000-7000-8000-${String(index + 1).padStart(12, '0')}`]),
);
/** An id no object has. */
const MISSING = '0198c6a2-ffff-7000-8000-000000000000';

const repoHref = (repo: string) => `${API}repositories/file/file/${repo}/`;
const versionHref = (repo: string, n: number) => `${repoHref(repo)}versions/${n}/`;
const contentHref = (content: string) => `${API}content/file/files/${content}/`;

describe('the generic lists: repositories, versions, remotes, publications, distributions, guards, content', () => {
  let site: TestSite;
  let pool: Pool;
  let api: PulpProcess;

  const get = async (path: string) => {
    const response = await fetch(path.startsWith('http') ? path : `${api.baseUrl}${API}${path}`, { headers: admin });
    return { status: response.status, body: (await response.json()) as Json };
  };
  /** The results' hrefs of a list request that must succeed, sorted. */
  const hrefs = async (path: string) => {
    const { status, body } = await get(path);
    expect({ path, status }).toEqual({ path, status: 200 });
    return (body.results as Json[]).map((result) => result.pulp_href as string).sort();
  };

  beforeAll(async () => {
    site = await TestSite.create({ CONTENT_ORIGIN: 'http://content.example' });
    expect((await site.manager(['reset-admin-password', '--password', 'pw'])).code).toBe(0);
    pool = site.pool(1);
    await seed(pool);
    api = await site.start('api');
  });

  afterAll(async () => {
    await pool?.end();
    await site?.destroy();
  });

  describe('repositories_list', () => {
    it('lists visible repositories under their detail hrefs, with their latest complete version', async () => {
      const { body } = await get('repositories/?ordering=name');
      expect(body.count).toBe(2);
      expect(body.results[0]).toEqual({
        pulp_href: repoHref(id.repoA),
        prn: `prn:file.filerepository:${id.repoA}`,
        pulp_created: '2025-01-01T00:00:00.000Z',
        pulp_last_updated: '2025-01-01T00:00:00.000Z',
        versions_href: `${repoHref(id.repoA)}versions/`,
        pulp_labels: { env: 'prod', tier: 'gold' },
        latest_version_href: versionHref(id.repoA, 2),
        name: 'repo-a',
        description: 'first',
        retain_repo_versions: 3,
        remote: `${API}remotes/file/file/${id.remoteA}/`,
      });
      expect(body.results[1].latest_version_href).toBe(versionHref(id.repoB, 0));
    });

    it.each([
      ['name__startswith=repo-b', ['repoB']],
      ['name__in=repo-a,nope', ['repoA']],
      ['pulp_label_select=env=prod', ['repoA']],
      ['pulp_label_select=env,!tier', ['repoB']],
      ['pulp_label_select=tier~GOL', ['repoA']],
      ['pulp_label_select=env!=prod', ['repoB']],
      ['pulp_label_select=team', ['repoB']],
      ['retain_repo_versions__isnull=true', ['repoB']],
      ['retain_repo_versions__gte=2', ['repoA']],
      // As Django's exclude(): a repository without the setting differs from 3.
      ['retain_repo_versions__ne=3', ['repoB']],
      [`remote=${API}remotes/file/file/${id.remoteA}/`, ['repoA']],
      ['remote=null', ['repoB']],
      [`with_content=${contentHref(id.c1)}`, ['repoA']],
      [`with_content=prn:file.filecontent:${id.c3}`, ['repoA', 'repoB']],
      [`latest_with_content=${contentHref(id.c1)}`, []],
      // Only the version being written (3) removes c2: it is still in the latest one.
      [`latest_with_content=${contentHref(id.c2)}`, ['repoA']],
      ['pulp_type=file.file', ['repoA', 'repoB']],
      ['pulp_type__in=core.openpgp', []],
      [`prn__in=prn:file.filerepository:${id.repoB}`, ['repoB']],
      [`pulp_href__in=${repoHref(id.repoA)}`, ['repoA']],
      ['q=name="repo-a" OR pulp_label_select="team"', ['repoA', 'repoB']],
    ])('filters with %s', async (filter, expected) => {
      expect(await hrefs(`repositories/?${filter}`)).toEqual(expected.map((name) => repoHref(id[name])).sort());
    });

    it('pages, orders and selects fields', async () => {
      const { body } = await get('repositories/?ordering=-name&limit=1&fields=name,remote');
      expect(body.results).toEqual([{ name: 'repo-b', remote: null }]);
      expect(body.next).toBe(`${api.baseUrl}${API}repositories/?fields=name%2Cremote&limit=1&offset=1&ordering=-name`);
      const next = await get(body.next);
      expect(next.body.results.map((repo: Json) => repo.name)).toEqual(['repo-a']);
      expect((await get('repositories/?exclude_fields=pulp_labels,versions_href')).body.results[0]).not.toHaveProperty(
        'pulp_labels',
      );
    });

    it.each([
      ['bogus=1', { errors: ["Invalid Filter: 'bogus'"] }],
      ['pulp_type=file.nope', { pulp_type: ['Select a valid choice. file.nope is not one of the available choices.'] }],
      ['remote=/pulp/api/v3/remotes/file/file/', { remote: ['URI not valid: /pulp/api/v3/remotes/file/file/'] }],
      ['pulp_label_select=!a=b', { pulp_label_select: ["Cannot use an operator with '!a'."] }],
      ['pulp_label_select=a(b)', { pulp_label_select: ["Invalid search term: 'a(b)'."] }],
      ['retain_repo_versions=many', { retain_repo_versions: ['Enter a whole number.'] }],
    ])('refuses %s', async (filter, errors) => {
      expect(await get(`repositories/?${filter}`)).toEqual({ status: 400, body: errors });
    });
  });

  describe('repository_versions_list', () => {
    it('shows complete versions with their summary, base version and vulnerability report', async () => {
      const { body } = await get(`repository_versions/?pulp_href__in=${versionHref(id.repoA, 2)}`);
      const v2 = versionHref(id.repoA, 2);
      expect(body.results).toEqual([
        {
          pulp_href: v2,
          prn: `prn:core.repositoryversion:${id.a2}`,
          pulp_created: '2025-01-03T00:00:00.000Z',
          pulp_last_updated: '2025-01-03T00:00:00.000Z',
          number: 2,
          repository: repoHref(id.repoA),
          base_version: versionHref(id.repoA, 1),
          content_summary: {
            added: { 'file.file': { count: 1, href: `${API}content/file/files/?repository_version_added=${v2}` } },
            removed: { 'file.file': { count: 1, href: `${API}content/file/files/?repository_version_removed=${v2}` } },
            present: { 'file.file': { count: 2, href: `${API}content/file/files/?repository_version=${v2}` } },
          },
          vuln_report: `${API}vuln_report/?repo_versions=prn:core.repositoryversion:${id.a2}`,
        },
      ]);
    });

    it('leaves out the version being written, newest first by default', async () => {
      expect((await get('repository_versions/?fields=number')).body).toMatchObject({
        count: 4,
        results: [{ number: 2 }, { number: 0 }, { number: 1 }, { number: 0 }],
      });
    });

    it.each([
      ['number=1', [['repoA', 1]]],
      [
        'number__gte=1',
        [
          ['repoA', 1],
          ['repoA', 2],
        ],
      ],
      [
        'number__range=0,1',
        [
          ['repoA', 0],
          ['repoA', 1],
          ['repoB', 0],
        ],
      ],
      ['number__lt=1&number__gt=0', []],
      [
        'pulp_created__lt=2025-01-02T12:00:00Z',
        [
          ['repoA', 0],
          ['repoA', 1],
        ],
      ],
      [`content=${contentHref(id.c1)}`, [['repoA', 1]]],
      [
        `content=${contentHref(id.c2)}`,
        [
          ['repoA', 1],
          ['repoA', 2],
        ],
      ],
      [
        `content__in=${contentHref(id.c1)},prn:file.filecontent:${id.c3}`,
        [
          ['repoA', 1],
          ['repoA', 2],
          ['repoB', 0],
        ],
      ],
      [
        `pulp_href__in=${versionHref(id.repoA, 0)},prn:core.repositoryversion:${id.b0}`,
        [
          ['repoA', 0],
          ['repoB', 0],
        ],
      ],
      [`prn__in=prn:core.repositoryversion:${id.a1}`, [['repoA', 1]]],
      [`pulp_href__in=${versionHref(id.repoA, 3)}`, []],
    ])('filters with %s', async (filter, expected) => {
      expect(await hrefs(`repository_versions/?${filter}`)).toEqual(
        expected.map(([repo, n]) => versionHref(id[repo as string], n as number)).sort(),
      );
    });

    it('orders by number, and accepts the content_ids ordering it cannot apply', async () => {
      const ordered = await get('repository_versions/?ordering=number,-pulp_created&fields=number');
      expect(ordered.body.results.map((version: Json) => version.number)).toEqual([0, 0, 1, 2]);
      const unordered = await get('repository_versions/?ordering=-content_ids&fields=number');
      expect(unordered.body.results.map((version: Json) => version.number)).toEqual([2, 0, 1, 0]);
    });

    it.each([
      ['pulp_id__in=' + id.a1, { errors: ["Invalid Filter: 'pulp_id__in'"] }],
      [`pulp_href__in=${repoHref(id.repoA)}`, { pulp_href__in: [`URI not valid: ${repoHref(id.repoA)}`] }],
      ['content=nope', { content: ['URI not valid: nope'] }],
      ['number__range=1', { number__range: ['Range query expects two values.'] }],
    ])('refuses %s', async (filter, errors) => {
      expect(await get(`repository_versions/?${filter}`)).toEqual({ status: 400, body: errors });
    });
  });

  describe('content_list', () => {
    it('shows content with its labels and artifacts, under detail hrefs', async () => {
      const { body } = await get(
        `content/?pulp_href__in=${contentHref(id.c1)},${API}content/core/publishedmetadata/${id.meta}/&ordering=pk`,
      );
      expect(body.results).toEqual(
        [
          {
            pulp_href: contentHref(id.c1),
            prn: `prn:file.filecontent:${id.c1}`,
            pulp_created: '2025-01-01T00:00:00.000Z',
            pulp_last_updated: '2025-01-01T00:00:00.000Z',
            pulp_labels: { color: 'Red Apple' },
            vuln_report: null,
            artifacts: { 'a.txt': `${API}artifacts/${id.artifact}/`, 'b.txt': null },
          },
          {
            pulp_href: `${API}content/core/publishedmetadata/${id.meta}/`,
            prn: `prn:core.publishedmetadata:${id.meta}`,
            pulp_created: '2025-01-01T00:00:00.000Z',
            pulp_last_updated: '2025-01-01T00:00:00.000Z',
            pulp_labels: {},
            vuln_report: null,
            artifacts: {},
          },
        ].sort((a, b) => (a.pulp_href.split('/')[7] < b.pulp_href.split('/')[7] ? -1 : 1)),
      );
    });

    it.each([
      [`repository_version=${versionHref(id.repoA, 0)}`, []],
      [`repository_version=${versionHref(id.repoA, 1)}`, ['c1', 'c2']],
      [`repository_version=${versionHref(id.repoA, 2)}`, ['c2', 'c3']],
      [`repository_version=prn:core.repositoryversion:${id.a2}`, ['c2', 'c3']],
      [`repository_version_added=${versionHref(id.repoA, 1)}`, ['c1', 'c2']],
      [`repository_version_added=${versionHref(id.repoA, 2)}`, ['c3']],
      [`repository_version_removed=${versionHref(id.repoA, 2)}`, ['c1']],
      // Version 3 is being written: it does not exist yet.
      [`repository_version=${versionHref(id.repoA, 3)}`, []],
      [`repository_version_removed=${versionHref(id.repoA, 3)}`, []],
      [`repository_version=${versionHref(id.repoB, 0)}`, ['c3']],
      ['pulp_type=core.publishedmetadata', ['meta']],
      ['pulp_type__in=file.file,core.openpgp_userid', ['c1', 'c2', 'c3']],
      ['pulp_label_select=color~apple', ['c1']],
      ['pulp_label_select=!color', ['c2', 'c3', 'meta']],
      // As Pulp's orphaned(): c1 left repo-a in version 2 but version 1 still holds it; published
      // metadata is never an orphan. (The next test has orphans.)
      ['orphaned_for=0', []],
      [`pulp_id__in=${id.c2},${id.c3}`, ['c2', 'c3']],
    ])('filters with %s', async (filter, expected) => {
      const shown = (name: string) =>
        name === 'meta' ? `${API}content/core/publishedmetadata/${id.meta}/` : contentHref(id[name]);
      expect(await hrefs(`content/?${filter}`)).toEqual(expected.map(shown).sort());
    });

    it('filters with orphaned_for: minutes untouched in no repository version (-1: ORPHAN_PROTECTION_TIME)', async () => {
      const [old, recent] = [MISSING.replace('ffff', 'eeee'), MISSING.replace('ffff', 'dddd')];
      await pool.query(
        `INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type, timestamp_of_interest)
         SELECT $1::uuid, pulp_id, 'file.file', now() - interval '2 days' FROM core_domain WHERE name = 'default'
         UNION ALL
         SELECT $2::uuid, pulp_id, 'file.file', now() - interval '2 hours' FROM core_domain WHERE name = 'default'`,
        [old, recent],
      );
      try {
        expect(await hrefs('content/?orphaned_for=0')).toEqual([contentHref(old), contentHref(recent)].sort());
        expect(await hrefs('content/?orphaned_for=60')).toEqual([contentHref(old), contentHref(recent)].sort());
        expect(await hrefs('content/?orphaned_for=-1')).toEqual([contentHref(old)]);
        expect(await hrefs('content/?orphaned_for=5000')).toEqual([]);
      } finally {
        await pool.query('DELETE FROM core_content WHERE pulp_id = ANY($1::uuid[])', [[old, recent]]);
      }
    });

    it.each([
      [`repository_version=${repoHref(id.repoA)}`, { repository_version: [`URI not valid: ${repoHref(id.repoA)}`] }],
      [
        `repository_version_added=prn:file.filerepository:${id.repoA}`,
        { repository_version_added: [`URI not valid: prn:file.filerepository:${id.repoA}`] },
      ],
      ['orphaned_for=soon', { orphaned_for: ['Enter a number.'] }],
      [
        'ordering=pulp_created',
        { ordering: ['Select a valid choice. pulp_created is not one of the available choices.'] },
      ],
      ['repository=x', { errors: ["Invalid Filter: 'repository'"] }],
    ])('refuses %s', async (filter, errors) => {
      expect(await get(`content/?${filter}`)).toEqual({ status: 400, body: errors });
    });
  });

  describe('remotes_list', () => {
    it('shows remotes without their secrets, saying which are set', async () => {
      const { body } = await get('remotes/?name=remote-a');
      expect(body.results).toEqual([
        {
          pulp_href: `${API}remotes/file/file/${id.remoteA}/`,
          prn: `prn:file.fileremote:${id.remoteA}`,
          pulp_created: '2025-01-01T00:00:00.000Z',
          pulp_last_updated: '2025-01-01T00:00:00.000Z',
          name: 'remote-a',
          url: 'https://example.com/a/',
          ca_cert: null,
          client_cert: null,
          tls_validation: true,
          proxy_url: null,
          pulp_labels: { env: 'prod' },
          download_concurrency: 5,
          max_retries: null,
          policy: 'on_demand',
          total_timeout: 30.5,
          connect_timeout: null,
          sock_connect_timeout: null,
          sock_read_timeout: null,
          headers: [{ 'X-Token': 'abc' }],
          rate_limit: null,
          hidden_fields: [
            { name: 'client_key', is_set: false },
            { name: 'proxy_username', is_set: false },
            { name: 'proxy_password', is_set: false },
            { name: 'username', is_set: true },
            { name: 'password', is_set: true },
          ],
        },
      ]);
    });

    it.each([
      ['name__icontains=REMOTE', ['remoteA', 'remoteB']],
      ['pulp_label_select=env=prod', ['remoteA']],
      ['pulp_last_updated__gt=2025-06-01T00:00:00Z', ['remoteB']],
      ['pulp_last_updated__range=2024-12-31T00:00:00Z,2025-01-02T00:00:00Z', ['remoteA']],
    ])('filters with %s', async (filter, expected) => {
      expect(await hrefs(`remotes/?${filter}`)).toEqual(
        expected.map((name) => `${API}remotes/file/file/${id[name]}/`).sort(),
      );
    });

    it('refuses a bad datetime', async () => {
      expect(await get('remotes/?pulp_last_updated__gt=yesterday')).toEqual({
        status: 400,
        body: { pulp_last_updated__gt: ['Enter a valid date/time.'] },
      });
    });
  });

  describe('publications_list', () => {
    const pub = `${API}publications/file/file/${id.pub}/`;

    it('shows complete publications with their version and repository', async () => {
      const { body } = await get('publications/');
      expect(body.results).toEqual([
        {
          pulp_href: pub,
          prn: `prn:file.filepublication:${id.pub}`,
          pulp_created: '2025-01-02T00:00:00.000Z',
          pulp_last_updated: '2025-01-02T00:00:00.000Z',
          repository_version: versionHref(id.repoA, 1),
          repository: repoHref(id.repoA),
        },
      ]);
    });

    it.each([
      [`repository=${repoHref(id.repoA)}`, [pub]],
      [`repository=${repoHref(id.repoB)}`, []],
      [`repository_version=${versionHref(id.repoA, 1)}`, [pub]],
      [`repository_version=prn:core.repositoryversion:${id.a2}`, []],
      [`content=${contentHref(id.c1)}`, [pub]],
      [`content=${contentHref(id.c3)}`, []],
      [`content__in=${contentHref(id.c3)},${contentHref(id.c2)}`, [pub]],
      ['checkpoint=false', [pub]],
      ['checkpoint=true', []],
      ['pulp_created__gte=2025-01-02T00:00:00Z', [pub]],
    ])('filters with %s', async (filter, expected) => {
      expect(await hrefs(`publications/?${filter}`)).toEqual(expected);
    });

    it('refuses a repository version href that names a repository', async () => {
      expect(await get(`publications/?repository_version=${repoHref(id.repoA)}`)).toEqual({
        status: 400,
        body: { repository_version: [`URI not valid: ${repoHref(id.repoA)}`] },
      });
    });
  });

  describe('distributions_list and distributions_core_artifacts', () => {
    const distA = `${API}distributions/file/file/${id.distA}/`;
    const distPub = `${API}distributions/file/file/${id.distPub}/`;
    const distArt = `${API}distributions/core/artifacts/${id.distArt}/`;
    const artifactBody = {
      pulp_href: distArt,
      prn: `prn:core.artifactdistribution:${id.distArt}`,
      pulp_created: '2025-01-01T00:00:00.000Z',
      pulp_last_updated: '2025-01-01T00:00:00.000Z',
      base_path: 'art',
      base_url: 'http://content.example/pulp/content/art/',
      content_guard: null,
      no_content_change_since: null,
      hidden: true,
      pulp_labels: {},
      name: 'dist-art',
    };

    it('shows distributions with their URL, guard and repository', async () => {
      const { body } = await get('distributions/?ordering=name');
      expect(body.results.map((distribution: Json) => distribution.pulp_href)).toEqual([distA, distArt, distPub]);
      expect(body.results[0]).toEqual({
        pulp_href: distA,
        prn: `prn:file.filedistribution:${id.distA}`,
        pulp_created: '2025-01-01T00:00:00.000Z',
        pulp_last_updated: '2025-01-01T00:00:00.000Z',
        base_path: 'a/path',
        base_url: 'http://content.example/pulp/content/a/path/',
        content_guard: `${API}contentguards/core/header/${id.header}/`,
        no_content_change_since: null,
        hidden: false,
        pulp_labels: { env: 'prod' },
        name: 'dist-a',
        repository: repoHref(id.repoA),
      });
      expect(body.results[1]).toEqual({ ...artifactBody, repository: null });
    });

    it.each([
      ['base_path__contains=path', [distA]],
      ['base_path__in=art,pub', [distArt, distPub]],
      ['name__iexact=DIST-PUB', [distPub]],
      [`repository=${repoHref(id.repoA)}`, [distA]],
      [`repository__in=${id.repoA},${id.repoB}`, [distA]],
      // The repository's latest version has c3; the publication's version has c1.
      [`with_content=${contentHref(id.c3)}`, [distA]],
      [`with_content=${contentHref(id.c1)}`, [distPub]],
      [`with_content=${contentHref(id.c2)}`, [distA, distPub]],
      ['pulp_label_select=env=prod', [distA]],
      ['pulp_type=core.artifact', [distArt]],
      ['checkpoint=true', []],
    ])('filters with %s', async (filter, expected) => {
      expect(await hrefs(`distributions/?${filter}`)).toEqual([...expected].sort());
    });

    it('lists and reads artifact distributions only', async () => {
      expect((await get('distributions/core/artifacts/')).body.results).toEqual([artifactBody]);
      expect(await hrefs('distributions/core/artifacts/?name=dist-a')).toEqual([]);
      expect(await get(`distributions/core/artifacts/${id.distArt}/?fields=name,base_url`)).toEqual({
        status: 200,
        body: { name: 'dist-art', base_url: 'http://content.example/pulp/content/art/' },
      });
    });

    it.each([id.distA, MISSING, 'not-a-uuid'])('answers 404 for artifact distribution %s', async (missing) => {
      expect(await get(`distributions/core/artifacts/${missing}/`)).toEqual({
        status: 404,
        body: { detail: 'No ArtifactDistribution matches the given query.' },
      });
    });

    it('refuses pulp_type on the artifact distributions list', async () => {
      expect(await get('distributions/core/artifacts/?pulp_type=core.artifact')).toEqual({
        status: 400,
        body: { errors: ["Invalid Filter: 'pulp_type'"] },
      });
    });
  });

  describe('contentguards_list', () => {
    it('names each guard by its detail type', async () => {
      const { body } = await get('contentguards/?ordering=name');
      expect(body.results).toEqual([
        {
          pulp_href: `${API}contentguards/core/header/${id.header}/`,
          prn: `prn:core.headercontentguard:${id.header}`,
          pulp_created: '2025-01-01T00:00:00.000Z',
          pulp_last_updated: '2025-01-01T00:00:00.000Z',
          name: 'guard-h',
          description: 'by header',
        },
        {
          pulp_href: `${API}contentguards/core/rbac/${id.rbac}/`,
          prn: `prn:core.rbaccontentguard:${id.rbac}`,
          pulp_created: '2025-01-01T00:00:00.000Z',
          pulp_last_updated: '2025-01-01T00:00:00.000Z',
          name: 'guard-r',
          description: null,
        },
      ]);
      expect(await hrefs('contentguards/?pulp_type__in=core.rbac,certguard.x509')).toEqual([
        `${API}contentguards/core/rbac/${id.rbac}/`,
      ]);
      expect(await hrefs(`contentguards/?prn__in=prn:core.headercontentguard:${id.header}`)).toEqual([
        `${API}contentguards/core/header/${id.header}/`,
      ]);
    });
  });

  describe('signing_services', () => {
    const body = {
      pulp_href: `${API}signing-services/${id.signer}/`,
      prn: `prn:core.signingservice:${id.signer}`,
      pulp_created: '2025-01-01T00:00:00.000Z',
      pulp_last_updated: '2025-01-01T00:00:00.000Z',
      name: 'signer',
      public_key: 'KEY',
      pubkey_fingerprint: 'FPR',
      script: '/usr/bin/sign',
    };

    it('lists, filters by name and reads', async () => {
      expect((await get('signing-services/?name=signer')).body).toEqual({
        count: 1,
        next: null,
        previous: null,
        results: [body],
      });
      expect(await hrefs('signing-services/?name=other')).toEqual([]);
      expect(await get(`signing-services/${id.signer}/`)).toEqual({ status: 200, body });
      expect(await get(`signing-services/${MISSING}/`)).toEqual({
        status: 404,
        body: { detail: 'No SigningService matches the given query.' },
      });
      expect(await get('signing-services/?name__contains=s')).toEqual({
        status: 400,
        body: { errors: ["Invalid Filter: 'name__contains'"] },
      });
    });
  });

  /** Two repositories (and a hidden one), versions 0-3 of repo-a (3 being written) and 0 of repo-b, and the rest. */
  async function seed(db: Pool): Promise<void> {
    const sql = (text: string, values: unknown[] = []) => db.query(text, values);
    const [{ domain }] = (await sql("SELECT pulp_id AS domain FROM core_domain WHERE name = 'default'")).rows;
    const day = (n: number) => `2025-01-0${n}T00:00:00Z`;
    const summary = (added: number, removed: number, present: number) => {
      const counts = (count: number) => (count ? { 'file.file': count } : {});
      return JSON.stringify({ added: counts(added), removed: counts(removed), present: counts(present) });
    };
    await sql(
      `INSERT INTO core_remote (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, pulp_labels, name,
                                url, username, password, download_concurrency, policy, total_timeout, headers)
       VALUES ($1, $3, $3, $5, 'file.file', '{"env": "prod"}', 'remote-a', 'https://example.com/a/', 'u', 'p', 5,
               'on_demand', 30.5, '[{"X-Token": "abc"}]'),
              ($2, $4, $4, $5, 'file.file', '{}', 'remote-b', 'https://example.com/b/', NULL, NULL, NULL,
               'immediate', NULL, NULL)`,
      [id.remoteA, id.remoteB, day(1), '2025-07-01T00:00:00Z', domain],
    );
    await sql(
      `INSERT INTO core_repository (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, pulp_labels,
                                    name, description, retain_repo_versions, remote_id, user_hidden)
       VALUES ($1, $4, $4, $5, 'file.file', '{"env": "prod", "tier": "gold"}', 'repo-a', 'first', 3, $6, false),
              ($2, $4, $4, $5, 'file.file', '{"env": "dev", "team": null}', 'repo-b', NULL, NULL, NULL, false),
              ($3, $4, $4, $5, 'file.file', '{}', 'hidden', NULL, NULL, NULL, true)`,
      [id.repoA, id.repoB, id.hidden, day(1), domain, id.remoteA],
    );
    for (const [version, repo, number, complete, created, base, counts] of [
      [id.a0, id.repoA, 0, true, day(1), null, summary(0, 0, 0)],
      [id.a1, id.repoA, 1, true, day(2), null, summary(2, 0, 2)],
      [id.a2, id.repoA, 2, true, day(3), id.a1, summary(1, 1, 2)],
      [id.a3, id.repoA, 3, false, day(4), null, null],
      [id.b0, id.repoB, 0, true, '2025-01-02T18:00:00Z', null, summary(1, 0, 1)],
    ]) {
      await sql(
        `INSERT INTO core_repositoryversion (pulp_id, pulp_created, pulp_last_updated, repository_id, number, complete,
                                             base_version_id, content_summary)
         VALUES ($1, $5, $5, $2, $3, $4, $6, $7)`,
        [version, repo, number, complete, created, base, counts],
      );
    }
    await sql(
      `INSERT INTO core_content (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, pulp_labels,
                                 timestamp_of_interest)
       VALUES ($1, $5, $5, $6, 'file.file', '{"color": "Red Apple"}', now()),
              ($2, $5, $5, $6, 'file.file', '{}', now()),
              ($3, $5, $5, $6, 'file.file', '{}', now()),
              ($4, $5, $5, $6, 'core.publishedmetadata', '{}', now() - interval '2 days')`,
      [id.c1, id.c2, id.c3, id.meta, day(1), domain],
    );
    await sql(
      `INSERT INTO core_artifact (pulp_id, pulp_domain_id, file, size, sha256)
       VALUES ($1, $2, 'artifact/ab/cdef', 3, 'abcdef')`,
      [id.artifact, domain],
    );
    await sql(
      `INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path)
       VALUES ($1, $3, $4, 'a.txt'), ($2, $3, NULL, 'b.txt')`,
      [randomUUID(), randomUUID(), id.c1, id.artifact],
    );
    // c1 and c2 came in version 1; version 2 added c3 and removed c1; version 3 (being written) removes c2.
    await sql(
      `INSERT INTO core_repositorycontent (repository_id, content_id, added_number, removed_number)
       VALUES ($1, $3, 1, 2), ($1, $4, 1, 3), ($1, $5, 2, NULL), ($2, $5, 0, NULL)`,
      [id.repoA, id.repoB, id.c1, id.c2, id.c3],
    );
    await sql(
      `INSERT INTO core_publication (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, complete,
                                     repository_version_id)
       VALUES ($1, $3, $3, $4, 'file.file', true, $5), ($2, $3, $3, $4, 'file.file', false, $6)`,
      [id.pub, id.draft, day(2), domain, id.a1, id.a2],
    );
    await sql(
      `INSERT INTO core_contentguard (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, name,
                                      description)
       VALUES ($1, $3, $3, $4, 'core.header', 'guard-h', 'by header'),
              ($2, $3, $3, $4, 'core.rbac', 'guard-r', NULL)`,
      [id.header, id.rbac, day(1), domain],
    );
    await sql(
      `INSERT INTO core_distribution (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, pulp_labels,
                                      name, base_path, hidden, content_guard_id, repository_id, publication_id)
       VALUES ($1, $4, $4, $5, 'file.file', '{"env": "prod"}', 'dist-a', 'a/path', false, $6, $7, NULL),
              ($2, $4, $4, $5, 'core.artifact', '{}', 'dist-art', 'art', true, NULL, NULL, NULL),
              ($3, $4, $4, $5, 'file.file', '{}', 'dist-pub', 'pub', false, NULL, NULL, $8)`,
      [id.distA, id.distArt, id.distPub, day(1), domain, id.header, id.repoA, id.pub],
    );
    await sql(
      `INSERT INTO core_signingservice (pulp_id, pulp_created, pulp_last_updated, pulp_domain_id, pulp_type, name,
                                        public_key, pubkey_fingerprint, script)
       VALUES ($1, $2, $2, $3, 'core.AsciiArmoredDetachedSigningService', 'signer', 'KEY', 'FPR', '/usr/bin/sign')`,
      [id.signer, day(1), domain],
    );
  }
});
