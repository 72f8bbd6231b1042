import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns every model table starts with. */
const MODEL = `
  pulp_id uuid PRIMARY KEY,
  pulp_created timestamptz NOT NULL DEFAULT now(),
  pulp_last_updated timestamptz NOT NULL DEFAULT now()`;

/** A domain-scoped model: deleting a domain that still owns rows is refused. */
const SCOPED = `${MODEL},
  pulp_domain_id uuid NOT NULL REFERENCES core_domain (pulp_id)`;

/** A master model: one row per typed object (`pulp_type` like `file.file`), plugin tables add the rest. */
const MASTER = `${SCOPED},
  pulp_type text NOT NULL`;

const LABELS = `pulp_labels jsonb NOT NULL DEFAULT '{}'`;

/**
 * Pulp's content model: artifacts, content and where its files come from, repositories with
 * their versions, remotes, publications, distributions, content guards, uploads, signing services.
 *
 * Repository membership is stored as number ranges (DESIGN.md §4): a row says "this content is in
 * versions [added_number, removed_number) of this repository", so a version costs rows only for
 * what it changed. An incomplete version's rows are invisible to every complete version by
 * construction (numbers above the latest complete one), so a failed task never shows half a version.
 */
export class CreateContentModel1764000007000 implements MigrationInterface {
  name = 'CreateContentModel1764000007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...CONTENT_MODEL_TABLES].reverse()) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

const CHECKSUMS = `
  md5 text, sha1 text, sha224 text, sha256 text, sha384 text, sha512 text`;

const STATEMENTS = [
  `CREATE TABLE core_artifact (${SCOPED},
    file text NOT NULL,
    size bigint NOT NULL CHECK (size >= 0),${CHECKSUMS},
    timestamp_of_interest timestamptz NOT NULL DEFAULT now(),
    CHECK (sha256 IS NOT NULL))`,
  'CREATE UNIQUE INDEX core_artifact_sha256 ON core_artifact (pulp_domain_id, sha256)',
  'CREATE INDEX core_artifact_sha512 ON core_artifact (sha512) WHERE sha512 IS NOT NULL',

  `CREATE TABLE core_content (${MASTER},
    ${LABELS},
    upstream_id uuid,
    timestamp_of_interest timestamptz NOT NULL DEFAULT now())`,
  'CREATE INDEX core_content_pulp_type ON core_content (pulp_type)',
  'CREATE INDEX core_content_created ON core_content (pulp_created DESC, pulp_id DESC)',

  // A content unit's files: the artifact is null until an on-demand download saves it.
  `CREATE TABLE core_contentartifact (${MODEL},
    content_id uuid NOT NULL REFERENCES core_content (pulp_id) ON DELETE CASCADE,
    artifact_id uuid REFERENCES core_artifact (pulp_id),
    relative_path text NOT NULL,
    UNIQUE (content_id, relative_path))`,
  'CREATE INDEX core_contentartifact_artifact ON core_contentartifact (artifact_id) WHERE artifact_id IS NOT NULL',

  `CREATE TABLE core_remote (${MASTER},
    ${LABELS},
    name text NOT NULL,
    url text NOT NULL,
    ca_cert text, client_cert text, client_key text,
    tls_validation boolean NOT NULL DEFAULT true,
    username text, password text,
    proxy_url text, proxy_username text, proxy_password text,
    download_concurrency integer CHECK (download_concurrency >= 1),
    max_retries integer,
    policy text NOT NULL DEFAULT 'immediate' CHECK (policy IN ('immediate', 'on_demand', 'streamed')),
    total_timeout double precision CHECK (total_timeout >= 0),
    connect_timeout double precision CHECK (connect_timeout >= 0),
    sock_connect_timeout double precision CHECK (sock_connect_timeout >= 0),
    sock_read_timeout double precision CHECK (sock_read_timeout >= 0),
    headers jsonb,
    rate_limit integer,
    UNIQUE (pulp_domain_id, name))`,

  // Where an on-demand content file can be fetched from, with the checksums upstream promised.
  `CREATE TABLE core_remoteartifact (${MODEL},
    content_artifact_id uuid NOT NULL REFERENCES core_contentartifact (pulp_id) ON DELETE CASCADE,
    remote_id uuid NOT NULL REFERENCES core_remote (pulp_id) ON DELETE CASCADE,
    url text NOT NULL,
    size bigint,${CHECKSUMS},
    failed_at timestamptz,
    UNIQUE (content_artifact_id, remote_id))`,
  'CREATE INDEX core_remoteartifact_remote ON core_remoteartifact (remote_id)',

  `CREATE TABLE core_repository (${MASTER},
    ${LABELS},
    name text NOT NULL,
    description text,
    next_version integer NOT NULL DEFAULT 0,
    retain_repo_versions integer CHECK (retain_repo_versions >= 1),
    retain_checkpoints integer CHECK (retain_checkpoints >= 1),
    user_hidden boolean NOT NULL DEFAULT false,
    remote_id uuid REFERENCES core_remote (pulp_id) ON DELETE SET NULL,
    UNIQUE (pulp_domain_id, name))`,

  `CREATE TABLE core_repositoryversion (${MODEL},
    repository_id uuid NOT NULL REFERENCES core_repository (pulp_id) ON DELETE CASCADE,
    number integer NOT NULL CHECK (number >= 0),
    complete boolean NOT NULL DEFAULT false,
    base_version_id uuid REFERENCES core_repositoryversion (pulp_id) ON DELETE SET NULL,
    content_summary jsonb,
    info jsonb NOT NULL DEFAULT '{}',
    UNIQUE (repository_id, number))`,

  `CREATE TABLE core_repositorycontent (
    repository_id uuid NOT NULL REFERENCES core_repository (pulp_id) ON DELETE CASCADE,
    content_id uuid NOT NULL REFERENCES core_content (pulp_id),
    added_number integer NOT NULL,
    removed_number integer CHECK (removed_number > added_number),
    pulp_created timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, added_number, content_id))`,
  // A unit is in a repository's current content at most once.
  `CREATE UNIQUE INDEX core_repositorycontent_current ON core_repositorycontent (repository_id, content_id)
    WHERE removed_number IS NULL`,
  `CREATE INDEX core_repositorycontent_removed ON core_repositorycontent (repository_id, removed_number)
    WHERE removed_number IS NOT NULL`,
  'CREATE INDEX core_repositorycontent_content ON core_repositorycontent (content_id)',

  `CREATE TABLE core_publication (${MASTER},
    complete boolean NOT NULL DEFAULT false,
    pass_through boolean NOT NULL DEFAULT false,
    checkpoint boolean NOT NULL DEFAULT false,
    repository_version_id uuid NOT NULL REFERENCES core_repositoryversion (pulp_id) ON DELETE CASCADE)`,
  'CREATE INDEX core_publication_version ON core_publication (repository_version_id)',

  `CREATE TABLE core_publishedartifact (${MODEL},
    publication_id uuid NOT NULL REFERENCES core_publication (pulp_id) ON DELETE CASCADE,
    content_artifact_id uuid NOT NULL REFERENCES core_contentartifact (pulp_id) ON DELETE CASCADE,
    relative_path text NOT NULL,
    UNIQUE (publication_id, relative_path))`,

  // Metadata a publication wrote (e.g. PULP_MANIFEST): content of type core.publishedmetadata.
  `CREATE TABLE core_publishedmetadata (
    content_id uuid PRIMARY KEY REFERENCES core_content (pulp_id) ON DELETE CASCADE,
    publication_id uuid NOT NULL REFERENCES core_publication (pulp_id) ON DELETE CASCADE,
    relative_path text NOT NULL,
    UNIQUE (publication_id, relative_path))`,

  `CREATE TABLE core_contentguard (${MASTER},
    name text NOT NULL,
    description text,
    UNIQUE (pulp_domain_id, name))`,

  `CREATE TABLE core_distribution (${MASTER},
    ${LABELS},
    name text NOT NULL,
    base_path text NOT NULL,
    hidden boolean NOT NULL DEFAULT false,
    checkpoint boolean NOT NULL DEFAULT false,
    content_guard_id uuid REFERENCES core_contentguard (pulp_id) ON DELETE SET NULL,
    repository_id uuid REFERENCES core_repository (pulp_id) ON DELETE SET NULL,
    repository_version_id uuid REFERENCES core_repositoryversion (pulp_id) ON DELETE SET NULL,
    publication_id uuid REFERENCES core_publication (pulp_id) ON DELETE SET NULL,
    UNIQUE (pulp_domain_id, name),
    UNIQUE (pulp_domain_id, base_path))`,

  `CREATE TABLE core_upload (${SCOPED},
    size bigint NOT NULL CHECK (size >= 0))`,

  `CREATE TABLE core_uploadchunk (${MODEL},
    upload_id uuid NOT NULL REFERENCES core_upload (pulp_id) ON DELETE CASCADE,
    "offset" bigint NOT NULL CHECK ("offset" >= 0),
    size bigint NOT NULL CHECK (size >= 0),
    file text NOT NULL,
    UNIQUE (upload_id, "offset"))`,

  `CREATE TABLE core_signingservice (${MASTER},
    name text NOT NULL,
    public_key text NOT NULL,
    pubkey_fingerprint text NOT NULL,
    script text NOT NULL,
    UNIQUE (pulp_domain_id, name))`,
];

/** Creation order; down drops them in reverse. */
export const CONTENT_MODEL_TABLES = [
  'core_artifact',
  'core_content',
  'core_contentartifact',
  'core_remote',
  'core_remoteartifact',
  'core_repository',
  'core_repositoryversion',
  'core_repositorycontent',
  'core_publication',
  'core_publishedartifact',
  'core_publishedmetadata',
  'core_contentguard',
  'core_distribution',
  'core_upload',
  'core_uploadchunk',
  'core_signingservice',
];
