import { renderCoverage, schemaCoverage } from './schema-coverage-report';

const doc = (paths: Record<string, Record<string, { operationId: string; tags?: string[] }>>) => ({ paths });

describe('schemaCoverage', () => {
  const reference = doc({
    '/pulp/api/v3/tasks/': { get: { operationId: 'tasks_list', tags: ['Tasks'] } },
    '{task_href}': {
      get: { operationId: 'tasks_read', tags: ['Tasks'] },
      delete: { operationId: 'tasks_delete', tags: ['Tasks'] },
    },
    '/pulp/api/v3/contentguards/certguard/x509/': { get: { operationId: 'contentguards_certguard_x509_list' } },
  });

  it('counts the reference operations served, leaves excluded components out, and lists the rest by tag', () => {
    const served = doc({
      '/pulp/api/v3/tasks/': { get: { operationId: 'tasks_list' } },
      '/pulp/api/v3/ours/': { get: { operationId: 'ours_list' } },
    });
    const coverage = schemaCoverage(served, reference, (path) => path.includes('/certguard/'));
    expect(coverage).toEqual({
      total: 3,
      implemented: ['tasks_list'],
      missing: { Tasks: ['tasks_read', 'tasks_delete'] },
      extra: ['ours_list'],
    });
    expect(renderCoverage(coverage)).toBe(
      'implemented 1 of 3 reference operations\n\nmissing (2):\n  Tasks: tasks_delete, tasks_read\n\n' +
        'not in the reference (1): ours_list\n',
    );
  });
});
