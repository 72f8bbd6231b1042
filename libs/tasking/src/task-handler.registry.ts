import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { TaskHandler } from './task-handler.decorator';
import type { TaskHandlerFunction } from './task-context';

/** Every @TaskHandler of the loaded modules, by task name. */
@Injectable()
export class TaskHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, TaskHandlerFunction>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') {
        continue;
      }
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const name = this.discovery.getMetadataByDecorator(TaskHandler, wrapper, method);
        if (name === undefined) {
          continue;
        }
        if (this.handlers.has(name)) {
          throw new Error(`Task ${name} has two handlers (the second in ${wrapper.name})`);
        }
        this.handlers.set(name, (instance[method] as TaskHandlerFunction).bind(instance));
      }
    }
  }

  get(name: string): TaskHandlerFunction | undefined {
    return this.handlers.get(name);
  }
}
