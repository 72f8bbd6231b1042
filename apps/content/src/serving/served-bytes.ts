import { Injectable } from '@nestjs/common';
import { metrics, type Attributes, type Counter } from '@opentelemetry/api';
import { AppStatusService } from '@pulp/core';
import { DEFAULT_DOMAIN_NAME } from '@pulp/domains';
import { PULP_METER, telemetryEnabled } from '@pulp/telemetry';

/**
 * `artifacts.size.counter`: the artifact bytes this process sends (a range's bytes only), from
 * storage, from the response cache and from remotes (on-demand). Pulp counts only with
 * DOMAIN_ENABLED; we always do. The content app serves the default domain alone, hence its name.
 */
@Injectable()
export class ServedBytes {
  private readonly counter: Counter | undefined;

  constructor(private readonly appStatus: AppStatusService) {
    this.counter = telemetryEnabled()
      ? metrics.getMeter(PULP_METER).createCounter('artifacts.size.counter', {
          unit: 'Bytes',
          description: 'Artifact bytes served.',
        })
      : undefined;
  }

  add(bytes: number): void {
    if (this.counter && bytes > 0) {
      const attributes: Attributes = { domain_name: DEFAULT_DOMAIN_NAME, worker_process: this.appStatus.name };
      this.counter.add(bytes, attributes);
    }
  }
}
