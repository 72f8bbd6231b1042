import {
  ACCESS_DENIED,
  compositeGuard,
  headerGuard,
  refusingGuard,
  unknownGuardType,
  type GuardRequest,
  type LoadedGuard,
} from './guard-check';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const request = (headers: GuardRequest['headers']): GuardRequest => ({ method: 'GET', headers });

describe('headerGuard', () => {
  const plain = headerGuard({ header_name: 'X-Secret', header_value: 'open sesame', jq_filter: null });

  it('permits the base64 of the value, whatever the header name case', () => {
    expect(plain.denial(request({ 'x-secret': b64('open sesame') }))).toBeUndefined();
    expect(plain.denial(request({ 'X-SECRET': b64('open sesame') }))).toBeUndefined();
    expect(plain.denial(request({ 'x-secret': [b64('open sesame'), 'other'] }))).toBeUndefined();
  });

  it('refuses a missing header, bad base64 and a different value', () => {
    expect(plain.denial(request({}))).toBe(ACCESS_DENIED);
    expect(plain.denial(request({ 'x-secret': undefined }))).toBe(ACCESS_DENIED);
    expect(plain.denial(request({ 'x-other': b64('open sesame') }))).toBe(ACCESS_DENIED);
    expect(plain.denial(request({ 'x-secret': 'open sesame' }))).toBe(ACCESS_DENIED);
    expect(plain.denial(request({ 'x-secret': '%%%%' }))).toBe(ACCESS_DENIED);
    expect(plain.denial(request({ 'x-secret': Buffer.from([0xff, 0xfe]).toString('base64') }))).toBe(ACCESS_DENIED);
    expect(plain.denial(request({ 'x-secret': b64('open sesame!') }))).toBe(ACCESS_DENIED);
  });

  describe('with a jq filter', () => {
    const identity = headerGuard({ header_name: 'x-rh-identity', header_value: '123', jq_filter: '.identity.org_id' });
    const header = (value: unknown) => request({ 'x-rh-identity': b64(JSON.stringify(value)) });

    it('compares what the path finds', () => {
      expect(identity.denial(header({ identity: { org_id: '123' } }))).toBeUndefined();
      expect(identity.denial(header({ identity: { org_id: '456' } }))).toBe(ACCESS_DENIED);
    });

    it('compares a non-string result as its JSON text', () => {
      expect(identity.denial(header({ identity: { org_id: 123 } }))).toBeUndefined();
      const list = headerGuard({ header_name: 'x', header_value: '[1,2]', jq_filter: '.a' });
      expect(list.denial(request({ x: b64('{"a": [1, 2]}') }))).toBeUndefined();
    });

    it('refuses when the path finds nothing, or null', () => {
      expect(identity.denial(header({ identity: {} }))).toBe(ACCESS_DENIED);
      expect(identity.denial(header({ identity: { org_id: null } }))).toBe(ACCESS_DENIED);
      expect(identity.denial(header(['123']))).toBe(ACCESS_DENIED);
    });

    it('refuses a value that is not JSON', () => {
      expect(identity.denial(request({ 'x-rh-identity': b64('not json') }))).toBe(ACCESS_DENIED);
    });

    it('refuses everything with a filter outside the subset', () => {
      const unsupported = headerGuard({ header_name: 'x', header_value: '1', jq_filter: '.a | length' });
      expect(unsupported.denial(request({ x: b64('{"a": "1"}') }))).toBe(ACCESS_DENIED);
    });
  });
});

describe('compositeGuard', () => {
  const permits: LoadedGuard = { denial: () => undefined };
  const refuses = (reason: string) => refusingGuard(reason);

  it('permits when any member does', async () => {
    const guard = compositeGuard([
      { name: 'b', guard: refuses('no b') },
      { name: 'a', guard: permits },
    ]);
    await expect(guard.denial(request({}))).resolves.toBeUndefined();
  });

  it('permits with no members', async () => {
    await expect(compositeGuard([]).denial(request({}))).resolves.toBeUndefined();
  });

  it('collects every refusal, in name order', async () => {
    const guard = compositeGuard([
      { name: 'zeta', guard: refuses(ACCESS_DENIED) },
      { name: 'alpha', guard: refuses('Certificate missing.') },
    ]);
    await expect(guard.denial(request({}))).resolves.toBe(
      'Access denied by every guard: alpha: Certificate missing.; zeta: Access denied.',
    );
  });

  it('asks real header guards', async () => {
    const guard = compositeGuard([
      { name: 'one', guard: headerGuard({ header_name: 'x-one', header_value: '1', jq_filter: null }) },
      { name: 'two', guard: headerGuard({ header_name: 'x-two', header_value: '2', jq_filter: null }) },
    ]);
    await expect(guard.denial(request({ 'x-two': b64('2') }))).resolves.toBeUndefined();
    await expect(guard.denial(request({ 'x-two': b64('1') }))).resolves.toBe(
      'Access denied by every guard: one: Access denied.; two: Access denied.',
    );
  });
});

describe('unknownGuardType', () => {
  it('refuses, naming the type', () => {
    expect(unknownGuardType('core.content_redirect').denial(request({}))).toBe(
      "Content guard type 'core.content_redirect' is not supported by this server.",
    );
  });
});
