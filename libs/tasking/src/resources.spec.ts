import { reservedResources, splitResources, tasksToUnblock, type QueuedTask } from './resources';

const DOMAIN = 'prn:core.domain:d';

describe('reservedResources', () => {
  it('lists exclusive names, then shared ones prefixed, with the domain shared', () => {
    expect(reservedResources(['repo'], ['remote'], DOMAIN)).toEqual(['repo', 'shared:remote', `shared:${DOMAIN}`]);
  });

  it('drops duplicates, and a name both exclusive and shared is exclusive', () => {
    expect(reservedResources(['a', 'a'], ['a', 'b', 'b'], DOMAIN)).toEqual(['a', 'shared:b', `shared:${DOMAIN}`]);
  });

  it('does not share the domain a task holds exclusively', () => {
    expect(reservedResources([DOMAIN], [], DOMAIN)).toEqual([DOMAIN]);
  });

  it('round-trips through splitResources', () => {
    expect(splitResources(['x', 'shared:y', 'shared:x'])).toEqual({ exclusive: ['x'], shared: ['y'] });
  });
});

describe('tasksToUnblock', () => {
  const task = (id: string, resources: string[], state = 'waiting', unblocked = false): QueuedTask => ({
    id,
    state,
    unblocked,
    resources,
  });

  it('lets the first exclusive user of a resource go and holds the later ones', () => {
    expect(tasksToUnblock([task('1', ['r']), task('2', ['r']), task('3', ['s'])])).toEqual(['1', '3']);
  });

  it('lets shared users run together, but not past an earlier exclusive one', () => {
    expect(
      tasksToUnblock([task('1', ['shared:r']), task('2', ['shared:r']), task('3', ['r']), task('4', ['shared:r'])]),
    ).toEqual(['1', '2']);
  });

  it('keeps FIFO behind a blocked task: a later task cannot overtake it', () => {
    // 1 runs on a; 2 waits for a and reserves b; 3 wants only b and must wait for 2.
    expect(tasksToUnblock([task('1', ['a'], 'running', true), task('2', ['a', 'b']), task('3', ['b'])])).toEqual([]);
  });

  it('runs tasks without resources at once', () => {
    expect(tasksToUnblock([task('1', ['r'], 'running', true), task('2', [])])).toEqual(['2']);
  });

  it('always unblocks canceling tasks so a worker can settle them', () => {
    expect(tasksToUnblock([task('1', ['r'], 'running', true), task('2', ['r'], 'canceling')])).toEqual(['2']);
  });

  it('does not report tasks that are already unblocked', () => {
    expect(tasksToUnblock([task('1', ['r'], 'waiting', true), task('2', ['s'])])).toEqual(['2']);
  });
});
