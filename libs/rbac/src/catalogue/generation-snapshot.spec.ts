import { GenerationSnapshot } from './generation-snapshot';

describe('GenerationSnapshot', () => {
  let generation: number | undefined;
  let reads: number;
  let fail: boolean;
  const snapshot = () =>
    new GenerationSnapshot(
      () => {
        reads += 1;
        return fail ? Promise.reject(new Error('down')) : Promise.resolve(`read ${reads}`);
      },
      () => generation,
    );

  beforeEach(() => {
    generation = 1;
    reads = 0;
    fail = false;
  });

  it('reads once per generation, concurrent gets included', async () => {
    const values = snapshot();
    expect(await Promise.all([values.get(), values.get()])).toEqual(['read 1', 'read 1']);
    expect(await values.get()).toBe('read 1');
    generation = 2;
    expect(await values.get()).toBe('read 2');
    expect(reads).toBe(2);
  });

  it('reads every time while changes cannot be followed', async () => {
    const values = snapshot();
    generation = undefined;
    await values.get();
    await values.get();
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const values = snapshot();
    fail = true;
    await expect(values.get()).rejects.toThrow('down');
    fail = false;
    expect(await values.get()).toBe('read 2');
  });
});
