import { routeTemplate, statusClass } from './route-template';

describe('routeTemplate', () => {
  it.each([
    ['/pulp/api/v3/repositories/file/file/:pulp_id/', '/pulp/api/v3/repositories/file/file/{pulp_id}/'],
    ['/pulp/:pulp_domain/api/v3/tasks/:pulp_id/', '/pulp/{pulp_domain}/api/v3/tasks/{pulp_id}/'],
    ['/items/:id(^\\d+)/x', '/items/{id}/x'],
    ['/pulp/content/*', '/pulp/content/*'],
    [undefined, ''],
  ])('%s is %s', (url, template) => {
    expect(routeTemplate(url, false)).toBe(template);
  });

  it.each([
    ['/pulp/api/v3/repositories/file/file/:pulp_id', '/pulp/api/v3/repositories/file/file/{pulp_id}/'],
    ['/pulp/api/v3/status/', '/pulp/api/v3/status/'],
    ['/pulp/api/v3/docs/*', '/pulp/api/v3/docs/*'],
    [undefined, ''],
  ])('%s is %s in an app whose URLs end in a slash', (url, template) => {
    expect(routeTemplate(url, true)).toBe(template);
  });
});

describe('statusClass', () => {
  it.each([
    [101, '1xx'],
    [200, '2xx'],
    [206, '2xx'],
    [304, '3xx'],
    [404, '4xx'],
    [503, '5xx'],
  ])('%d is %s', (status, expected) => {
    expect(statusClass(status)).toBe(expected);
  });
});
