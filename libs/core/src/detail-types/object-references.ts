import { Inject, Injectable } from '@nestjs/common';
import { currentDomainName } from '@pulp/domains';
import { PulpSettings, resourceApiPath } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database/sql';
import type { ObjectReferences, PermissionTarget } from '@pulp/rbac';
import { parseVersionReference, referencedId } from '@pulp/rest';
import { DetailTypes, type Master } from './detail-types';

/** The table of each master model (its rows' `pulp_type` names their detail model). */
const MASTER_TABLES: Record<Master, string> = {
  content: 'core_content',
  repositories: 'core_repository',
  remotes: 'core_remote',
  publications: 'core_publication',
  distributions: 'core_distribution',
  contentguards: 'core_contentguard',
  acs: 'core_alternatecontentsource',
};

/**
 * Objects outside the masters that roles are given on, by collection: their model and table, and
 * the column of their domain (a domain is in none).
 */
const PLAIN_MODELS: Record<string, { model: string; table: string; domain?: 'NULL' }> = {
  domains: { model: 'core.domain', table: 'core_domain', domain: 'NULL' },
  tasks: { model: 'core.task', table: 'core_task' },
  'task-groups': { model: 'core.taskgroup', table: 'core_taskgroup' },
  'task-schedules': { model: 'core.taskschedule', table: 'core_taskschedule' },
  uploads: { model: 'core.upload', table: 'core_upload' },
};

/**
 * RBAC's view of the API's objects: a reference (href, PRN or uuid) as the permission target it
 * names, when the object exists. A malformed reference names nothing: the endpoint refuses it.
 */
@Injectable()
export class ApiObjectReferences implements ObjectReferences {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly settings: PulpSettings,
    private readonly types: DetailTypes,
  ) {}

  async resolve(reference: string, collection?: string): Promise<PermissionTarget | undefined> {
    const base = resourceApiPath(this.settings, currentDomainName());
    // Asked within a collection, the reference's id is looked up there whatever collection its href
    // names: a body's href is taken by its id, so the permission must be judged on that object.
    const within = collection ?? (reference.startsWith(base) ? reference.slice(base.length).split('/')[0] : undefined);
    if (within === undefined) {
      return undefined;
    }
    if (within === 'groups') {
      const id = /^\/?(?:.*\/)?(\d{1,9})\/?$/.exec(reference)?.[1];
      const rows = id ? await this.sql('SELECT 1 FROM auth_group WHERE id = $1', [Number(id)]) : [];
      return rows.length > 0 ? { contentType: 'core.group', objectId: String(Number(id)), domainId: null } : undefined;
    }
    let id: string;
    try {
      id = referencedId(reference);
    } catch {
      return undefined;
    }
    if (Object.hasOwn(PLAIN_MODELS, within)) {
      const { table, model, domain = 'pulp_domain_id' } = PLAIN_MODELS[within];
      const [row] = await this.sql<{ pulp_domain_id: string | null }>(
        `SELECT ${domain}::uuid AS pulp_domain_id FROM ${table} WHERE pulp_id = $1::uuid`,
        [id],
      );
      return row && { contentType: model, objectId: id, domainId: row.pulp_domain_id };
    }
    return Object.hasOwn(MASTER_TABLES, within) ? this.typed(within as Master, id) : undefined;
  }

  async repositoryOfVersion(reference: string): Promise<PermissionTarget | undefined> {
    let version: ReturnType<typeof parseVersionReference>;
    try {
      version = parseVersionReference(reference);
    } catch {
      return undefined;
    }
    if ('repositoryId' in version) {
      return this.typed('repositories', version.repositoryId);
    }
    const [row] = await this.sql<{ repository_id: string }>(
      'SELECT repository_id FROM core_repositoryversion WHERE pulp_id = $1::uuid',
      [version.id],
    );
    return row && this.typed('repositories', row.repository_id);
  }

  hrefOf(contentType: string, objectId: string): string | undefined {
    const base = resourceApiPath(this.settings, currentDomainName());
    if (contentType === 'core.group') {
      return `${base}groups/${objectId}/`;
    }
    const plain = Object.entries(PLAIN_MODELS).find(([, { model }]) => model === contentType)?.[0];
    if (plain) {
      return `${base}${plain}/${objectId}/`;
    }
    const detail = this.types.ofModel(contentType);
    return detail && this.types.href(base, detail.master, detail.pulpType, objectId);
  }

  modelsOf(master: string): ReadonlyMap<string, string> {
    return Object.hasOwn(MASTER_TABLES, master) ? this.types.modelsOf(master as Master) : new Map();
  }

  private async typed(master: Master, id: string): Promise<PermissionTarget | undefined> {
    const [row] = await this.sql<{ pulp_type: string; pulp_domain_id: string }>(
      `SELECT pulp_type, pulp_domain_id FROM ${MASTER_TABLES[master]} WHERE pulp_id = $1::uuid`,
      [id],
    );
    return row && { contentType: this.types.model(master, row.pulp_type), objectId: id, domainId: row.pulp_domain_id };
  }
}
