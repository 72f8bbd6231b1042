/** Pulp's master models: each lists all its detail types at `<master>/` and serves each at `<master>/<app>/<endpoint>/`. */
export type Master =
  'content' | 'repositories' | 'remotes' | 'publications' | 'distributions' | 'contentguards' | 'acs';

/** A detail type of a master model: where its objects live in the API and what their PRNs name. */
export interface DetailType {
  master: Master;
  /** `<app label>.<type>`, as `pulp_type` columns hold it: `file.file`. */
  pulpType: string;
  /** The last segment of its endpoint: `files` in `content/file/files/`. */
  endpoint: string;
  /** Its detail model, lower case, as PRNs name it: `filecontent` in `prn:file.filecontent:<uuid>`. */
  model: string;
  /**
   * Content only: its files may be given back by reclaim space, because a remote can serve them
   * again (Pulp's PROTECTED_FROM_RECLAIM = False). Content is protected unless its plugin says so.
   */
  reclaimable?: boolean;
}

/** The detail model's suffix Pulp's own naming would give an unregistered type (`file.file` → `filerepository`). */
const MODEL_SUFFIX: Record<Master, string> = {
  content: 'content',
  repositories: 'repository',
  remotes: 'remote',
  publications: 'publication',
  distributions: 'distribution',
  contentguards: 'contentguard',
  acs: 'alternatecontentsource',
};

const type = (master: Master, pulpType: string, endpoint: string, model: string): DetailType => ({
  master,
  pulpType,
  endpoint,
  model,
});

/** pulpcore's own detail types. */
export const CORE_DETAIL_TYPES: readonly DetailType[] = [
  type('content', 'core.publishedmetadata', 'publishedmetadata', 'publishedmetadata'),
  ...['publickey', 'publicsubkey', 'userid', 'userattribute', 'signature'].map((name) =>
    type('content', `core.openpgp_${name}`, `openpgp_${name}`, `openpgp${name}`),
  ),
  type('repositories', 'core.openpgp', 'openpgp_keyring', 'openpgpkeyring'),
  type('distributions', 'core.artifact', 'artifacts', 'artifactdistribution'),
  type('distributions', 'core.openpgp', 'openpgp', 'openpgpdistribution'),
  type('contentguards', 'core.rbac', 'rbac', 'rbaccontentguard'),
  type('contentguards', 'core.content_redirect', 'content_redirect', 'contentredirectcontentguard'),
  type('contentguards', 'core.header', 'header', 'headercontentguard'),
  type('contentguards', 'core.composite', 'composite', 'compositecontentguard'),
];

/**
 * Hrefs and PRNs of typed objects, from their master and `pulp_type`: core's types and those the
 * loaded plugins declare. A type nobody declared is served at `<master>/<app>/<type>/`.
 */
export class DetailTypes {
  private readonly types = new Map<string, DetailType>();

  constructor(pluginTypes: readonly DetailType[] = []) {
    for (const detail of [...CORE_DETAIL_TYPES, ...pluginTypes]) {
      const key = `${detail.master} ${detail.pulpType}`;
      if (this.types.has(key)) {
        throw new Error(`${detail.master} type ${detail.pulpType} is declared twice`);
      }
      this.types.set(key, detail);
    }
  }

  /** The type's endpoint below its master: `file/files` for content `file.file`. */
  segment(master: Master, pulpType: string): string {
    const [app, name] = split(pulpType);
    return `${app}/${this.types.get(`${master} ${pulpType}`)?.endpoint ?? name}`;
  }

  /** An object's href; `api` is the API base path (`/pulp/api/v3/`). */
  href(api: string, master: Master, pulpType: string, id: string): string {
    return `${api}${master}/${this.segment(master, pulpType)}/${id}/`;
  }

  /** The content types whose files reclaim space may give back. */
  reclaimableContentTypes(): string[] {
    return [...this.types.values()]
      .filter((detail) => detail.master === 'content' && detail.reclaimable)
      .map((detail) => detail.pulpType);
  }

  /** An object's PRN: `prn:<app>.<detail model>:<uuid>`. */
  prn(master: Master, pulpType: string, id: string): string {
    return `prn:${this.model(master, pulpType)}:${id}`;
  }

  /** The detail model as `<app>.<model>` (`file.filerepository`): PRNs and role assignments name it. */
  model(master: Master, pulpType: string): string {
    const [app, name] = split(pulpType);
    return `${app}.${this.types.get(`${master} ${pulpType}`)?.model ?? `${name}${MODEL_SUFFIX[master]}`}`;
  }

  /** The model of each declared type of `master`, by `pulp_type`. */
  modelsOf(master: Master): Map<string, string> {
    return new Map(
      [...this.types.values()]
        .filter((detail) => detail.master === master)
        .map((detail) => [detail.pulpType, this.model(master, detail.pulpType)]),
    );
  }
}

function split(pulpType: string): [string, string] {
  const dot = pulpType.indexOf('.');
  return [pulpType.slice(0, dot), pulpType.slice(dot + 1)];
}
