import { systemSchedules } from './system-schedules';

const SETTINGS = {
  UPLOAD_PROTECTION_TIME: 0,
  TASK_PROTECTION_TIME: 60,
  ORPHAN_PROTECTION_TIME: 1440,
  OTEL_ENABLED: false,
  OTEL_METRICS_DISPATCH_INTERVAL_MINUTES: 5,
};

describe('systemSchedules', () => {
  it('follows the protection-time settings (0 disables)', () => {
    const schedules = systemSchedules(SETTINGS);
    expect(schedules.map((s) => [s.taskName, s.intervalMinutes])).toEqual([
      ['pulpcore.app.tasks.orphan.upload_cleanup', 0],
      ['pulpcore.app.tasks.purge.purge', 60],
      ['pulpcore.app.tasks.orphan.orphan_cleanup', 1440],
      ['pulpcore.app.tasks.telemetry.otel_metrics', 0],
    ]);
    expect(schedules[1].kwargs).toEqual({
      protection_time: 60,
      states: ['skipped', 'completed', 'failed', 'canceled'],
    });
  });

  it('emits the telemetry metrics every OTEL_METRICS_DISPATCH_INTERVAL_MINUTES when OTEL_ENABLED', () => {
    const telemetry = systemSchedules({
      ...SETTINGS,
      OTEL_ENABLED: true,
      OTEL_METRICS_DISPATCH_INTERVAL_MINUTES: 0.5,
    }).find((s) => s.taskName === 'pulpcore.app.tasks.telemetry.otel_metrics');
    expect(telemetry).toMatchObject({ name: 'Emit OpenTelemetry metrics periodically', intervalMinutes: 0.5 });
  });
});
