import { systemSchedules } from './system-schedules';

describe('systemSchedules', () => {
  it('follows the protection-time settings (0 disables)', () => {
    const schedules = systemSchedules({
      UPLOAD_PROTECTION_TIME: 0,
      TASK_PROTECTION_TIME: 60,
      ORPHAN_PROTECTION_TIME: 1440,
    });
    expect(schedules.map((s) => [s.taskName, s.intervalMinutes])).toEqual([
      ['pulpcore.app.tasks.orphan.upload_cleanup', 0],
      ['pulpcore.app.tasks.purge.purge', 60],
      ['pulpcore.app.tasks.orphan.orphan_cleanup', 1440],
    ]);
    expect(schedules[1].kwargs).toEqual({
      protection_time: 60,
      states: ['skipped', 'completed', 'failed', 'canceled'],
    });
  });
});
