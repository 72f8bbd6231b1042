import type { PulpSettings } from '@pulp/config';
import { processIdentity, processName } from './process-identity';

describe('processName', () => {
  it('fills pid, hostname and fqdn', () => {
    expect(processName('{pid}@{hostname}', 42, 'node1.example.com')).toBe('42@node1.example.com');
    expect(processName('w-{pid}@{fqdn}', 7, 'node1.example.com')).toBe('w-7@node1.example.com');
  });
});

describe('processIdentity', () => {
  const settings = {
    WORKER_TTL: 30,
    CONTENT_APP_TTL: 20,
    API_APP_TTL: 120,
    WORKER_NAME_TEMPLATE: '{pid}@{hostname}',
  } as PulpSettings;

  it('uses the TTL of the process kind and beats several times per TTL', () => {
    expect(processIdentity('worker', settings)).toMatchObject({
      appType: 'worker',
      ttlSeconds: 30,
      heartbeatSeconds: 10,
    });
    expect(processIdentity('content', settings)).toMatchObject({ ttlSeconds: 20, heartbeatSeconds: 5 });
    expect(processIdentity('api', settings)).toMatchObject({ ttlSeconds: 120, heartbeatSeconds: 40 });
  });

  it('honours a name template given on the command line', () => {
    expect(processIdentity('worker', settings, 'fixed@host').name).toBe('fixed@host');
  });
});
