import { Injectable, Module } from '@nestjs/common';
import { DistributionServing, type DistributionServingHooks } from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';

/**
 * How the content app serves file distributions: from publications only (pulp_file's
 * SERVE_FROM_PUBLICATION), so a repository is served as its newest publication, with its PULP_MANIFEST.
 */
@Injectable()
@DistributionServing(FILE_TYPE)
export class FileDistributionServing implements DistributionServingHooks {
  readonly serveFromPublication = true;
}

/** The file plugin's module in pulpcore-content. */
@Module({ providers: [FileDistributionServing] })
export class FileServingModule {}
