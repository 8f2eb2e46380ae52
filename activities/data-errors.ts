import { ApplicationFailure } from '@temporalio/activity';

/** The failure type of a value PostgreSQL refuses; the workflow's handler-side activities do not retry it. */
export const INVALID_DATA = 'InvalidData';

/**
 * SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): retrying changes nothing.
 * Except 23505: a unique violation is what two attempts of one idempotent activity racing look like, and
 * the retry then finds the first attempt's row.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code) && code !== '23505';
}

type Activity = (...args: any[]) => Promise<unknown>;

/**
 * Each activity, with PostgreSQL's data errors reported as `InvalidData`. Whether that is retried is the
 * caller's choice (workflows/project-lifecycle.ts): an Update's activity gives up at once, so the caller
 * hears a refusal instead of waiting on a retry loop that can never succeed.
 */
export function withDataErrorsClassified<T extends Record<string, Activity>>(activities: T): T {
  const wrapped: Record<string, Activity> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (!isDataError(err)) throw err;
        const { code, message } = err as { code: string; message?: string };
        throw ApplicationFailure.create({ type: INVALID_DATA, message: `PostgreSQL refused a value (SQLSTATE ${code}): ${message ?? ''}`.slice(0, 500), cause: err as Error });
      }
    };
  }
  return wrapped as T;
}
