import {
  DATETIME_LOOKUPS,
  commaList,
  fieldFilters,
  humanize,
  identityFilters,
  likeLiteral,
  parseObjectReference,
  referencedId,
  relatedFilter,
  versionCondition,
  VERSION_ROW,
  type Filter,
  type FilterSet,
} from '@pulp/rest';
import { TASK_STATES } from '../task-states';

/** A related task or group given as href, PRN or uuid (Pulp's schema says uuid; clients send hrefs). */
function relatedTask(name: string, condition: (id: string) => string): Filter {
  return relatedFilter(
    { schema: { type: 'string', format: 'uuid' }, description: `Filter results where ${name} matches value` },
    condition,
  );
}

/**
 * A LIKE pattern for a lock name a client names: an object's href matches the PRN it is locked
 * under (`prn:<model>:<uuid>`), anything else (a PRN, `pdrn:…`) matches literally.
 */
function lockPattern(value: string): string {
  if (value.startsWith('/')) {
    return `%:${referencedId(value)}`;
  }
  return likeLiteral(value);
}

/** `reserved_resources` and its kin: tasks holding any of the named locks, the way `kind` says. */
function lockFilters(name: string, kind: 'exclusive' | 'shared' | 'any'): Record<string, Filter> {
  const held = {
    exclusive: "r NOT LIKE 'shared:%' AND r",
    shared: "r LIKE 'shared:%' AND substr(r, 8)",
    any: "regexp_replace(r, '^shared:', '')",
  }[kind];
  const where = (values: string[], params: { add(value: unknown, cast?: string): string }) =>
    `EXISTS (SELECT 1 FROM unnest(t.reserved_resources_record) r
              WHERE ${held} LIKE ANY(${params.add(values.map(lockPattern), 'text[]')}))`;
  return {
    [name]: { schema: { type: 'string' }, where: (raw, params) => where([raw], params) },
    [`${name}__in`]: {
      schema: { type: 'array', items: { type: 'string' } },
      description: 'Multiple values may be separated by commas.',
      list: true,
      where: (raw, params) => where(commaList(raw), params),
    },
  };
}

/** Orderable task fields, in the order Pulp's model declares them (the encrypted arguments order by their bytes, as in Pulp). */
const ORDERING_COLUMNS: Record<string, string> = {
  pulp_id: 't.pulp_id',
  pulp_created: 't.pulp_created',
  pulp_last_updated: 't.pulp_last_updated',
  state: 't.state',
  name: 't.name',
  logging_cid: 't.logging_cid',
  unblocked_at: 't.unblocked_at',
  started_at: 't.started_at',
  finished_at: 't.finished_at',
  error: 't.error',
  enc_args: 't.enc_args',
  enc_kwargs: 't.enc_kwargs',
  reserved_resources_record: 't.reserved_resources_record',
  versions: 't.versions',
  profile_options: 't.profile_options',
  immediate: 't.immediate',
  deferred: 't.deferred',
  result: 't.result',
  pk: 't.pulp_id',
};

/** Pulp's TaskFilter over `core_task t`. */
export const TASK_FILTERS: FilterSet = {
  filters: {
    ...fieldFilters(
      'state',
      't.state',
      'text',
      ['exact', 'in', 'ne'],
      TASK_STATES.map((state) => [state, humanize(state)] as const),
    ),
    ...fieldFilters('name', 't.name', 'text', ['exact', 'contains', 'in', 'ne']),
    ...fieldFilters('logging_cid', 't.logging_cid', 'text', ['exact', 'contains']),
    ...fieldFilters('pulp_created', 't.pulp_created', 'datetime', DATETIME_LOOKUPS),
    ...fieldFilters('started_at', 't.started_at', 'datetime', DATETIME_LOOKUPS),
    ...fieldFilters('finished_at', 't.finished_at', 'datetime', DATETIME_LOOKUPS),
    ...fieldFilters('unblocked_at', 't.unblocked_at', 'datetime', DATETIME_LOOKUPS),
    parent_task: relatedTask('parent_task', (id) => `t.parent_task_id = ${id}`),
    child_tasks: relatedTask(
      'child_tasks',
      (id) => `EXISTS (SELECT 1 FROM core_task c WHERE c.parent_task_id = t.pulp_id AND c.pulp_id = ${id})`,
    ),
    task_group: relatedTask('task_group', (id) => `t.task_group_id = ${id}`),
    created_resources: {
      schema: { type: 'string', format: 'uuid' },
      where: (raw, params) => {
        // Anything a task creates, by href, PRN or uuid; a version's href names it by its place.
        const reference = parseObjectReference(raw);
        const created =
          'id' in reference
            ? params.add(reference.id)
            : `(SELECT v.pulp_id::text FROM core_repositoryversion v
                 WHERE ${versionCondition(VERSION_ROW, reference, params)})`;
        return `EXISTS (SELECT 1 FROM core_createdresource r
                         WHERE r.task_id = t.pulp_id AND right(r.prn, 36) = ${created})`;
      },
    },
    ...lockFilters('reserved_resources', 'any'),
    ...lockFilters('exclusive_resources', 'exclusive'),
    ...lockFilters('shared_resources', 'shared'),
    // Deprecated since tasks stopped naming their worker: no task matches any worker.
    worker: { schema: { type: 'string' }, where: () => 'FALSE' },
    ...identityFilters('t.pulp_id', 'core.task'),
  },
  ordering: ORDERING_COLUMNS,
  defaultOrder: 't.pulp_created DESC, t.pulp_id DESC',
};
