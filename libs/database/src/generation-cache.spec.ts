import { GenerationCache } from './generation-cache';

describe('GenerationCache', () => {
  const page = (count: number) => ({ count, results: [] });

  it('serves a value only for the generation it was read at', () => {
    const cache = new GenerationCache<{ count: number; results: unknown[] }>();
    cache.set('a', 1, page(1));
    expect(cache.get('a', 1)).toEqual(page(1));
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('drops the least recently used value beyond its capacity', () => {
    const cache = new GenerationCache<{ count: number; results: unknown[] }>(2);
    cache.set('a', 1, page(1));
    cache.set('b', 1, page(2));
    cache.get('a', 1);
    cache.set('c', 1, page(3));
    expect(cache.get('a', 1)).toEqual(page(1));
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toEqual(page(3));
  });

  it('keeps what a key last held, whatever its generation, and can put it back after a failed reload', () => {
    const cache = new GenerationCache<{ count: number; results: unknown[] }>();
    cache.set('a', 1, page(1));
    const previous = cache.latest('a')!;
    expect(previous).toEqual({ generation: 1, value: page(1) });
    const reloading = page(2);
    cache.set('a', 2, reloading);
    cache.restoreIf('a', reloading, previous);
    expect(cache.get('a', 1)).toEqual(page(1));
    cache.restoreIf('a', reloading, { generation: 3, value: page(3) });
    expect(cache.get('a', 1)).toEqual(page(1));
    expect(cache.latest('b')).toBeUndefined();
  });
});
