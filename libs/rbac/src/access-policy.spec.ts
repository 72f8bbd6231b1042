import {
  AccessPolicyError,
  accessTarget,
  checkAccessPolicies,
  deriveAction,
  type RoutedHandler,
} from './access-policy';

describe('deriveAction', () => {
  it('strips the viewset prefix and keeps DRF action names', () => {
    expect(deriveAction('repositories/file/file', 'repositories_file_file_partial_update')).toBe('partial_update');
    expect(deriveAction('repositories/file/file', 'repositories_file_file_sync')).toBe('sync');
    expect(deriveAction('content/file/files', 'content_file_files_set_label')).toBe('set_label');
    expect(deriveAction('repositories/file/file/versions', 'repositories_file_file_versions_repair')).toBe('repair');
    expect(deriveAction('orphans/cleanup', 'orphans_cleanup_cleanup')).toBe('cleanup');
    expect(deriveAction('task-groups', 'task_groups_list')).toBe('list');
  });

  it('undoes the renamings of read and delete', () => {
    expect(deriveAction('artifacts', 'artifacts_read')).toBe('retrieve');
    expect(deriveAction('distributions/file/file', 'distributions_file_file_delete')).toBe('destroy');
  });

  it('gives nothing for an operationId of another viewset or none', () => {
    expect(deriveAction('remotes/file/file', 'repositories_file_file_list')).toBeUndefined();
    expect(deriveAction('tasks', 'tasks_')).toBeUndefined();
    expect(deriveAction('tasks', undefined)).toBeUndefined();
  });
});

describe('accessTarget', () => {
  const handler = (fields: Partial<RoutedHandler>): RoutedHandler => ({
    name: 'TasksController.cancel',
    viewset: 'tasks',
    action: undefined,
    operationId: 'tasks_cancel',
    ...fields,
  });

  it('pairs the viewset with the derived action, or the declared one', () => {
    expect(accessTarget(handler({}))).toEqual({ viewset: 'tasks', action: 'cancel' });
    expect(accessTarget(handler({ action: 'partial_update' }))).toEqual({ viewset: 'tasks', action: 'partial_update' });
  });

  it('is null for an exempt handler', () => {
    expect(accessTarget(handler({ viewset: false, operationId: 'status_read' }))).toBeNull();
  });

  it('refuses, in one line naming the handler, a handler without a name or an action', () => {
    expect(() =>
      checkAccessPolicies([handler({}), handler({ name: 'FooController.list', viewset: undefined })]),
    ).toThrow(
      /^FooController\.list has no access-policy name: decorate its controller with @AccessPolicy\('<viewset>'\) or @NoAccessPolicy\(\)\.$/,
    );
    expect(() => accessTarget(handler({ operationId: 'workers_list' }))).toThrow(
      /^TasksController\.cancel: no access-policy action can be read off operationId workers_list for viewset tasks; decorate it with @AccessAction\('<action>'\)\.$/,
    );
    expect(() => accessTarget(handler({ operationId: undefined }))).toThrow(/operationId \(none\)/);
    expect(() => accessTarget(handler({ viewset: undefined }))).toThrow(AccessPolicyError);
  });
});
