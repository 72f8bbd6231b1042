import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PulpObjectResponse } from '@pulp/rest';

export class TaskScheduleResponse extends PulpObjectResponse {
  @ApiProperty({ description: 'The name of the task schedule.' })
  name!: string;
  @ApiProperty({ description: 'The name of the task to be scheduled.' })
  task_name!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Periodicity of the schedule.' })
  dispatch_interval!: string | null;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    nullable: true,
    readOnly: true,
    description: 'Timestamp of the next time the task will be dispatched.',
  })
  next_dispatch!: string | null;
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    readOnly: true,
    description: 'The last task dispatched by this schedule.',
  })
  last_task!: string | null;
}
