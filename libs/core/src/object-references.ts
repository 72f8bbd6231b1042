import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import type { ObjectReferences, PermissionTarget } from '@pulp/rbac';
import { integerId, isUuid } from '@pulp/rest';
import { DetailTypes, type Master } from './detail-types/detail-types';

/** Each master model's table: its typed objects live at `<master>/<app>/<endpoint>/<uuid>/`. */
const MASTER_TABLES: Record<Master, string> = {
  content: 'core_content',
  repositories: 'core_repository',
  remotes: 'core_remote',
  publications: 'core_publication',
  distributions: 'core_distribution',
  contentguards: 'core_contentguard',
  acs: 'core_alternatecontentsource',
};

/** Core's untyped models roles can be given on: their endpoint, table and content type. */
const CORE_OBJECTS = [
  { endpoint: 'tasks', table: 'core_task', contentType: 'core.task' },
  { endpoint: 'task-groups', table: 'core_taskgroup', contentType: 'core.taskgroup' },
  { endpoint: 'task-schedules', table: 'core_taskschedule', contentType: 'core.taskschedule' },
  { endpoint: 'uploads', table: 'core_upload', contentType: 'core.upload' },
  { endpoint: 'artifacts', table: 'core_artifact', contentType: 'core.artifact' },
] as const;

/** Groups have integer ids and no domain. */
const GROUP = { endpoint: 'groups', contentType: 'core.group' } as const;

/** Hrefs of typed objects (through the detail types) and of core's own objects, to Pulp's generic references. */
@Injectable()
export class ObjectReferencesService implements ObjectReferences {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly types: DetailTypes,
    private readonly settings: PulpSettings,
  ) {}

  async resolve(href: string): Promise<Required<PermissionTarget> | undefined> {
    const path = pathBelow(href, this.api);
    const segments = path?.split('/') ?? [];
    if (segments.pop() !== '') {
      return undefined;
    }
    if (segments.length === 2 && segments[0] === GROUP.endpoint && integerId(segments[1]) !== undefined) {
      const [group] = await this.sql('SELECT 1 FROM auth_group WHERE id = $1', [segments[1]]);
      return group && { contentType: GROUP.contentType, objectId: segments[1], domainId: null };
    }
    const id = segments.at(-1);
    if (id === undefined || !isUuid(id)) {
      return undefined;
    }
    if (segments.length === 2) {
      const core = CORE_OBJECTS.find((object) => object.endpoint === segments[0]);
      const [row] = core
        ? await this.sql<{ id: string; domain: string }>(
            `SELECT pulp_id::text AS id, pulp_domain_id AS domain FROM ${core.table} WHERE pulp_id = $1`,
            [id],
          )
        : [];
      return row && { contentType: core!.contentType, objectId: row.id, domainId: row.domain };
    }
    const master = segments[0] as Master;
    if (segments.length !== 4 || !Object.hasOwn(MASTER_TABLES, master)) {
      return undefined;
    }
    const [row] = await this.sql<{ id: string; pulp_type: string; domain: string }>(
      `SELECT pulp_id::text AS id, pulp_type, pulp_domain_id AS domain FROM ${MASTER_TABLES[master]} WHERE pulp_id = $1`,
      [id],
    );
    // The href's type segment must be the object's own: a repository is not found below another type.
    if (!row || this.types.segment(master, row.pulp_type) !== `${segments[1]}/${segments[2]}`) {
      return undefined;
    }
    const prn = this.types.prn(master, row.pulp_type, row.id);
    // Kept as PostgreSQL spells the uuid (lower case, dashed), which permission checks compare as text.
    return { contentType: prn.slice('prn:'.length, prn.lastIndexOf(':')), objectId: row.id, domainId: row.domain };
  }

  hrefOf(contentType: string, objectId: string): string | undefined {
    if (contentType === GROUP.contentType) {
      return `${this.api}${GROUP.endpoint}/${objectId}/`;
    }
    const core = CORE_OBJECTS.find((object) => object.contentType === contentType);
    if (core) {
      return `${this.api}${core.endpoint}/${objectId}/`;
    }
    const detail = this.types.ofContentType(contentType);
    return detail && this.types.href(this.api, detail.master, detail.pulpType, objectId);
  }

  private get api(): string {
    return `${this.settings.API_ROOT}api/v3/`;
  }
}

/** The path of an href (relative, or a full URL as Pulp also takes) below the API base, or undefined. */
function pathBelow(href: string, api: string): string | undefined {
  let path: string;
  try {
    path = new URL(href, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
  return path.startsWith(api) ? path.slice(api.length) : undefined;
}
