import { DiscoveryService } from '@nestjs/core';
import type { Readable } from 'node:stream';

/** A distribution as the content app matched it. */
export interface ServedDistribution {
  id: string;
  pulpType: string;
  basePath: string;
  repositoryId: string | null;
  repositoryVersionId: string | null;
  publicationId: string | null;
}

/** A request a distribution type's handler may answer itself. */
export interface DistributionRequest {
  distribution: ServedDistribution;
  /** The path below the base path, decoded (`''` at the distribution's root). */
  relativePath: string;
  method: 'GET' | 'HEAD';
  /** Lower-case names, as Node receives them. */
  headers: Record<string, string | string[] | undefined>;
}

/** A whole answer from a type's handler (the content app drops the body of a HEAD). */
export interface DistributionAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
}

/**
 * What a distribution type changes in how the content app serves it (Pulp's detail-distribution
 * hooks). Everything is optional: a type without hooks serves its publication, else its
 * repository version, at the content's relative paths.
 */
export interface DistributionServingHooks {
  /**
   * Pulp's SERVE_FROM_PUBLICATION: a distribution of a repository (or version) serves its newest
   * publication only, never the bare version (files need their publication's metadata beside them).
   */
  readonly serveFromPublication?: boolean;
  /** Pulp's `content_handler`: runs after the guard, before any lookup; undefined lets core serve the path. */
  handle?(request: DistributionRequest): Promise<DistributionAnswer | undefined>;
  /** Pulp's `content_headers_for`: headers added to (or replacing) core's for a served file. */
  contentHeaders?(relativePath: string): Record<string, string>;
}

/** Marks a content-app provider as the DistributionServingHooks of one distribution `pulp_type`. */
export const DistributionServing = DiscoveryService.createDecorator<string>();
