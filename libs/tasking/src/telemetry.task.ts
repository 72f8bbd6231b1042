import { Injectable } from '@nestjs/common';
import { metrics, type Gauge } from '@opentelemetry/api';
import type { TaskContext } from './task-context';
import { TaskHandler } from './task-handler.decorator';
import { PULP_METER, telemetryEnabled } from '@pulp/telemetry';

/** Bytes of artifacts per domain, in one aggregate over the artifacts (domains without any report 0). */
export const SPACE_USAGE = `
  SELECT d.name AS domain_name, coalesce(sum(a.size), 0)::text AS bytes
    FROM core_domain d LEFT JOIN core_artifact a ON a.pulp_domain_id = d.pulp_id
   GROUP BY d.pulp_id, d.name`;

let spaceUsage: Gauge | undefined;

/**
 * Pulp's `otel_metrics` task (its schedule: every OTEL_METRICS_DISPATCH_INTERVAL_MINUTES when
 * OTEL_ENABLED): the `space_usage` gauge, exported at once rather than at the next export of the
 * task process's meter provider; once per run, as Pulp's, since gauges are exported only when
 * recorded since the previous export (@pulp/telemetry's gaugesAsObserved).
 */
@Injectable()
export class TelemetryTasks {
  @TaskHandler('pulpcore.app.tasks.telemetry.otel_metrics')
  async otelMetrics({ sql }: TaskContext): Promise<null> {
    if (!telemetryEnabled()) {
      return null;
    }
    spaceUsage ??= metrics.getMeter(PULP_METER).createGauge('space_usage', {
      unit: 'bytes',
      description: 'Bytes of artifacts stored, per domain',
    });
    for (const { domain_name, bytes } of await sql<{ domain_name: string; bytes: string }>(SPACE_USAGE)) {
      spaceUsage.record(Number(bytes), { domain_name });
    }
    // The SDK's provider; exports what it has now, this gauge included.
    const provider = metrics.getMeterProvider() as { forceFlush?: () => Promise<void> };
    await provider.forceFlush?.();
    return null;
  }
}
