// What GET /api/ledger and GET /api/users answer (api/openapi.ts DecisionSchema, the users contract).
import type { Role } from '../types';

/** One row of the append-only ledger; hash = sha256(prevHash || canonical entry), domain/ledger.ts. */
export interface LedgerEntry {
  /** The seq, as react-admin's id. */
  id: number;
  seq: number;
  projectId: string;
  /** Added by the API with the ledger filters; older servers leave it out. */
  projectCode?: string | null;
  stepId: string;
  /** A step type, or the step a stage command acted on. */
  stepType: string;
  workflowId: string;
  runId: string;
  updateId: string;
  actorUserId: string;
  actorName: string;
  actorRole: Role;
  /** A decision (accept, approve, …) or a stage command's kind (pledge, cancel, …). */
  choice: string;
  rationale: string | null;
  evidence: string[];
  conflictOfInterest: string | null;
  policyVersion: number;
  decidedAt: string;
  details: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface Person {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  unitCode: string;
  teamCode: string | null;
  partnerId: string | null;
  active: boolean;
  decisionCount: number;
}
