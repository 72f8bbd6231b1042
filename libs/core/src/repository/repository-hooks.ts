import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { TaskContext } from '@pulp/tasking';
import { DetailTypes } from '../detail-types/detail-types';
import { discoveredByType } from '../discovered-by-type';
import type { NewVersion } from './new-version';
import { RepositoryVersions, type CompletedVersion } from './repository-versions';
import { recordCreatedVersion } from './created-version';

/** How a version is being changed, for a type's finalize. */
export interface VersionChangeOptions {
  /** Id of a complete version to start from instead of the latest. */
  baseVersionId?: string | null;
  /** False: a unit added may not replace one already present (the type says what "replace" means). */
  overwrite?: boolean;
}

/**
 * What a repository type adds to the versions core builds for it (Pulp's `finalize_new_version`
 * and what follows a new version, such as autopublish).
 */
export interface RepositoryTypeHooks {
  /**
   * Runs on the new version after its changes, before it completes: may change its content (drop
   * units the added ones replace) or throw to fail the task, and then no version is made.
   */
  finalize?(context: TaskContext, version: NewVersion, options: Required<VersionChangeOptions>): Promise<void>;
  /** Runs after the version completed and was recorded, in the same task (autopublish). */
  afterVersion?(context: TaskContext, version: CompletedVersion): Promise<void>;
}

/** Marks a worker provider as the RepositoryTypeHooks of one repository `pulp_type`. */
export const RepositoryHooks = DiscoveryService.createDecorator<string>();

/**
 * Builds repository versions with their type's hooks: every task that makes a version of a typed
 * repository goes through here, so a plugin's rules hold whichever task changed the content.
 */
@Injectable()
export class RepositoryTypes implements OnModuleInit {
  private hooks = new Map<string, RepositoryTypeHooks>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly detailTypes: DetailTypes,
  ) {}

  onModuleInit(): void {
    this.hooks = discoveredByType(this.discovery, RepositoryHooks);
  }

  /**
   * Builds a version of the repository with `work`, then the type's finalize; records the new
   * version among the task's created resources and runs the type's afterVersion. Null when
   * nothing changed (no version, no hooks after it).
   */
  async buildVersion(
    context: TaskContext,
    repositoryId: string,
    work: (version: NewVersion) => Promise<void>,
    options: VersionChangeOptions = {},
  ): Promise<CompletedVersion | null> {
    const [repository] = await context.sql<{ pulp_type: string }>(
      'SELECT pulp_type FROM core_repository WHERE pulp_id = $1',
      [repositoryId],
    );
    const hooks = (repository && this.hooks.get(repository.pulp_type)) || {};
    const finalizeOptions = { baseVersionId: options.baseVersionId ?? null, overwrite: options.overwrite ?? true };
    const version = await new RepositoryVersions(context).build(
      repositoryId,
      async (next) => {
        await work(next);
        await hooks.finalize?.(context, next, finalizeOptions);
      },
      { baseVersionId: finalizeOptions.baseVersionId },
    );
    if (version) {
      await recordCreatedVersion(context, version, this.detailTypes);
      await hooks.afterVersion?.(context, version);
    }
    return version;
  }
}
