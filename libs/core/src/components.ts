/** Version of pulpcore whose API and behaviour we reproduce; pulp-glue switches features on it. */
export const CORE_VERSION = '3.102.0';

/** One entry of status `versions` and of the schema's `info.x-pulp-app-versions`. */
export interface VersionComponent {
  component: string;
  version: string;
  package: string;
  module: string;
  domain_compatible: boolean;
}

export const CORE_COMPONENT: VersionComponent = {
  component: 'core',
  version: CORE_VERSION,
  package: 'pulpcore',
  module: 'pulpcore.app',
  domain_compatible: true,
};

/** Injection token of the `VersionComponent[]` of this process: core first, then each loaded plugin. */
export const VERSION_COMPONENTS = Symbol('VERSION_COMPONENTS');

/** `{core: "3.102.0", file: "…"}`: what app status rows and the schema carry. */
export function componentVersions(components: readonly VersionComponent[]): Record<string, string> {
  return Object.fromEntries(components.map(({ component, version }) => [component, version]));
}
