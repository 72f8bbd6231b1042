import { parseBind, parseServerOptions, UsageError } from './server-options';

describe('parseServerOptions', () => {
  it('defaults to one process on 127.0.0.1 and the given port', () => {
    expect(parseServerOptions([], 24817)).toEqual({
      bind: [{ host: '127.0.0.1', port: 24817 }],
      workers: 1,
      name: undefined,
      accessLogfile: undefined,
      timeoutSeconds: 0,
      nameTemplate: undefined,
    });
  });

  it('reads every option', () => {
    const options = parseServerOptions(
      ['-b', '0.0.0.0:8000', '--bind', '[::1]:8001', '-w', '3', '--name', 'api', '--access-logfile', '-', '-t', '90'],
      1,
    );
    expect(options).toMatchObject({
      bind: [
        { host: '0.0.0.0', port: 8000 },
        { host: '::1', port: 8001 },
      ],
      workers: 3,
      name: 'api',
      accessLogfile: '-',
      timeoutSeconds: 90,
    });
  });

  it.each([[['--workers', '0']], [['--workers', 'two']], [['--timeout', '-1']], [['--bogus']], [['--bind', 'host']]])(
    'refuses %j with a usage error',
    (argv) => {
      expect(() => parseServerOptions(argv, 1)).toThrow(UsageError);
    },
  );

  it('answers help', () => {
    expect(parseServerOptions(['--help'], 1)).toBe('help');
  });
});

describe('parseBind', () => {
  it('accepts a bare port and :port as all interfaces', () => {
    expect(parseBind('8080')).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(parseBind(':8080')).toEqual({ host: '0.0.0.0', port: 8080 });
  });
});
