import { readOtelEnvironment, TelemetryConfigError } from './otel-environment';

describe('readOtelEnvironment', () => {
  it('uses the specification defaults and the process default service name', () => {
    expect(readOtelEnvironment('pulp-api', {})).toEqual({
      serviceName: 'pulp-api',
      tracesProtocol: 'http/protobuf',
      metricsProtocol: 'http/protobuf',
      metricExportIntervalMillis: 60_000,
      metricExportTimeoutMillis: 30_000,
      sdkLogLevelSet: false,
      attributeValueLengthLimit: 2048,
      excludedUrls: undefined,
      rootSampleRatio: undefined,
    });
  });

  it('samples one new trace in ten in the content app only, unless OTEL_TRACES_SAMPLER says otherwise', () => {
    expect(readOtelEnvironment('pulp-content', {}).rootSampleRatio).toBe(0.1);
    expect(readOtelEnvironment('pulp-content', { OTEL_SERVICE_NAME: 'edge' }).rootSampleRatio).toBe(0.1);
    expect(
      readOtelEnvironment('pulp-content', { OTEL_TRACES_SAMPLER: 'parentbased_always_on' }).rootSampleRatio,
    ).toBeUndefined();
    expect(readOtelEnvironment('pulp-worker', {}).rootSampleRatio).toBeUndefined();
  });

  it('lets OTEL_SERVICE_NAME override the service name, ignoring a blank one', () => {
    expect(readOtelEnvironment('pulp-api', { OTEL_SERVICE_NAME: 'edge-api' }).serviceName).toBe('edge-api');
    expect(readOtelEnvironment('pulp-api', { OTEL_SERVICE_NAME: '  ' }).serviceName).toBe('pulp-api');
  });

  it('takes the protocol per signal, falling back on OTEL_EXPORTER_OTLP_PROTOCOL', () => {
    const environment = readOtelEnvironment('pulp-worker', {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
    });
    expect(environment.tracesProtocol).toBe('grpc');
    expect(environment.metricsProtocol).toBe('http/json');
  });

  it('refuses an unknown protocol, naming the variable', () => {
    expect(() => readOtelEnvironment('pulp-api', { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml' })).toThrow(
      new TelemetryConfigError(
        'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL="http/xml" is not one of http/protobuf, http/json, grpc',
      ),
    );
  });

  it('caps the export timeout at a short interval, as the SDK requires', () => {
    const environment = readOtelEnvironment('pulp-api', { OTEL_METRIC_EXPORT_INTERVAL: '500' });
    expect(environment.metricExportIntervalMillis).toBe(500);
    expect(environment.metricExportTimeoutMillis).toBe(500);
  });

  it.each(['0', '-5', 'soon'])('refuses OTEL_METRIC_EXPORT_INTERVAL=%s', (value) => {
    expect(() => readOtelEnvironment('pulp-api', { OTEL_METRIC_EXPORT_INTERVAL: value })).toThrow(
      /OTEL_METRIC_EXPORT_INTERVAL=".*" must be a positive number/,
    );
  });

  it('excludes URLs as the Django instrumentation does: its own variable first, searched anywhere', () => {
    const excluded = readOtelEnvironment('pulp-api', {
      OTEL_PYTHON_DJANGO_EXCLUDED_URLS: 'status/$, /livez',
      OTEL_PYTHON_EXCLUDED_URLS: 'ignored-when-django-set',
    }).excludedUrls!;
    expect(excluded.test('http://pulp.example/pulp/api/v3/status/')).toBe(true);
    expect(excluded.test('http://pulp.example/livez/x')).toBe(true);
    expect(excluded.test('http://pulp.example/ignored-when-django-set')).toBe(false);
    expect(excluded.test('http://pulp.example/pulp/api/v3/status/x/')).toBe(false);
  });

  it('adds OTEL_NODE_EXCLUDED_URLS to the Python ones', () => {
    const excluded = readOtelEnvironment('pulp-api', {
      OTEL_PYTHON_EXCLUDED_URLS: '/a/',
      OTEL_NODE_EXCLUDED_URLS: '/b/',
    }).excludedUrls!;
    expect(['http://h/a/', 'http://h/b/', 'http://h/c/'].map((url) => excluded.test(url))).toEqual([true, true, false]);
  });

  it('refuses an invalid pattern, naming it', () => {
    expect(() => readOtelEnvironment('pulp-api', { OTEL_PYTHON_EXCLUDED_URLS: 'fine, (broken' })).toThrow(
      /OTEL_PYTHON_EXCLUDED_URLS: "\(broken" is not a valid regular expression/,
    );
  });

  it('limits attribute values to 2048 characters unless told otherwise', () => {
    expect(
      readOtelEnvironment('pulp-api', { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100' }).attributeValueLengthLimit,
    ).toBe(100);
  });
});
