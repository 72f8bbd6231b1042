import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PulpObjectResponse } from '@pulp/rest';

/** A process's heartbeat as status lists it. */
export class AppStatusResponse {
  @ApiPropertyOptional({ readOnly: true, description: 'The name of the worker.' })
  name!: string;
  @ApiPropertyOptional({
    type: 'string',
    format: 'date-time',
    readOnly: true,
    description: 'Timestamp of the last time the worker talked to the service.',
  })
  last_heartbeat!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    readOnly: true,
    description: 'Versions of the components installed.',
  })
  versions!: Record<string, string>;
}

/** A worker is an app status (name, heartbeat, versions) with an href and the task it runs. */
export class WorkerResponse extends IntersectionType(PulpObjectResponse, AppStatusResponse) {
  @ApiPropertyOptional({
    type: 'string',
    format: 'uri',
    readOnly: true,
    description:
      'The task this worker is currently executing, or empty if the worker is not currently assigned to a task.',
  })
  current_task!: string | null;
}
