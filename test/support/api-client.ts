import { pollUntil } from './poll';
import type { PulpProcess } from './pulp-process';
import { TestSite } from './test-site';

export type Json = Record<string, any>;

/** An answer: its status and its parsed JSON body (undefined when empty). */
export interface Answer {
  status: number;
  body: any;
}

export const ADMIN = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };

/**
 * A client of one API process speaking as the admin (password `pw`), as the e2e suites do, or with
 * other credentials (none: anonymous).
 */
export class ApiClient {
  constructor(
    private readonly api: PulpProcess,
    private readonly credentials: Record<string, string> = ADMIN,
  ) {}

  get baseUrl(): string {
    return this.api.baseUrl!;
  }

  /** The same API, spoken to with other credentials (`{}`: none). */
  as(credentials: Record<string, string>): ApiClient {
    return new ApiClient(this.api, credentials);
  }

  async call(path: string, init: RequestInit = {}): Promise<Answer> {
    const url = path.startsWith('http') ? path : `${this.api.baseUrl}${path}`;
    const response = await fetch(url, { ...init, headers: { ...this.credentials, ...init.headers } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A JSON body sent with `method` (POST by default). */
  send(path: string, body: unknown, method = 'POST'): Promise<Answer> {
    return this.call(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  /** A multipart body: `file` (text or bytes) as a file part (if given) and the other fields as text. */
  sendForm(
    path: string,
    file: string | Buffer | undefined,
    fields: Record<string, string> = {},
    init: RequestInit = {},
  ) {
    const body = new FormData();
    if (file !== undefined) {
      body.append('file', new Blob([file]), 'upload.bin');
    }
    for (const [name, value] of Object.entries(fields)) {
      body.append(name, value);
    }
    return this.call(path, { method: 'POST', ...init, body });
  }

  /** The task of an asynchronous answer (202, exactly `{"task": href}`), once final. */
  async accepted(answer: Answer): Promise<Json> {
    if (answer.status !== 202 || JSON.stringify(Object.keys(answer.body ?? {})) !== '["task"]') {
      throw new Error(`expected 202 {"task"}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return this.waitForTask(answer.body.task as string);
  }

  /** Polls a task until it is final (completed, failed or canceled) and returns it. */
  waitForTask(href: string): Promise<Json> {
    return pollUntil(
      async () => (await this.call(href)).body as Json,
      (task) => ['completed', 'failed', 'canceled'].includes(task.state),
    );
  }
}

/**
 * A new site with the admin's password set (`pw`), its API started (and a worker, unless the
 * suite starts its own) and a client of that API: how most suites begin.
 */
export async function adminSite(
  settings: Record<string, unknown> = {},
  { worker = true }: { worker?: boolean } = {},
): Promise<{ site: TestSite; client: ApiClient }> {
  const site = await TestSite.create(settings);
  const reset = await site.manager(['reset-admin-password', '--password', 'pw']);
  if (reset.code !== 0) {
    throw new Error(`reset-admin-password failed:\n${reset.output}`);
  }
  const [api] = await Promise.all([site.start('api'), ...(worker ? [site.start('worker')] : [])]);
  return { site, client: new ApiClient(api) };
}
