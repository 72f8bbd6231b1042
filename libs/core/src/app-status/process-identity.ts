import { hostname } from 'node:os';
import type { PulpSettings } from '@pulp/config';
import type { AppType } from './app-status.entity';

/** Who this process is in core_appstatus, and how often it must say it is alive. */
export interface ProcessIdentity {
  appType: AppType;
  name: string;
  ttlSeconds: number;
  heartbeatSeconds: number;
}

/** `WORKER_NAME_TEMPLATE` (default `{pid}@{hostname}`) with its placeholders filled in. */
export function processName(template: string, pid: number = process.pid, host: string = hostname()): string {
  // Like Python's socket.gethostname() (and getfqdn() without a DNS lookup): the host's name as it is.
  return template.replaceAll('{pid}', String(pid)).replaceAll('{hostname}', host).replaceAll('{fqdn}', host);
}

/** Pulp's periods: workers beat every TTL/3, API processes every TTL/3, content apps every TTL/4. */
export function processIdentity(appType: AppType, settings: PulpSettings, nameTemplate?: string): ProcessIdentity {
  const ttlSeconds = { api: settings.API_APP_TTL, content: settings.CONTENT_APP_TTL, worker: settings.WORKER_TTL }[
    appType
  ];
  return {
    appType,
    name: processName(nameTemplate ?? settings.WORKER_NAME_TEMPLATE),
    ttlSeconds,
    heartbeatSeconds: ttlSeconds / (appType === 'content' ? 4 : 3),
  };
}
