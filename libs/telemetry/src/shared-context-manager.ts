import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { asyncContext, rootContext } from '@pulp/async-context';

/**
 * OpenTelemetry's context manager on the process's one async context (`@pulp/async-context` says
 * why there is only one): the active span is a value of the same store as the domain and the
 * correlation id, so turning telemetry on adds no AsyncLocalStorage. Binding event emitters and
 * functions is the base class's, through `with`.
 */
export class SharedContextManager extends AsyncLocalStorageContextManager {
  override active(): Context {
    return asyncContext.getStore() ?? rootContext;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const run = thisArg === undefined || thisArg === null ? fn : fn.bind(thisArg);
    return asyncContext.run(context, run, ...args);
  }

  override attach(context: Context): ReturnType<AsyncLocalStorageContextManager['attach']> {
    const previous = asyncContext.getStore();
    asyncContext.enterWith(context);
    let disposed = false;
    return {
      dispose: () => {
        if (!disposed) {
          disposed = true;
          asyncContext.enterWith(previous ?? rootContext);
        }
      },
    };
  }

  /** The store outlives the SDK: the process's own values still need it after a shutdown. */
  override disable(): this {
    return this;
  }
}
