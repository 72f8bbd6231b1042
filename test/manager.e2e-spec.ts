import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestSite } from './support/test-site';

describe('pulpcore-manager', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await TestSite.create({}, { migrate: false });
  });

  afterAll(() => site?.destroy());

  it('migrates, and a second migrate is a no-op', async () => {
    const before = await site.manager(['showmigrations']);
    expect(before.code).toBe(0);
    expect(before.output).toContain(' [ ] CreateDomains1764000000000');

    const first = await site.manager(['migrate']);
    expect(first.code).toBe(0);
    expect(first.output).toContain('Applied CreateDomains1764000000000');
    const tables = await site.query<{ count: string }>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");

    const second = await site.manager(['migrate']);
    expect(second.code).toBe(0);
    expect(second.output.trim()).toBe('No migrations to apply.');
    expect(await site.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).toEqual(tables);

    const after = await site.manager(['showmigrations']);
    expect(after.output).not.toContain('[ ]');
    expect(after.output).toContain(' [X] CreateUsers1764000002000');
  });

  it('creates the default domain, in step with the storage settings, and protects it', async () => {
    expect(await site.query('SELECT name, storage_class, redirect_to_object_storage FROM core_domain')).toEqual([
      { name: 'default', storage_class: 'pulpcore.app.models.storage.FileSystem', redirect_to_object_storage: true },
    ]);
    expect((await site.manager(['migrate'], { PULP_REDIRECT_TO_OBJECT_STORAGE: 'false' })).code).toBe(0);
    expect(await site.query('SELECT redirect_to_object_storage FROM core_domain')).toEqual([
      { redirect_to_object_storage: false },
    ]);
    await expect(site.query("DELETE FROM core_domain WHERE name = 'default'")).rejects.toThrow('cannot be deleted');
  });

  it('resets the admin password from --password, --random, or a prompt', async () => {
    const given = await site.manager(['reset-admin-password', '--password', 'first']);
    expect(given.code).toBe(0);
    expect(given.output).toContain('Successfully set "admin" user\'s password.');
    const [admin] = await site.query<{ is_superuser: boolean; password: string }>(
      "SELECT * FROM auth_user WHERE username = 'admin'",
    );
    expect(admin.is_superuser).toBe(true);
    expect(admin.password).toMatch(/^scrypt\$/);
    expect(admin.password).not.toContain('first');

    const random = await site.manager(['reset-admin-password', '--random']);
    expect(random.output).toMatch(/Successfully set "admin" user's password to "[A-Za-z0-9]{20}"\./);

    const prompted = await site.manager(['reset-admin-password'], {}, 'typed\ntyped\n');
    expect(prompted.code).toBe(0);
    const mismatch = await site.manager(['reset-admin-password'], {}, 'one\ntwo\n');
    expect(mismatch.code).toBe(1);
    expect(mismatch.output).toContain("Your passwords didn't match.");
    const blank = await site.manager(['reset-admin-password', '--password', '']);
    expect(blank.code).toBe(1);
    expect(blank.output).toContain('Blank passwords are not allowed.');
    expect(await site.query("SELECT count(*)::int AS n FROM auth_user WHERE username = 'admin'")).toEqual([{ n: 1 }]);
  });

  it('collects static assets into STATIC_ROOT', async () => {
    const result = await site.manager(['collectstatic', '--noinput']);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(new RegExp(`\\d+ static files copied to '${join(site.dir, 'assets')}'`));
    expect(existsSync(join(site.dir, 'assets/swagger-ui/swagger-ui-bundle.js'))).toBe(true);
    expect(readFileSync(join(site.dir, 'assets/pulp/favicon.svg'), 'utf8')).toContain('<svg');
  });

  it('writes the OpenAPI document to a file', async () => {
    const file = join(site.dir, 'api.json');
    expect((await site.manager(['openapi', '--file', file])).code).toBe(0);
    const document = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/pulp/api/v3/status/');
  });

  it('checks the installation', async () => {
    const result = await site.manager(['check']);
    expect(result.code).toBe(0);
    expect(result.output).toContain('pulpcore.W001: MEDIA_ROOT');
  });

  it.each(['check', 'collectstatic', 'migrate', 'openapi', 'reset-admin-password', 'showmigrations'])(
    'explains %s with --help',
    async (command) => {
      const result = await site.manager([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.output).toContain(`pulpcore-manager ${command}`);
    },
  );

  it('lists its commands, and refuses unknown commands and options with exit 2', async () => {
    expect((await site.manager(['--help'])).output).toContain('reset-admin-password');
    const unknown = await site.manager(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("Unknown command: 'frobnicate'");
    const option = await site.manager(['migrate', '--bogus']);
    expect(option.code).toBe(2);
    expect(option.output).toContain("Unknown option '--bogus'");
    const both = await site.manager(['reset-admin-password', '--random', '--password', 'x']);
    expect(both.code).toBe(2);
    expect(both.output).toContain('Use either --random or --password, not both.');
    expect(both.output).not.toMatch(/^\s+at /m);
  });
});
