import { setImmediate as tick } from 'node:timers/promises';
import { asyncContext, ContextSlot, rootContext } from './async-context';

describe('ContextSlot', () => {
  const domain = new ContextSlot<string>('domain');
  const caller = new ContextSlot<string>('caller');

  it('holds a value for the work it runs, through awaits, and none outside', async () => {
    expect(domain.get()).toBeUndefined();
    const seen = await domain.run('a', async () => {
      await tick();
      return domain.get();
    });
    expect(seen).toBe('a');
    expect(domain.get()).toBeUndefined();
  });

  it('keeps the other slots and restores the outer value after a nested run', async () => {
    await domain.run('outer', () =>
      caller.run('alice', async () => {
        const inner = await domain.run('inner', async () => {
          await tick();
          return [domain.get(), caller.get()];
        });
        expect(inner).toEqual(['inner', 'alice']);
        expect([domain.get(), caller.get()]).toEqual(['outer', 'alice']);
      }),
    );
  });

  it('keeps concurrent runs apart', async () => {
    const seen = await Promise.all(
      ['x', 'y', 'z'].map((name) =>
        domain.run(name, async () => {
          await tick();
          return domain.get();
        }),
      ),
    );
    expect(seen).toEqual(['x', 'y', 'z']);
  });

  it('reads its values from a context another library set (OpenTelemetry runs its own values)', () => {
    const span = Symbol('span');
    domain.run('a', () => {
      const withSpan = (asyncContext.getStore() ?? rootContext).setValue(span, 'the span');
      asyncContext.run(withSpan, () => {
        expect(domain.get()).toBe('a');
        expect(asyncContext.getStore()?.getValue(span)).toBe('the span');
      });
      expect(asyncContext.getStore()?.getValue(span)).toBeUndefined();
    });
  });

  it('deletes a value without touching the context it came from', () => {
    const key = Symbol('key');
    const set = rootContext.setValue(key, 1);
    expect(set.deleteValue(key).getValue(key)).toBeUndefined();
    expect(set.getValue(key)).toBe(1);
  });
});
