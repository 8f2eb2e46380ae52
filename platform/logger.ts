import pino from 'pino';

const SECRET_FIELDS = ['password', 'refreshToken', 'token', 'accessToken', 'secret'];

/**
 * What never reaches a log: credentials in request headers (pino-http logs every request's headers),
 * cookies both ways, and passwords and tokens wherever a body or an error carries them.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `req.body.${f}`, `res.body.${f}`]),
];

export function createLogger(level: string, name: string, destination?: pino.DestinationStream) {
  const options = { level, name, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
export type Logger = ReturnType<typeof createLogger>;
