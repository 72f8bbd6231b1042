/**
 * The columns of `core_remote` a remote body writes (their names are the fields'), in the model's
 * order (which Pulp's `ordering` parameter lists them in).
 */
export const REMOTE_COLUMNS = [
  'name',
  'pulp_labels',
  'url',
  'ca_cert',
  'client_cert',
  'client_key',
  'tls_validation',
  'username',
  'password',
  'proxy_url',
  'proxy_username',
  'proxy_password',
  'download_concurrency',
  'max_retries',
  'policy',
  'total_timeout',
  'connect_timeout',
  'sock_connect_timeout',
  'sock_read_timeout',
  'headers',
  'rate_limit',
] as const;
