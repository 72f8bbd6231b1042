import { Injectable } from '@nestjs/common';
import { AppStatusService } from '@pulp/core';
import { currentDomainName } from '@pulp/domains';
import { seriesCounter, telemetryEnabled, type SeriesCounter } from '@pulp/telemetry';

/**
 * `artifacts.size.counter`: the artifact bytes this process sends (a range's bytes only), from
 * storage, from the response cache and from remotes (on-demand), per domain. Pulp counts only with
 * DOMAIN_ENABLED; we always do, in `default` without domains.
 */
@Injectable()
export class ServedBytes {
  private readonly counter: SeriesCounter | undefined;

  constructor(private readonly appStatus: AppStatusService) {
    this.counter = telemetryEnabled()
      ? seriesCounter('artifacts.size.counter', { unit: 'Bytes', description: 'Artifact bytes served.' })
      : undefined;
  }

  /** Counts `bytes` in the domain being served. */
  add(bytes: number): void {
    if (this.counter && bytes > 0) {
      const domain = currentDomainName();
      const worker = this.appStatus.name;
      this.counter.add(`${domain} ${worker}`, bytes, () => ({ domain_name: domain, worker_process: worker }));
    }
  }
}
