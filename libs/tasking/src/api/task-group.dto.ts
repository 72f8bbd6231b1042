import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PulpReferenceResponse } from '@pulp/rest';
import { MinimalTaskResponse } from './task.dto';

const count = (state: string) =>
  ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    readOnly: true,
    description: `Number of tasks in the '${state}' state`,
  });

const readOnlyInt64 = (description: string) =>
  ApiPropertyOptional({ type: 'integer', format: 'int64', readOnly: true, description });

export class GroupProgressReportResponse {
  @ApiPropertyOptional({ readOnly: true, description: 'The message shown to the user for the group progress report.' })
  message!: string;
  @ApiPropertyOptional({ readOnly: true, description: "Identifies the type of group progress report'." })
  code!: string;
  @readOnlyInt64('The total count of items.')
  total!: number;
  @readOnlyInt64('The count of items already processed. Defaults to 0.')
  done!: number;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    readOnly: true,
    description: 'The suffix to be shown with the group progress report.',
  })
  suffix!: string | null;
}

/** A task group: its tasks' states counted, their group progress, the tasks themselves (minimal). */
export class TaskGroupResponse extends PulpReferenceResponse {
  @ApiProperty({ description: 'A description of the task group.' })
  description!: string;
  @ApiProperty({ description: 'Whether all tasks have been spawned for this task group.', deprecated: true })
  all_tasks_dispatched!: boolean;
  @count('waiting')
  waiting!: number;
  @count('skipped')
  skipped!: number;
  @count('running')
  running!: number;
  @count('completed')
  completed!: number;
  @count('canceled')
  canceled!: number;
  @count('failed')
  failed!: number;
  @count('canceling')
  canceling!: number;
  @ApiPropertyOptional({ type: [GroupProgressReportResponse], readOnly: true })
  group_progress_reports!: GroupProgressReportResponse[];
  @ApiPropertyOptional({ type: [MinimalTaskResponse], readOnly: true })
  tasks!: MinimalTaskResponse[];
}
