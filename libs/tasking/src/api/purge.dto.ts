import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { FINAL_STATES } from '../task-states';

@ApiSchema({ name: 'Purge' })
export class PurgeDto {
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    description: "Purge tasks completed earlier than this timestamp. Format '%Y-%m-%d[T%H:%M:%S]'",
  })
  @IsOptional()
  @IsString()
  finished_before?: string;
  @ApiPropertyOptional({
    enum: [...FINAL_STATES],
    enumName: 'StatesEnum',
    isArray: true,
    default: ['completed'],
    description: "List of task-states to be purged. Only 'final' states are allowed.",
  })
  @IsOptional()
  @IsArray()
  states?: unknown[];
}

@ApiSchema({ description: 'Serializer for asynchronous operations.' })
export class AsyncOperationResponse {
  @ApiProperty({ type: 'string', format: 'uri', description: 'The href of the task.' })
  task!: string;
}
