import type { PulpSettings } from '@pulp/config';
import { FINAL_STATES } from './task-states';

/** Pulp posts analytics once a day. */
const ANALYTICS_INTERVAL_MINUTES = 24 * 60;

/** A schedule Pulp itself keeps, by name, in the default domain. */
export interface SystemSchedule {
  name: string;
  taskName: string;
  /** Minutes between runs; 0 means the schedule is disabled (and removed). */
  intervalMinutes: number;
  kwargs: Record<string, unknown>;
}

/**
 * The built-in schedules and whether the settings enable them (Pulp's worker `startup_hook`).
 * Temporary files have no model yet.
 */
export function systemSchedules(
  settings: Pick<
    PulpSettings,
    | 'UPLOAD_PROTECTION_TIME'
    | 'TASK_PROTECTION_TIME'
    | 'ORPHAN_PROTECTION_TIME'
    | 'ANALYTICS'
    | 'OTEL_ENABLED'
    | 'OTEL_METRICS_DISPATCH_INTERVAL_MINUTES'
  >,
): SystemSchedule[] {
  return [
    {
      name: 'Clean up stale uploads periodically',
      taskName: 'pulpcore.app.tasks.orphan.upload_cleanup',
      intervalMinutes: settings.UPLOAD_PROTECTION_TIME,
      kwargs: { protection_time: settings.UPLOAD_PROTECTION_TIME },
    },
    {
      name: 'Clean up stale tasks periodically',
      taskName: 'pulpcore.app.tasks.purge.purge',
      intervalMinutes: settings.TASK_PROTECTION_TIME,
      // Cleanups get their protection time from the schedule, so that every worker runs them alike;
      // a scheduled purge keeps the last TASK_PROTECTION_TIME minutes of finished tasks, whatever their state.
      kwargs: { protection_time: settings.TASK_PROTECTION_TIME, states: [...FINAL_STATES] },
    },
    {
      name: 'Clean up stale content periodically',
      taskName: 'pulpcore.app.tasks.orphan.orphan_cleanup',
      intervalMinutes: settings.ORPHAN_PROTECTION_TIME,
      kwargs: {},
    },
    {
      // Deleted when ANALYTICS is false (TELEMETRY already folded in by the settings): nothing is ever posted then.
      name: 'Post Anonymous Analytics Periodically',
      taskName: 'pulpcore.app.tasks.analytics.post_analytics',
      intervalMinutes: settings.ANALYTICS ? ANALYTICS_INTERVAL_MINUTES : 0,
      kwargs: {},
    },
    {
      // Pulp also requires DOMAIN_ENABLED; we report the default domain's usage as well.
      name: 'Emit OpenTelemetry metrics periodically',
      taskName: 'pulpcore.app.tasks.telemetry.otel_metrics',
      intervalMinutes: settings.OTEL_ENABLED ? settings.OTEL_METRICS_DISPATCH_INTERVAL_MINUTES : 0,
      kwargs: {},
    },
  ];
}
