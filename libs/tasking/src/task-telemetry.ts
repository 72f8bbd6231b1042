import {
  context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Histogram,
  type Span,
} from '@opentelemetry/api';
import { PULP_METER, redactQueryValues, telemetryEnabled } from '@pulp/telemetry';
import { traceCarrier, type TraceCarrier } from './trace-context';

/**
 * Traces and metrics of tasks, through `@opentelemetry/api` into the process's SDK (started by its
 * entry point when OTEL_ENABLED). With telemetry off each function returns at once: no
 * OpenTelemetry code runs per task.
 */

const TRACER = 'pulp';

/** How a task ended, as `task.outcome` says it. */
export type TaskOutcome = 'completed' | 'failed' | 'canceled';

/** What a task span is made of: the claimed (or abandoned) task row. */
export interface TracedTask {
  id: string;
  name: string;
  loggingCid: string;
  traceContext: unknown;
}

/**
 * The dispatcher's trace context, to be stored with the task it dispatches: the active span's
 * (an API request, or the task that dispatches another). Null when telemetry is off or no span is active.
 */
export function dispatchTraceContext(): TraceCarrier | null {
  if (!telemetryEnabled()) {
    return null;
  }
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return traceCarrier(carrier);
}

/**
 * Starts the span of a task, named after it and parented on its dispatcher's span (the same trace),
 * or a root span when it has none. `startTime`: when it started, for a span made after the fact.
 * None without telemetry.
 */
export function startTaskSpan(task: TracedTask, workerName: string, startTime?: Date): Span | undefined {
  if (!telemetryEnabled()) {
    return undefined;
  }
  const carrier = traceCarrier(task.traceContext);
  const parent = carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
  return trace.getTracer(TRACER).startSpan(
    task.name,
    {
      kind: SpanKind.CONSUMER,
      startTime,
      attributes: {
        'pulp.task.id': task.id,
        'pulp.task.name': task.name,
        'pulp.worker.name': workerName,
        'pulp.correlation_id': task.loggingCid,
      },
    },
    parent,
  );
}

/** Runs `work` with `span` active, so that what it dispatches or traces is the span's child. */
export function withSpan<T>(span: Span | undefined, work: () => Promise<T>): Promise<T> {
  return span ? context.with(trace.setSpan(context.active(), span), work) : work();
}

/**
 * Ends a task span with the task's final state; a failed task's span is an error, with the
 * description its task records (redacted as the task's is, under REDACT_UNSAFE_EXCEPTIONS), less
 * the query values of the URLs it quotes (a sync's error names the signed URL that failed).
 */
export function endTaskSpan(span: Span | undefined, outcome: TaskOutcome, description?: string): void {
  if (!span) {
    return;
  }
  span.setAttribute('pulp.task.state', outcome);
  if (outcome === 'failed') {
    span.setStatus({ code: SpanStatusCode.ERROR, message: description && redactQueryValues(description) });
  }
  span.end();
}

// Seconds, from a quick immediate task to a long sync queued behind others.
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200];

interface TaskHistograms {
  wait: Histogram;
  run: Histogram;
}

let histograms: TaskHistograms | undefined;

/** Made at first use: by then the process's telemetry (if any) is started, and the meter is real. */
function taskHistograms(): TaskHistograms {
  histograms ??= (() => {
    const meter = metrics.getMeter(PULP_METER);
    const advice = { explicitBucketBoundaries: DURATION_BUCKETS };
    return {
      wait: meter.createHistogram('pulp.tasks.wait_duration', {
        unit: 's',
        description: 'Time from dispatch to start of a task',
        advice,
      }),
      run: meter.createHistogram('pulp.tasks.run_duration', {
        unit: 's',
        description: 'Time from start to end of a task',
        advice,
      }),
    };
  })();
  return histograms;
}

/** Records how long a task waited between its dispatch and its start, by the worker that starts it. */
export function recordTaskWait(taskName: string, seconds: number): void {
  if (!telemetryEnabled()) {
    return;
  }
  taskHistograms().wait.record(seconds, { 'task.name': taskName });
}

/** Records how long a task ran, and how it ended. */
export function recordTaskRun(taskName: string, outcome: TaskOutcome, seconds: number): void {
  if (!telemetryEnabled()) {
    return;
  }
  taskHistograms().run.record(seconds, { 'task.name': taskName, 'task.outcome': outcome });
}
