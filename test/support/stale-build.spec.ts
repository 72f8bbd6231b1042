import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_STAMP, staleBuild } from './stale-build';

describe('staleBuild', () => {
  let root: string;
  const write = (path: string, secondsAgo: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    const when = Date.now() / 1000 - secondsAgo;
    utimesSync(join(root, path), when, when);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stale-build-'));
    write('libs/rest/src/filters.ts', 60);
    write('src/pulpcore-api.ts', 60);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a checkout that was never built', () => {
    expect(staleBuild(root)).toBe('dist/ has not been built: run `npm run build` first.');
  });

  it('accepts a build newer than every compiled source', () => {
    write(BUILD_STAMP, 10);
    expect(staleBuild(root)).toBeNull();
  });

  it('names a compiled source edited after the build', () => {
    write(BUILD_STAMP, 10);
    write('libs/rest/src/filters.ts', 0);
    expect(staleBuild(root)).toBe(
      'dist/ is older than libs/rest/src/filters.ts: run `npm run build` (the e2e suites run the built code).',
    );
  });

  it('ignores what the build does not compile: unit specs and other folders', () => {
    write(BUILD_STAMP, 10);
    write('libs/rest/src/filters.spec.ts', 0);
    write('test/openapi.e2e-spec.ts', 0);
    write('docs/running.md', 0);
    expect(staleBuild(root)).toBeNull();
  });
});
