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
});
