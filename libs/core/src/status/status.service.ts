import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { PulpSettings } from '@pulp/config';
import { SQL, type Sql } from '@pulp/database';
import { DomainStorages } from '@pulp/domains';
import { FILESYSTEM_STORAGE, FileSystemStorage } from '@pulp/storage';
import { AppStatusService, type OnlineApp } from '../app-status/app-status.service';
import { VERSION_COMPONENTS, type VersionComponent } from '../components';
import type { AppStatusResponse } from '@pulp/tasking';
import type { StatusResponse, StorageResponse } from './status.dto';

/** Assembles `GET status/`: what runs, whether the database answers, how full storage is. */
@Injectable()
export class StatusService {
  constructor(
    private readonly settings: PulpSettings,
    private readonly appStatus: AppStatusService,
    @Inject(VERSION_COMPONENTS) private readonly components: VersionComponent[],
    @Inject(SQL) private readonly sql: Sql,
    private readonly storages: DomainStorages,
  ) {}

  /** The status, its storage block of the domain with id `domainId` (by default `default`'s). */
  async status(domainId?: string): Promise<StatusResponse> {
    let online: OnlineApp[] = [];
    let connected = true;
    try {
      online = await this.appStatus.online();
    } catch {
      // Status must answer while the database is down: that is when it is most needed.
      connected = false;
    }
    const ofType = (type: OnlineApp['appType']): AppStatusResponse[] =>
      online
        .filter((app) => app.appType === type)
        .map((app) => ({ name: app.name, last_heartbeat: app.lastHeartbeat.toISOString(), versions: app.versions }));
    const storage = await this.storage(connected, domainId);
    return {
      versions: this.components.map((component) => ({ ...component })),
      online_workers: ofType('worker'),
      online_api_apps: ofType('api'),
      online_content_apps: ofType('content'),
      database_connection: { connected },
      redis_connection: { connected: false },
      ...(storage && { storage }),
      content_settings: {
        content_origin: this.settings.CONTENT_ORIGIN,
        content_path_prefix: this.settings.CONTENT_PATH_PREFIX,
      },
      domain_enabled: this.settings.DOMAIN_ENABLED,
    };
  }

  /**
   * The domain's storage, as Pulp's _disk_usage: of a filesystem, the disk usage where its files go
   * (the nearest existing parent before first use); object storage has no total or free space to
   * ask for, so only what the domain's artifacts use (null while the database does not answer).
   * The `default` domain's storage is known from the settings, without the database.
   */
  private async storage(connected: boolean, domainId?: string): Promise<StorageResponse | undefined> {
    if (domainId === undefined) {
      const filesystem = (this.settings.STORAGES.default?.BACKEND ?? FILESYSTEM_STORAGE) === FILESYSTEM_STORAGE;
      return filesystem ? this.diskUsage(this.settings.MEDIA_ROOT) : this.objectUsage(connected, undefined);
    }
    const domain = connected ? await this.storages.of(domainId).catch(() => undefined) : undefined;
    if (domain?.storage instanceof FileSystemStorage) {
      return this.diskUsage(domain.storage.root);
    }
    return this.objectUsage(connected, domainId);
  }

  private async objectUsage(connected: boolean, domainId: string | undefined): Promise<StorageResponse> {
    return { total: null, used: connected ? await this.artifactBytes(domainId) : null, free: null };
  }

  private async artifactBytes(domainId: string | undefined): Promise<number | null> {
    try {
      const [row] = await this.sql<{ used: string }>(
        `SELECT COALESCE(sum(size), 0)::text AS used FROM core_artifact WHERE pulp_domain_id = $1`,
        [domainId ?? (await this.storages.defaultDomainId())],
      );
      return Number(row.used);
    } catch {
      return null;
    }
  }

  private async diskUsage(root: string): Promise<StorageResponse | undefined> {
    for (let path = root; ; path = dirname(path)) {
      try {
        const stats = await statfs(path);
        const total = stats.blocks * stats.bsize;
        return { total, used: total - stats.bfree * stats.bsize, free: stats.bavail * stats.bsize };
      } catch {
        if (path === dirname(path)) {
          return undefined;
        }
      }
    }
  }
}
