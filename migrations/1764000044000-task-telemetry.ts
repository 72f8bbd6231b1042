import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task telemetry. `core_task.trace_context` carries the W3C trace context of the request (or task)
 * that dispatched the task (`{"traceparent": …, "tracestate": …}`), so that the worker's span of the
 * task joins the dispatcher's trace; null when telemetry is off. It is bounded, being copied into
 * every task row. `core_telemetryclaim` records, per group of deployment-wide metrics, when a worker
 * last claimed the right to report them: one worker per export period does (docs/telemetry.md).
 */
export class TaskTelemetry1764000044000 implements MigrationInterface {
  name = 'TaskTelemetry1764000044000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE core_task ADD COLUMN trace_context jsonb');
    // Every existing row is null: NOT VALID spares a scan of a large table, new rows are checked all the same.
    await queryRunner.query(`ALTER TABLE core_task ADD CONSTRAINT core_task_trace_context_bounded CHECK (
      trace_context IS NULL OR (jsonb_typeof(trace_context) = 'object' AND octet_length(trace_context::text) <= 1024)
    ) NOT VALID`);
    await queryRunner.query(`CREATE TABLE core_telemetryclaim (
      name text PRIMARY KEY,
      claimed_at timestamptz NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE core_telemetryclaim');
    await queryRunner.query('ALTER TABLE core_task DROP COLUMN trace_context');
  }
}
