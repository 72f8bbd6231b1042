import { Module, type DynamicModule } from '@nestjs/common';
import type { RbacCatalogue } from '../catalogue/catalogue';
import { RbacCatalogues } from '../catalogue/rbac-catalogues';
import { AccessPoliciesController } from './access-policies.controller';
import { AccessPolicyView } from './access-policy-view';
import { RoleView } from './role-view';
import { RolesController } from './roles.controller';

/** The API's RBAC endpoints: access policies and roles; `plugins` are the loaded plugins' catalogues. */
@Module({})
export class RbacApiModule {
  static forRoot(plugins: readonly RbacCatalogue[]): DynamicModule {
    return {
      module: RbacApiModule,
      controllers: [AccessPoliciesController, RolesController],
      providers: [{ provide: RbacCatalogues, useValue: new RbacCatalogues(plugins) }, AccessPolicyView, RoleView],
      exports: [RbacCatalogues],
    };
  }
}
