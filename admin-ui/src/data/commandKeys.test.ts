import { createCommandKeys, isDefiniteAnswer, newIdempotencyKey } from './commandKeys';

describe('newIdempotencyKey', () => {
  it('is a v4 UUID the API accepts (8–200 of A–Z a–z 0–9 . _ : -)', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(key);
  });

  it('falls back to getRandomValues where randomUUID is missing (plain http on a LAN address)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});

describe('createCommandKeys', () => {
  it('reuses the key for the same command until it is settled, then issues a fresh one', () => {
    let n = 0;
    const keys = createCommandKeys(() => `key-${++n}`);
    expect(keys.keyFor('A')).toBe('key-1');
    expect(keys.keyFor('A')).toBe('key-1');
    expect(keys.keyFor('B')).toBe('key-2');
    keys.settle('A');
    expect(keys.keyFor('A')).toBe('key-3');
  });
});

describe('isDefiniteAnswer', () => {
  it('treats 2xx and 4xx as final, no answer and 5xx as ambiguous', () => {
    expect([200, 201, 400, 401, 409, 422].every(isDefiniteAnswer)).toBe(true);
    expect([0, 500, 502, 503, 504].some(isDefiniteAnswer)).toBe(false);
  });
});
