import { parse, type Type } from 'protobufjs';

/** Pulp's `analytics.proto`, as its analytics service reads it: the payload's only definition. */
export const ANALYTICS_PROTO = `
syntax = "proto2";

message Analytics {
  required string system_id = 1;

  message OnlineContentApps {
    optional uint32 processes = 1;
    optional uint32 hosts = 2;
  }

  message OnlineWorkers {
    optional uint32 processes = 1;
    optional uint32 hosts = 2;
  }

  message Component {
    required string name = 1;
    required string version = 2;
  }

  message RBACStats {
    optional uint32 users = 1;
    optional uint32 groups = 2;
    optional uint32 domains = 3;
    optional uint32 custom_access_policies = 4;
    optional uint32 custom_roles = 5;
  }

  optional OnlineContentApps online_content_apps = 2;
  optional OnlineWorkers online_workers = 3;
  repeated Component components = 4;
  optional uint32 postgresql_version = 5;
  optional RBACStats rbac_stats = 6;
}
`;

/** The `Analytics` message type (field names camelCased, as protobufjs and Pulp's JSON rendering spell them). */
export const ANALYTICS_MESSAGE: Type = parse(ANALYTICS_PROTO).root.lookupType('Analytics');

/** Live processes of one kind, and on how many hosts they run. */
export interface ProcessCounts {
  processes: number;
  hosts: number;
}

/** Everything an installation reports: the `Analytics` message, field for field. */
export interface AnalyticsPayload {
  systemId: string;
  onlineContentApps: ProcessCounts;
  onlineWorkers: ProcessCounts;
  components: Array<{ name: string; version: string }>;
  postgresqlVersion: number;
  rbacStats: {
    users: number;
    groups: number;
    domains: number;
    customAccessPolicies: number;
    customRoles: number;
  };
}

/**
 * Counts processes by their names (`pid@host`): the host is what follows the first `@`, as Pulp
 * splits it. A name from a WORKER_NAME_TEMPLATE without `@` counts as a host of its own (Pulp
 * raises there, and the whole post is lost).
 */
export function countProcesses(names: readonly string[]): ProcessCounts {
  const hosts = new Set(names.map((name) => name.split('@')[1] ?? name));
  return { processes: names.length, hosts: hosts.size };
}

/** The payload as it is posted: the protobuf binary of the `Analytics` message. */
export function encodeAnalytics(payload: AnalyticsPayload): Uint8Array {
  return ANALYTICS_MESSAGE.encode(ANALYTICS_MESSAGE.fromObject(payload)).finish();
}

/**
 * The JSON rendering of an encoded payload (camelCase, fields in the order of the .proto, as Pulp's
 * MessageToJson logs it): what is logged and shown is read back from the very bytes that are sent.
 */
export function analyticsJson(encoded: Uint8Array): string {
  return JSON.stringify(ANALYTICS_MESSAGE.toObject(ANALYTICS_MESSAGE.decode(encoded)));
}
