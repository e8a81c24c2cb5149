/**
 * A child process environment for network tests: this process's environment (keychain bus,
 * PATH…) without any proxy or CA variable the machine may set, plus exactly the ones a test names.
 */
const NETWORK_VARIABLES = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'no_proxy',
  'NO_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'NODE_USE_ENV_PROXY',
];

export function networkEnv(base: NodeJS.ProcessEnv, extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !NETWORK_VARIABLES.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}
