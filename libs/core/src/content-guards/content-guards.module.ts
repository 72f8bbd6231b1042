import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CompositeGuardType, HeaderGuardType } from './core-guard-types';
import { ContentGuards } from './content-guards.service';

/**
 * ContentGuards for the process that checks guards (the content app), with core's guard types;
 * plugins' @ContentGuardType providers in any loaded module join them. Needs only DatabaseModule.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [ContentGuards, HeaderGuardType, CompositeGuardType],
  exports: [ContentGuards],
})
export class ContentGuardsModule {}
