import { parse } from 'protobufjs';
import {
  ANALYTICS_PROTO,
  analyticsJson,
  countProcesses,
  encodeAnalytics,
  type AnalyticsPayload,
} from './analytics-payload';

const payload: AnalyticsPayload = {
  systemId: '0192f5a3-7b1c-7def-8abc-0123456789ab',
  onlineContentApps: { processes: 2, hosts: 1 },
  onlineWorkers: { processes: 3, hosts: 2 },
  components: [
    { name: 'core', version: '3.102.0' },
    { name: 'file', version: '3.102.0' },
  ],
  postgresqlVersion: 160004,
  rbacStats: { users: 1, groups: 0, domains: 0, customAccessPolicies: 0, customRoles: 0 },
};

describe('countProcesses', () => {
  it('counts the distinct hosts after the @ of each name', () => {
    expect(countProcesses(['1@a', '2@a', '3@b.example.com'])).toEqual({ processes: 3, hosts: 2 });
    expect(countProcesses([])).toEqual({ processes: 0, hosts: 0 });
  });

  it('takes what follows the first @ as the host, as Pulp splits it', () => {
    expect(countProcesses(['1@a@x', '2@a@y'])).toEqual({ processes: 2, hosts: 1 });
  });

  it('counts a name without @ as a host of its own instead of failing', () => {
    expect(countProcesses(['worker-a', 'worker-b', '1@worker-a'])).toEqual({ processes: 3, hosts: 2 });
  });
});

describe('encodeAnalytics', () => {
  // Decoded by a type parsed separately from the .proto text: the bytes are the message's, not ours.
  const Analytics = parse(ANALYTICS_PROTO, { keepCase: true }).root.lookupType('Analytics');

  it('encodes every field of the Analytics message', () => {
    const decoded = Analytics.toObject(Analytics.decode(encodeAnalytics(payload)));
    expect(decoded).toEqual({
      system_id: payload.systemId,
      online_content_apps: { processes: 2, hosts: 1 },
      online_workers: { processes: 3, hosts: 2 },
      components: payload.components,
      postgresql_version: 160004,
      rbac_stats: { users: 1, groups: 0, domains: 0, custom_access_policies: 0, custom_roles: 0 },
    });
  });

  it('starts with the system id as field 1 (tag 0x0a), a length-delimited string', () => {
    const bytes = encodeAnalytics(payload);
    expect(bytes[0]).toBe(0x0a);
    expect(bytes[1]).toBe(payload.systemId.length);
    expect(Buffer.from(bytes.subarray(2, 2 + payload.systemId.length)).toString()).toBe(payload.systemId);
  });
});

describe('analyticsJson', () => {
  it('renders the payload in camelCase, in the order of the .proto, zeros included', () => {
    expect(analyticsJson(encodeAnalytics(payload))).toBe(
      '{"systemId":"0192f5a3-7b1c-7def-8abc-0123456789ab",' +
        '"onlineContentApps":{"processes":2,"hosts":1},"onlineWorkers":{"processes":3,"hosts":2},' +
        '"components":[{"name":"core","version":"3.102.0"},{"name":"file","version":"3.102.0"}],' +
        '"postgresqlVersion":160004,' +
        '"rbacStats":{"users":1,"groups":0,"domains":0,"customAccessPolicies":0,"customRoles":0}}',
    );
  });
});
