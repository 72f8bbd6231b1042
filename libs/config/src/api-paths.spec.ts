import { contentPathPrefix, resourceApiPath, rootApiPath } from './api-paths';

describe('API and content paths', () => {
  const off = { API_ROOT: '/pulp/', CONTENT_PATH_PREFIX: '/pulp/content/', DOMAIN_ENABLED: false };
  const on = { ...off, DOMAIN_ENABLED: true };

  it('keeps status, schema and docs outside domains', () => {
    expect(rootApiPath(on)).toBe('/pulp/api/v3/');
  });

  it('puts resources and content in their domain only with DOMAIN_ENABLED', () => {
    expect(resourceApiPath(off)).toBe('/pulp/api/v3/');
    expect(resourceApiPath(on)).toBe('/pulp/default/api/v3/');
    expect(resourceApiPath({ ...on, API_ROOT: '/custom/' }, 'team-a')).toBe('/custom/team-a/api/v3/');
    expect(contentPathPrefix(off)).toBe('/pulp/content/');
    expect(contentPathPrefix(on)).toBe('/pulp/content/default/');
  });
});
