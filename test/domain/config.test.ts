import { ConfigError, parseApiConfig, parseConfig } from '../../domain/config';

function problems(env: Record<string, string>, parse: (env: Record<string, string>) => unknown = parseConfig): Record<string, string> {
  try {
    parse(env);
  } catch (err) {
    if (err instanceof ConfigError) return Object.fromEntries(err.problems.map((p) => [p.variable, p.reason]));
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults for the embedded development stack', () => {
    const config = parseConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'dong-hanh' });
    // The worker and the scripts sign nothing: they start without a secret, and none is made up for them.
    expect(config.jwt.secret).toBeUndefined();
  });

  it('refuses to configure the API without JWT_SECRET, naming the variable in one line', () => {
    const found = problems({}, parseApiConfig);
    expect(Object.keys(found)).toEqual(['JWT_SECRET']);
    expect(found.JWT_SECRET).toMatch(/is not set.*32 characters.*\.data\/jwt-secret/);
    expect(() => parseApiConfig({})).toThrow(/^Invalid configuration: JWT_SECRET is not set[^\n]*$/);
    expect(problems({ JWT_SECRET: 'too-short' }, parseApiConfig).JWT_SECRET).toMatch(/32 characters/);
    expect(parseApiConfig({ JWT_SECRET: 'x'.repeat(32) }).jwt.secret).toBe('x'.repeat(32));
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(8080);
  });

  it('names the variable and the reason for each bad value', () => {
    const found = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x@y/z', TEMPORAL_ADDRESS: 'localhost', JWT_SECRET: 'short', LOG_LEVEL: 'loud' });
    expect(Object.keys(found).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'TEMPORAL_ADDRESS']);
    expect(found.DATABASE_URL).toMatch(/postgres:\/\//);
    expect(found.TEMPORAL_ADDRESS).toMatch(/host:port/);
    expect(found.JWT_SECRET).toMatch(/32 characters/);
  });

  it('reads the SMTP server of notification e-mail and refuses one that is not smtp(s)://', () => {
    expect(parseConfig({}).notifications).toMatchObject({ smtpUrl: undefined, maxAttempts: 8, retrySeconds: 60 });
    expect(parseConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465' }).notifications.smtpUrl).toBe('smtps://u:p@mail.example.org:465');
    const found = problems({ SMTP_URL: 'http://mail.example.org', NOTIFICATION_MAX_ATTEMPTS: 'many' });
    expect(found.SMTP_URL).toMatch(/smtp:\/\//);
    expect(found.NOTIFICATION_MAX_ATTEMPTS).toMatch(/number/);
  });

  it('rejects a port out of range', () => {
    expect(problems({ PORT: '70000' }).PORT).toMatch(/between 1 and 65535/);
  });

  it('requires a real secret and database in production', () => {
    const found = problems({ NODE_ENV: 'production' });
    expect(found.JWT_SECRET).toMatch(/required in production/);
    expect(problems({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/d', JWT_SECRET: 'short' }).JWT_SECRET).toMatch(/32 characters/);
    expect(found.DATABASE_URL).toMatch(/required in production/);
  });

  it('requires TLS certificate and key together', () => {
    expect(problems({ TEMPORAL_TLS_CERT: '/etc/tls/client.pem' }).TEMPORAL_TLS_KEY).toMatch(/go together/);
  });

  it('bounds the wait for a command and the readiness window, within limits', () => {
    expect(parseConfig({})).toMatchObject({ commandTimeoutMs: 15_000, workerPollWindowMs: 90_000 });
    expect(parseConfig({ API_COMMAND_TIMEOUT_MS: '5000' }).commandTimeoutMs).toBe(5000);
    const found = problems({ API_COMMAND_TIMEOUT_MS: 'soon', READY_WORKER_POLL_WINDOW_MS: '10' });
    expect(found.API_COMMAND_TIMEOUT_MS).toMatch(/number/);
    expect(found.READY_WORKER_POLL_WINDOW_MS).toMatch(/1000/);
    // Beyond Node's own 300 s request timeout the bound would never apply.
    expect(problems({ API_COMMAND_TIMEOUT_MS: '600000' }).API_COMMAND_TIMEOUT_MS).toMatch(/290000/);
  });

  it('splits the CORS allow-list', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});
