import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { PulpValidationError } from '@pulp/errors';
import { PulpObjectResponse } from '@pulp/rest';

// Class names and fields are those of Pulp 3.102's schema (TaskResponse, ProgressReportResponse, PatchedTaskCancel).

const uri = { type: 'string', format: 'uri', readOnly: true } as const;
const dateTime = { type: 'string', format: 'date-time', readOnly: true } as const;

export class ProgressReportResponse {
  @ApiPropertyOptional({ readOnly: true, description: 'The message shown to the user for the progress report.' })
  message!: string;
  @ApiPropertyOptional({ readOnly: true, description: "Identifies the type of progress report'." })
  code!: string;
  @ApiPropertyOptional({
    readOnly: true,
    description:
      "The current state of the progress report. The possible values are: 'waiting', 'skipped', 'running', " +
      "'completed', 'failed', 'canceled' and 'canceling'. The default is 'waiting'.",
  })
  state!: string;
  @ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true, description: 'The total count of items.' })
  total!: number | null;
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    readOnly: true,
    description: 'The count of items already processed. Defaults to 0.',
  })
  done!: number;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    readOnly: true,
    description: 'The suffix to be shown with the progress report.',
  })
  suffix!: string | null;
}

/** `?minimal=true` and task groups show tasks with these fields only. */
export class MinimalTaskResponse extends PulpObjectResponse {
  @ApiPropertyOptional({
    readOnly: true,
    description:
      "The current state of the task. The possible values include: 'waiting', 'skipped', 'running', 'completed', " +
      "'failed', 'canceled' and 'canceling'.",
  })
  state!: string;
  @ApiProperty({ description: 'The name of task.' })
  name!: string;
  @ApiPropertyOptional({ ...dateTime, description: 'Timestamp of when this task was identified ready for pickup.' })
  unblocked_at!: string | null;
  @ApiPropertyOptional({ ...dateTime, description: 'Timestamp of when this task started execution.' })
  started_at!: string | null;
  @ApiPropertyOptional({ ...dateTime, description: 'Timestamp of when this task stopped execution.' })
  finished_at!: string | null;
  @ApiPropertyOptional({ ...uri, nullable: true, description: 'DEPRECATED - Always null' })
  worker!: null;
}

export class TaskResponse extends MinimalTaskResponse {
  @ApiProperty({ description: 'The logging correlation id associated with this task' })
  logging_cid!: string;
  @ApiPropertyOptional({ ...uri, nullable: true, description: 'User who dispatched this task.' })
  created_by!: string | null;
  @ApiPropertyOptional({
    type: Object,
    readOnly: true,
    description: 'A JSON Object of a fatal error encountered during the execution of this task.',
  })
  error!: Record<string, unknown> | null;
  @ApiPropertyOptional({ ...uri, description: 'The parent task that spawned this task.' })
  parent_task!: string | null;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uri' },
    readOnly: true,
    description: 'Any tasks spawned by this task.',
  })
  child_tasks!: string[];
  @ApiPropertyOptional({ ...uri, description: 'The task group that this task is a member of.' })
  task_group!: string | null;
  @ApiPropertyOptional({ type: [ProgressReportResponse], readOnly: true })
  progress_reports!: ProgressReportResponse[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uri' },
    readOnly: true,
    description: 'Resources created by this task.',
  })
  created_resources!: string[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string' },
    readOnly: true,
    description: 'A list of resources required by that task.',
  })
  reserved_resources_record!: string[];
  // Any JSON: Pulp's schema gives it no type (the extension makes the schema builder drop ours).
  @ApiPropertyOptional({ readOnly: true, description: 'The result of this task.', 'x-pulp-untyped': true } as never)
  result!: unknown;
}

@ApiSchema({ name: 'PatchedTaskCancel' })
export class TaskCancelDto {
  @ApiPropertyOptional({ minLength: 1, description: "The desired state of the task. Only 'canceled' is accepted." })
  state?: string;
}

/** Pulp's cancel body is `{"state": "canceled"}` and nothing else (tasks and task groups alike). */
export function assertCancelRequest(body: TaskCancelDto | undefined): void {
  if (body?.state === undefined) {
    throw new PulpValidationError({ state: ['This field is required.'] });
  }
  if (body.state !== 'canceled') {
    throw new PulpValidationError({ state: ["The only acceptable value for 'state' is 'canceled'."] });
  }
}
