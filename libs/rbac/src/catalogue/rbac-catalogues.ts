import type { RbacCatalogue } from './catalogue';
import { defaultPolicy, type PolicyRow } from './catalogue-sync';
import { CORE_CATALOGUE } from './core-catalogue';

/** Core's and the loaded plugins' catalogues, for the API: defaults to reset to, models of viewsets. */
export class RbacCatalogues {
  readonly all: readonly RbacCatalogue[];

  constructor(plugins: readonly RbacCatalogue[]) {
    this.all = [CORE_CATALOGUE, ...plugins];
  }

  defaultPolicy(viewset: string): PolicyRow | undefined {
    return defaultPolicy(this.all, viewset);
  }

  /** The `app_label.model` of a viewset's objects, if the catalogues name one. */
  modelOf(viewset: string): string | undefined {
    for (const catalogue of this.all) {
      const model = catalogue.viewsets.find((access) => access.viewset === viewset)?.model;
      if (model) {
        return model;
      }
    }
    return undefined;
  }
}
