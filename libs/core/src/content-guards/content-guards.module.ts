import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BasicAuthenticator, Permissions } from '@pulp/rbac';
import { CompositeGuardType, HeaderGuardType } from './core-guard-types';
import { RbacGuardType } from './rbac-guard-type';
import { ContentGuards } from './content-guards.service';

/**
 * ContentGuards for the process that checks guards (the content app), with core's guard types;
 * plugins' @ContentGuardType providers in any loaded module join them. Needs only DatabaseModule
 * (the RBAC guard authenticates users and reads their roles itself).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [ContentGuards, HeaderGuardType, CompositeGuardType, RbacGuardType, BasicAuthenticator, Permissions],
  exports: [ContentGuards],
})
export class ContentGuardsModule {}
