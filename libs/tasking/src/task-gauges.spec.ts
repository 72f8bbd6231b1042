import { claimPeriodSeconds, taskGauges, type TaskGaugesRow } from './task-gauges';

const row = (overrides: Partial<TaskGaugesRow>): TaskGaugesRow => ({
  unblocked_queue: 0,
  longest_unblocked: 0,
  runnable_old: 0,
  workers_online: 0,
  workers_busy: 0,
  queue_depth: {},
  ...overrides,
});

describe('taskGauges', () => {
  it("counts Pulp's waiting_tasks as the runnable backlog beyond the online workers, never below 0", () => {
    expect(taskGauges(row({ runnable_old: 7, workers_online: 3 })).waitingTasks).toBe(4);
    expect(taskGauges(row({ runnable_old: 1, workers_online: 3 })).waitingTasks).toBe(0);
  });

  it('splits the online workers into busy and idle', () => {
    expect(taskGauges(row({ workers_online: 5, workers_busy: 2 }))).toMatchObject({ workersBusy: 2, workersIdle: 3 });
    // A task held by a worker that went offline between the two counts is not a busy online worker.
    expect(taskGauges(row({ workers_online: 1, workers_busy: 2 }))).toMatchObject({ workersBusy: 1, workersIdle: 0 });
  });

  it('keeps the queue depth per task name, whatever the name', () => {
    const depth = taskGauges(row({ queue_depth: { 'pulpcore.app.tasks.purge.purge': 2, constructor: 1 } })).queueDepth;
    expect([...depth]).toEqual([
      ['pulpcore.app.tasks.purge.purge', 2],
      ['constructor', 1],
    ]);
  });
});

describe('claimPeriodSeconds', () => {
  it('is a little shorter than the export interval', () => {
    expect(claimPeriodSeconds(60_000)).toBe(54);
    expect(claimPeriodSeconds(1000)).toBe(0.9);
  });
});
