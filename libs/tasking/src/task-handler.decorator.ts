import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider method as the code of the task with Pulp's name (module path plus function,
 * e.g. `pulp_file.app.tasks.synchronizing.synchronize`: clients filter tasks by it). Worker
 * modules of core and plugins declare handlers; a name claimed twice stops the worker at boot.
 */
export const TaskHandler = DiscoveryService.createDecorator<string>();
