import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RbacDecisionsModule } from '@pulp/rbac';
import { CompositeGuardType, HeaderGuardType } from './core-guard-types';
import { RbacGuardType } from './rbac-guard-type';
import { ContentGuards } from './content-guards.service';

/**
 * ContentGuards for the process that checks guards (the content app), with core's guard types;
 * plugins' @ContentGuardType providers in any loaded module join them. Needs DatabaseModule and
 * TableChangesModule (the RBAC guard authenticates and judges requests as the API does).
 */
@Global()
@Module({
  imports: [DiscoveryModule, RbacDecisionsModule],
  providers: [ContentGuards, HeaderGuardType, CompositeGuardType, RbacGuardType],
  exports: [ContentGuards],
})
export class ContentGuardsModule {}
