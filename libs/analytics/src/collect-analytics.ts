import type { Sql } from '@pulp/database/sql';
import { countProcesses, type AnalyticsPayload } from './analytics-payload';

/** What the payload takes from the process rather than the database. */
export interface AnalyticsSources {
  /** Core, then each loaded plugin, as status `versions` lists them. */
  components: ReadonlyArray<{ component: string; version: string }>;
  /** DOMAIN_ENABLED: domains are counted only when they are in use. */
  domainEnabled: boolean;
}

/** The `core_systemid` row is missing: `migrate` writes it. */
export class MissingSystemIdError extends Error {
  constructor() {
    super('This installation has no system id: run `pulpcore-manager migrate`.');
  }
}

/**
 * Reads what an installation reports: counts only, never a name of anything (the hosts of live
 * processes are counted, not sent). Live processes are those within their own TTL, as status
 * lists them.
 */
export async function collectAnalytics(sql: Sql, sources: AnalyticsSources): Promise<AnalyticsPayload> {
  const [system] = await sql<{ pulp_id: string }>('SELECT pulp_id FROM core_systemid');
  if (!system) {
    throw new MissingSystemIdError();
  }
  const online = await sql<{ name: string; app_type: string }>(
    `SELECT name, app_type FROM core_appstatus
      WHERE last_heartbeat >= now() - ttl AND app_type IN ('content', 'worker')`,
  );
  const namesOf = (type: string) => online.filter((row) => row.app_type === type).map((row) => row.name);
  const [stats] = await sql<{
    postgresql_version: number;
    users: number;
    groups: number;
    domains: number;
    custom_access_policies: number;
    custom_roles: number;
  }>(
    `SELECT current_setting('server_version_num')::int AS postgresql_version,
            (SELECT count(*)::int FROM auth_user) AS users,
            (SELECT count(*)::int FROM auth_group) AS groups,
            CASE WHEN $1 THEN (SELECT count(*)::int FROM core_domain) ELSE 0 END AS domains,
            (SELECT count(*)::int FROM core_accesspolicy WHERE customized) AS custom_access_policies,
            (SELECT count(*)::int FROM core_role WHERE NOT locked) AS custom_roles`,
    [sources.domainEnabled],
  );
  return {
    systemId: system.pulp_id,
    onlineContentApps: countProcesses(namesOf('content')),
    onlineWorkers: countProcesses(namesOf('worker')),
    components: sources.components.map(({ component, version }) => ({ name: component, version })),
    postgresqlVersion: stats.postgresql_version,
    rbacStats: {
      users: stats.users,
      groups: stats.groups,
      domains: stats.domains,
      customAccessPolicies: stats.custom_access_policies,
      customRoles: stats.custom_roles,
    },
  };
}
