import {
  PulpValidationError,
  typedContentEndpoints,
  type ContentUploadDto,
  type Filter,
  type NewContent,
  type Sql,
} from '@pulp/plugin-api';
import { FILE_TYPE } from '../file-types';
import { contentRelativePathProblem } from '../relative-path';
import {
  FileContentDto,
  FileContentResponse,
  FileContentUploadDto,
  FileContentUploadResponse,
} from './file-content.dto';

interface FileRow {
  relative_path: string;
  md5: string | null;
  sha1: string | null;
  sha224: string | null;
  sha256: string | null;
  sha384: string | null;
  sha512: string | null;
}

const DIGESTS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

/** An exact match on a column of the file's row, as django-filter's plain CharFilter. */
const exact = (column: string, description?: string): Filter => ({
  schema: { type: 'string' },
  ...(description === undefined ? {} : { description }),
  where: (raw, params) => `${column} = ${params.add(raw, 'text')}`,
});

/**
 * One file unit per (relative_path, digest) in a domain: an existing one is reused (and its
 * timestamp of interest renewed, so orphan cleanup spares it until it is used). The lock makes
 * two tasks creating the same unit at once find each other instead of one failing on the key.
 */
async function createFileContent(sql: Sql, { artifact, data, pulpLabels }: NewContent): Promise<string> {
  const relativePath = String(data.relative_path);
  await sql("SELECT pg_advisory_xact_lock(hashtextextended('file.file ' || $1 || ' ' || $2, 0))", [
    relativePath,
    artifact.sha256,
  ]);
  const [existing] = await sql<{ content_id: string }>(
    `UPDATE core_content c SET timestamp_of_interest = now() FROM file_filecontent f, core_artifact a
      WHERE a.pulp_id = $1 AND f.pulp_domain_id = a.pulp_domain_id AND f.relative_path = $2 AND f.digest = a.sha256
        AND c.pulp_id = f.content_id
     RETURNING f.content_id`,
    [artifact.pulp_id, relativePath],
  );
  if (existing) {
    return existing.content_id;
  }
  const [created] = await sql<{ pulp_id: string }>(
    `WITH artifact AS (SELECT pulp_id, pulp_domain_id, sha256 FROM core_artifact WHERE pulp_id = $1),
     content AS (
       INSERT INTO core_content (pulp_id, pulp_domain_id, pulp_type, pulp_labels)
       SELECT pulp_uuid7(), pulp_domain_id, '${FILE_TYPE}', $3 FROM artifact
       RETURNING pulp_id, pulp_domain_id),
     detail AS (
       INSERT INTO file_filecontent (content_id, pulp_domain_id, relative_path, digest)
       SELECT content.pulp_id, content.pulp_domain_id, $2, artifact.sha256 FROM content, artifact),
     files AS (
       INSERT INTO core_contentartifact (pulp_id, content_id, artifact_id, relative_path)
       SELECT pulp_uuid7(), content.pulp_id, $1, $2 FROM content)
     SELECT pulp_id FROM content`,
    [artifact.pulp_id, relativePath, JSON.stringify(pulpLabels)],
  );
  return created.pulp_id;
}

/** `content/file/files/`: files by relative path, each with its one artifact. */
export const FILE_CONTENT_ENDPOINTS = typedContentEndpoints<FileRow>({
  names: {
    pulpType: FILE_TYPE,
    segment: 'file/files',
    operationPrefix: 'content_file_files',
    placeholder: 'file_file_content_href',
    tag: 'Content: Files',
    component: 'file.FileContent',
    noun: 'file content',
  },
  uploadNoun: 'File',
  description:
    '\nFileContent represents a single file and its metadata, which can be added and removed from\nrepositories.',
  detail: {
    join: 'JOIN file_filecontent f ON f.content_id = c.pulp_id',
    columns: `f.relative_path, ${DIGESTS.map((name) => `a.${name}`).join(', ')}`,
  },
  filters: {
    relative_path: exact('f.relative_path', 'Filter results where relative_path matches value'),
    sha256: exact('f.digest'),
  },
  ordering: { relative_path: 'f.relative_path', digest: 'f.digest' },
  render: (row) => ({
    relative_path: row.relative_path,
    ...Object.fromEntries(DIGESTS.map((name) => [name, row[name]])),
  }),
  dtos: {
    request: FileContentDto,
    upload: FileContentUploadDto,
    response: FileContentResponse,
    uploadResponse: FileContentUploadResponse,
  },
  check: (body: ContentUploadDto) => {
    const problem = contentRelativePathProblem((body as FileContentUploadDto).relative_path);
    if (problem) {
      throw new PulpValidationError({ relative_path: [problem] });
    }
  },
  repositoryTypes: [FILE_TYPE],
  create: createFileContent,
});
