import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificates, contentUrl, proxyCredentialsProblem, proxyUrlProblem, urlProblem } from './remote-checks';

const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBdjCCARugAwIBAgIUdjfaQPrXgbaAg89HZjfuThRqIvcwCgYIKoZIzj0EAwIw
DzENMAsGA1UEAwwEdGVzdDAgFw0yNjExMjUxOTUzNTlaGA8yMTI2MTEwMTE5NTM1
OVowDzENMAsGA1UEAwwEdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJgy
r4brhjXKWu2b7ubuVKez3u9DN8DkkqjfuVjNPK40UOfcBk4t/a9rhHhvDUVWJEuD
yFiftGJ7ze09B43NYHejUzBRMB0GA1UdDgQWBBTd35BmXzaxe8+7lG2ROVbyV2wq
SDAfBgNVHSMEGDAWgBTd35BmXzaxe8+7lG2ROVbyV2wqSDAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0kAMEYCIQCpzXz1/WUiKOf9VIKi9R38O64YPPPyMTZU
prfJ0o1oUwIhAJQUf5U0xryIy6J6huB9rjdAuMGMYSaCSNvpUmadICsy
-----END CERTIFICATE-----`;

describe('urlProblem', () => {
  it('accepts http and https', () => {
    expect(urlProblem('https://example.com/PULP_MANIFEST', [])).toBeNull();
    expect(urlProblem('http://example.com:8080/a/PULP_MANIFEST', [])).toBeNull();
  });

  it('refuses other schemes and what is not a URL', () => {
    expect(urlProblem('ftp://example.com/x', [])).toBe(
      "The URL scheme 'ftp' is not supported; use http, https or file.",
    );
    expect(urlProblem('example.com/x', [])).toBe('Enter a valid URL.');
  });

  it('refuses credentials inside the URL', () => {
    expect(urlProblem('https://user:secret@example.com/x', [])).toBe(
      'The remote url contains username or password. Please use remote username or password instead.',
    );
  });

  it('accepts a file:// path only under ALLOWED_IMPORT_PATHS, judged by its real path', () => {
    const root = mkdtempSync(join(tmpdir(), 'remote-checks-'));
    mkdirSync(join(root, 'allowed'));
    symlinkSync('/etc', join(root, 'allowed', 'escape'));
    const allowed = [join(root, 'allowed')];
    expect(urlProblem(`file://${root}/allowed/sub/PULP_MANIFEST`, allowed)).toBeNull();
    expect(urlProblem(`file://${root}/other/PULP_MANIFEST`, allowed)).toBe(
      `The path '${root}/other/PULP_MANIFEST' does not start with any of the allowed import paths`,
    );
    expect(urlProblem(`file://${root}/allowed/../other/x`, allowed)).toMatch(/does not start with any/);
    expect(urlProblem(`file://${root}/allowed/escape/passwd`, allowed)).toMatch(/does not start with any/);
    expect(urlProblem('file:///srv/x', [])).toMatch(/does not start with any/);
    expect(urlProblem('file://host/x', ['/'])).toBe("The path 'host/x' needs to be an absolute pathname.");
  });
});

describe('contentUrl', () => {
  it('judges the url as a remote’s', () => {
    expect(contentUrl('https://example.com/a.txt', [])).toEqual({ url: 'https://example.com/a.txt' });
    expect(contentUrl('file:///etc/passwd', [])).toEqual({
      problem: "The path '/etc/passwd' does not start with any of the allowed import paths",
    });
    expect(contentUrl('file:///etc/passwd', ['/etc'])).toEqual({ url: 'file:///etc/passwd' });
    expect(contentUrl('gopher://example.com/x', [])).toEqual({
      problem: "The URL scheme 'gopher' is not supported; use http, https or file.",
    });
    expect(contentUrl('nothing', [])).toEqual({ problem: 'Enter a valid URL.' });
  });

  it('moves credentials out of the url', () => {
    expect(contentUrl('https://us%40er:p%3Ass@example.com/a.txt?x=1', [])).toEqual({
      url: 'https://example.com/a.txt?x=1',
      username: 'us@er',
      password: 'p:ss',
    });
    expect(contentUrl('http://token@example.com/a', [])).toEqual({
      url: 'http://example.com/a',
      username: 'token',
      password: '',
    });
  });
});

describe('proxy checks', () => {
  it('refuses credentials in proxy_url', () => {
    expect(proxyUrlProblem('http://u:p@proxy:3128')).toBe('proxy_url must not contain credentials');
    expect(proxyUrlProblem('http://proxy:3128')).toBeNull();
    expect(proxyUrlProblem(null)).toBeNull();
  });

  it('wants proxy credentials with a proxy, and both of them', () => {
    expect(proxyCredentialsProblem({ proxy_username: 'u', proxy_password: 'p' })).toBe(
      'proxy credentials cannot be specified without a proxy',
    );
    expect(proxyCredentialsProblem({ proxy_url: 'http://proxy', proxy_username: 'u' })).toBe(
      'proxy username and password can only be specified together',
    );
    expect(proxyCredentialsProblem({ proxy_url: 'http://proxy', proxy_username: 'u', proxy_password: 'p' })).toBeNull();
    expect(proxyCredentialsProblem({})).toBeNull();
  });
});

describe('certificates', () => {
  it('keeps only the certificate blocks', () => {
    const pem = `Bag Attributes\n${CERTIFICATE}\n-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n${CERTIFICATE}`;
    expect(certificates('ca_cert', pem)).toEqual({ value: `${CERTIFICATE}\n${CERTIFICATE}\n` });
  });

  it('refuses a text without one, or with one that does not parse', () => {
    expect(certificates('ca_cert', 'nothing')).toEqual({ problem: 'No ca_cert specified in string nothing' });
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    expect(certificates('client_cert', broken)).toEqual({
      problem: expect.stringMatching(/^Invalid client_cert specified, error '.+'$/),
    });
  });
});
