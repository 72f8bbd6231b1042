import { Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { checkAccessPolicies, type RoutedHandler } from './access-policy';
import { ACCESS_ACTION, ACCESS_POLICY } from './access-policy.decorator';

/** Where @ApiOperation keeps its options (@nestjs/swagger's API_OPERATION, not exported by its package). */
const API_OPERATION = 'swagger/apiOperation';

/** What the decorators of one handler say, for the guard and the boot check alike. */
export function routedHandler(reflector: Reflector, controller: Type<unknown>, handler: object): RoutedHandler {
  const method = handler as (...args: unknown[]) => unknown;
  return {
    name: `${controller.name}.${method.name}`,
    viewset: reflector.getAllAndOverride<string | false | undefined>(ACCESS_POLICY, [method, controller]),
    action: reflector.get<string | undefined>(ACCESS_ACTION, method),
    operationId: reflector.get<{ operationId?: string } | undefined>(API_OPERATION, method)?.operationId,
  };
}

/** The API does not start while a routed handler has no access-policy name (or action), so none is forgotten. */
@Injectable()
export class AccessPolicyCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const handlers: RoutedHandler[] = [];
    for (const { metatype } of this.discovery.getControllers()) {
      const controller = metatype as Type<unknown> | null;
      if (!controller) {
        continue;
      }
      const prototype = controller.prototype as Record<string, object>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        if (Reflect.getMetadata(METHOD_METADATA, prototype[name]) !== undefined) {
          handlers.push(routedHandler(this.reflector, controller, prototype[name]));
        }
      }
    }
    checkAccessPolicies(handlers);
  }
}
