import { randomUUID } from 'node:crypto';
import type { ApiClient } from './api-client';

const API = '/pulp/api/v3/';

/** Creates a file repository (autopublish on, so every version is served) and returns its href. */
export async function publishedRepository(
  client: ApiClient,
  fields: Record<string, unknown> = {},
  api = API,
): Promise<string> {
  const { status, body } = await client.send(`${api}repositories/file/file/`, {
    name: `repo-${randomUUID()}`,
    autopublish: true,
    ...fields,
  });
  if (status !== 201) {
    throw new Error(`repository not created (${status}): ${JSON.stringify(body)}`);
  }
  return body.pulp_href as string;
}

/** Runs a task-answering request to completion; throws unless the task completed. */
export async function completed(client: ApiClient, answer: Promise<{ status: number; body: any }>) {
  const task = await client.accepted(await answer);
  if (task.state !== 'completed') {
    throw new Error(`task ${task.state}: ${JSON.stringify(task.error)}`);
  }
  return task;
}

/** Serves a repository at `basePath` (a file distribution named after it). */
export async function distribute(client: ApiClient, basePath: string, repository: string, api = API): Promise<void> {
  await completed(
    client,
    client.send(`${api}distributions/file/file/`, { name: basePath, base_path: basePath, repository }),
  );
}

/** Uploads `data` as a file content unit at `relativePath` and returns its href. */
export async function uploadedFile(
  client: ApiClient,
  relativePath: string,
  data: Buffer,
  api = API,
): Promise<string> {
  const { status, body } = await client.sendForm(`${api}content/file/files/upload/`, data, {
    relative_path: relativePath,
  });
  if (status !== 201) {
    throw new Error(`file not uploaded (${status}): ${JSON.stringify(body)}`);
  }
  return body.pulp_href as string;
}

/** A repository holding `files`, published (autopublish) and distributed at `basePath` (in the domain of `api`); returns its href. */
export async function distributedFiles(
  client: ApiClient,
  basePath: string,
  files: Record<string, Buffer>,
  api = API,
): Promise<string> {
  const repository = await publishedRepository(client, {}, api);
  const units = [];
  for (const [path, data] of Object.entries(files)) {
    units.push(await uploadedFile(client, path, data, api));
  }
  await completed(client, client.send(`${repository}modify/`, { add_content_units: units }));
  await distribute(client, basePath, repository, api);
  return repository;
}
