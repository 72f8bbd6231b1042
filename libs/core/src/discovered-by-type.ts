import type { DiscoveryService } from '@nestjs/core';
import type { DiscoverableDecorator } from '@nestjs/core/discovery/discovery-service';

/**
 * The providers marked with `decorator`, by the `pulp_type` it names: how core finds what a
 * plugin declares for one of its types. Two providers for one type are a boot error.
 */
export function discoveredByType<T>(
  discovery: DiscoveryService,
  decorator: DiscoverableDecorator<string>,
): Map<string, T> {
  const found = new Map<string, T>();
  for (const wrapper of discovery.getProviders({ metadataKey: decorator.KEY })) {
    const pulpType = discovery.getMetadataByDecorator(decorator, wrapper);
    if (pulpType && wrapper.instance) {
      if (found.has(pulpType)) {
        throw new Error(`Two providers declare ${decorator.KEY} for "${pulpType}"`);
      }
      found.set(pulpType, wrapper.instance as T);
    }
  }
  return found;
}
