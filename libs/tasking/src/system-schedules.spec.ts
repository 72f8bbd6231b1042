import { systemSchedules } from './system-schedules';

describe('systemSchedules', () => {
  const settings = {
    UPLOAD_PROTECTION_TIME: 0,
    TASK_PROTECTION_TIME: 60,
    ORPHAN_PROTECTION_TIME: 1440,
    ANALYTICS: true,
    OTEL_ENABLED: false,
    OTEL_METRICS_DISPATCH_INTERVAL_MINUTES: 5,
  };

  it('follows the protection-time settings (0 disables)', () => {
    const schedules = systemSchedules(settings);
    expect(schedules.map((s) => [s.taskName, s.intervalMinutes])).toEqual([
      ['pulpcore.app.tasks.orphan.upload_cleanup', 0],
      ['pulpcore.app.tasks.purge.purge', 60],
      ['pulpcore.app.tasks.orphan.orphan_cleanup', 1440],
      ['pulpcore.app.tasks.analytics.post_analytics', 1440],
      ['pulpcore.app.tasks.telemetry.otel_metrics', 0],
    ]);
    expect(schedules[1].kwargs).toEqual({
      protection_time: 60,
      states: ['skipped', 'completed', 'failed', 'canceled'],
    });
  });

  it('posts analytics daily while ANALYTICS is on, and removes the schedule when it is off', () => {
    const analytics = (on: boolean) =>
      systemSchedules({ ...settings, ANALYTICS: on }).find((s) => s.name === 'Post Anonymous Analytics Periodically');
    expect(analytics(true)).toEqual({
      name: 'Post Anonymous Analytics Periodically',
      taskName: 'pulpcore.app.tasks.analytics.post_analytics',
      intervalMinutes: 1440,
      kwargs: {},
    });
    expect(analytics(false)?.intervalMinutes).toBe(0);
  });

  it('emits the telemetry metrics every OTEL_METRICS_DISPATCH_INTERVAL_MINUTES when OTEL_ENABLED', () => {
    const telemetry = systemSchedules({
      ...settings,
      OTEL_ENABLED: true,
      OTEL_METRICS_DISPATCH_INTERVAL_MINUTES: 0.5,
    }).find((s) => s.taskName === 'pulpcore.app.tasks.telemetry.otel_metrics');
    expect(telemetry).toMatchObject({ name: 'Emit OpenTelemetry metrics periodically', intervalMinutes: 0.5 });
  });
});
