import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { AppStatusResponse } from '@pulp/core';
import { PulpObjectResponse } from '@pulp/rest';

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
