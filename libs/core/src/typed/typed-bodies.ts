import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Master } from '../detail-types/detail-types';

/** Marks the view that renders one type's objects (what its read endpoint answers). */
export const TypedBody = DiscoveryService.createDecorator<{ master: Master; pulpType: string }>();

interface BodyView {
  find(id: string): Promise<unknown>;
}

/**
 * The bodies of typed objects, by master and type, from the @TypedBody views of the loaded
 * modules: what create and update tasks store as their `result`, as Pulp's do.
 */
@Injectable()
export class TypedBodies implements OnModuleInit {
  private readonly views = new Map<string, BodyView>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: TypedBody.KEY })) {
      const type = this.discovery.getMetadataByDecorator(TypedBody, wrapper);
      if (type && wrapper.instance) {
        this.views.set(`${type.master} ${type.pulpType}`, wrapper.instance as BodyView);
      }
    }
  }

  /** The object's body, or null when its type has no view here or it is gone. */
  async body(master: Master, pulpType: string, id: string): Promise<unknown> {
    return (await this.views.get(`${master} ${pulpType}`)?.find(id)) ?? null;
  }
}
