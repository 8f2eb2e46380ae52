import { z } from 'zod';
import { ANCHOR_BREAK_REASONS, CHAIN_BREAK_REASONS } from '../domain/ledger';

/** The decision ledger's own answers: the chain's verdict (GET /api/ledger/verify) and a signed head. */

const SignedHeadSummarySchema = z
  .object({ seq: z.number().int(), hash: z.string(), at: z.string().meta({ description: 'When it was signed (ISO 8601).' }) })
  .meta({ description: 'A signed head of the chain: the entry it vouches for and its hash.' });

export const ChainVerdictSchema = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      checked: z.number().int().min(0),
      lastSeq: z.number().int().nullable(),
      lastHash: z.string(),
      anchors: z
        .object({ count: z.number().int().min(0), newest: SignedHeadSummarySchema.nullable() })
        .optional()
        .meta({ description: 'The signed heads the chain was held against, and the newest; absent when no signing key is configured.' }),
    }),
    z.object({
      ok: z.literal(false),
      checked: z.number().int().min(0),
      brokenAtSeq: z.number().int(),
      reason: z.enum([...CHAIN_BREAK_REASONS, ...ANCHOR_BREAK_REASONS]).meta({
        description:
          'hash_mismatch, prev_hash_mismatch, sequence_gap: the chain itself is broken. anchor_mismatch: an anchored entry no longer has its signed hash (the chain was rewritten and recomputed; expected is the signed hash). truncated: entries up to a signed head are gone (brokenAtSeq is the first missing; expected the signed seq, found the last present). anchor_signature_invalid: an anchor fails its signature (expected our key id, found the one it claims). anchor_missing: a signed head in the outside log is not in the database (anchor rows deleted). anchor_not_in_log: the reverse.',
      }),
      expected: z.string(),
      found: z.string(),
      anchor: SignedHeadSummarySchema.optional(),
    }),
  ])
  .meta({ description: 'Result of walking the hash chain from the first entry and holding it against the signed heads; names the first problem.' });

export const PublishedHeadSchema = z
  .object({
    published: z.boolean().meta({ description: 'false when the ledger is still empty (reason empty).' }),
    reason: z.enum(['empty', 'unchanged']).optional(),
    anchor: SignedHeadSummarySchema.extend({
      keyId: z.string().meta({ description: 'First 16 hex digits of the SHA-256 of the Ed25519 public key.' }),
      jws: z.string().meta({ description: 'Compact JWS (EdDSA) of the canonical JSON {seq, hash, at}.' }),
      trigger: z.enum(['daily', 'on_demand']),
    }).nullable(),
  })
  .meta({ description: 'The head just signed, also kept in the database and in the log outside it.' });
