import { EventEmitter } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { asyncContext, ContextSlot } from '@pulp/async-context';
import { SharedContextManager } from './shared-context-manager';

describe('SharedContextManager', () => {
  const domain = new ContextSlot<string>('domain');
  const span = createContextKey('span');

  beforeAll(() => {
    expect(context.setGlobalContextManager(new SharedContextManager())).toBe(true);
  });
  afterAll(() => {
    context.disable();
  });

  it("keeps OpenTelemetry's active context in the process's async context, beside our values", async () => {
    await domain.run('a', () =>
      context.with(context.active().setValue(span, 'request span'), async () => {
        await tick();
        expect(asyncContext.getStore()?.getValue(span)).toBe('request span');
        expect(context.active().getValue(span)).toBe('request span');
        expect(domain.get()).toBe('a');
      }),
    );
    expect(context.active().getValue(span)).toBeUndefined();
  });

  it('sees values set through our slots, and runs a context made from its root', () => {
    domain.run('b', () => {
      expect(context.active().getValue(span)).toBeUndefined();
      context.with(ROOT_CONTEXT.setValue(span, 'x'), () => {
        expect(asyncContext.getStore()?.getValue(span)).toBe('x');
        expect(domain.get()).toBeUndefined();
      });
      expect(domain.get()).toBe('b');
    });
  });

  it('binds functions and event emitters to a context', () => {
    const bound = context.bind(ROOT_CONTEXT.setValue(span, 'bound'), () => context.active().getValue(span));
    expect(bound()).toBe('bound');
    const emitter = context.bind(ROOT_CONTEXT.setValue(span, 'emitter'), new EventEmitter());
    let heard: unknown;
    emitter.on('event', () => (heard = context.active().getValue(span)));
    emitter.emit('event');
    expect(heard).toBe('emitter');
  });

  it('attaches a context until its token is disposed', () => {
    const manager = new SharedContextManager();
    domain.run('c', () => {
      const before = asyncContext.getStore();
      const token = manager.attach(ROOT_CONTEXT.setValue(span, 'attached'));
      expect(manager.active().getValue(span)).toBe('attached');
      token.dispose();
      expect(asyncContext.getStore()).toBe(before);
      expect(domain.get()).toBe('c');
    });
  });

  it('leaves the async context working after telemetry is disabled', async () => {
    new SharedContextManager().disable();
    expect(await domain.run('d', async () => (await tick(), domain.get()))).toBe('d');
  });
});
