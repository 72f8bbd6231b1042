import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Values keyed by symbols, never changed: a new one is made to add a value. The shape is
 * OpenTelemetry's `Context`, so that its spans travel in the same store as our own values.
 */
export interface ContextValues {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): ContextValues;
  deleteValue(key: symbol): ContextValues;
}

/** One value over the values it was added to: adding is one allocation, reading walks a few links. */
class Frame implements ContextValues {
  constructor(
    private readonly below: ContextValues | undefined,
    private readonly key: symbol | undefined,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.below?.getValue(key);
  }

  setValue(key: symbol, value: unknown): ContextValues {
    return new Frame(this, key, value);
  }

  deleteValue(key: symbol): ContextValues {
    return new Frame(this, key, undefined);
  }
}

/** The values outside any request or task. */
export const rootContext: ContextValues = new Frame(undefined, undefined, undefined);

/**
 * The process's one AsyncLocalStorage. On Node 20 every enabled AsyncLocalStorage is copied onto
 * every promise and callback the process creates, so each one more taxes all async work (a second
 * one costs an await loop about as much again as the first): the request's correlation id, its
 * domain, its caller and OpenTelemetry's active span share this one, each under a slot of its own.
 */
export const asyncContext = new AsyncLocalStorage<ContextValues>();

/** One named value of the async context, set for the work a function does (and all it starts). */
export class ContextSlot<T> {
  private readonly key: symbol;

  constructor(description: string) {
    this.key = Symbol(description);
  }

  /** Runs `work` (and everything it starts) with `value` in this slot, the other slots as they were. */
  run<R>(value: T, work: () => R): R {
    return asyncContext.run(this.with(value), work);
  }

  /** The current context with `value` in this slot, for work to run in (`asyncContext.run`). */
  with(value: T): ContextValues {
    return (asyncContext.getStore() ?? rootContext).setValue(this.key, value);
  }

  /** The value of the work in progress, if any. */
  get(): T | undefined {
    return asyncContext.getStore()?.getValue(this.key) as T | undefined;
  }
}
