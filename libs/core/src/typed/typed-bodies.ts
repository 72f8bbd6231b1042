import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Master } from '../detail-types/detail-types';
import type { DetailFields } from './detail-fields';

/** What a typed view says of its type: which one it renders, and the type's own fields (if any). */
export interface TypedBodyOptions {
  master: Master;
  pulpType: string;
  detail?: DetailFields;
}

/**
 * Marks the view that renders one type's objects (what its read endpoint answers). Both the API
 * and the worker load these views, so the type's detail fields travel with them.
 */
export const TypedBody = DiscoveryService.createDecorator<TypedBodyOptions>();

interface BodyView {
  find(id: string): Promise<unknown>;
}

/**
 * The bodies of typed objects, by master and type, from the @TypedBody views of the loaded
 * modules: what create and update tasks store as their `result`, as Pulp's do; and the type's
 * detail fields, which those tasks write beside the master row.
 */
@Injectable()
export class TypedBodies implements OnModuleInit {
  private readonly views = new Map<string, { view: BodyView; detail?: DetailFields }>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: TypedBody.KEY })) {
      const type = this.discovery.getMetadataByDecorator(TypedBody, wrapper);
      if (type && wrapper.instance) {
        this.views.set(`${type.master} ${type.pulpType}`, {
          view: wrapper.instance as BodyView,
          detail: type.detail,
        });
      }
    }
  }

  /** The object's body, or null when its type has no view here or it is gone. */
  async body(master: Master, pulpType: string, id: string): Promise<unknown> {
    return (await this.views.get(`${master} ${pulpType}`)?.view.find(id)) ?? null;
  }

  /** The type's own fields, when it has any (and its view is loaded here). */
  detail(master: Master, pulpType: string): DetailFields | undefined {
    return this.views.get(`${master} ${pulpType}`)?.detail;
  }
}
