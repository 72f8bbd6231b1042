import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoveredByType, DistributionServing, type DistributionServingHooks } from '@pulp/core';

const NO_HOOKS: DistributionServingHooks = {};

/** The loaded plugins' @DistributionServing providers, by distribution type. */
@Injectable()
export class ServingHooks implements OnModuleInit {
  private hooks = new Map<string, DistributionServingHooks>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.hooks = discoveredByType(this.discovery, DistributionServing);
  }

  of(pulpType: string): DistributionServingHooks {
    return this.hooks.get(pulpType) ?? NO_HOOKS;
  }
}
