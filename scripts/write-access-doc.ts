import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../domain/roles';
import { PUBLIC_ROUTES, ROUTES, allows } from '../api/access';

/** Renders the role × route matrix of api/access.ts as docs/access.md (`npm run docs:access`). */
export function renderAccessDoc(): string {
  const header = `| route | ${ROLES.join(' | ')} | what |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|---|`;
  const rows = ROUTES.map((r) => `| \`${r.method} ${r.path}\` | ${ROLES.map((role) => (allows(role, r.permission) ? '✔' : '—')).join(' | ')} | ${r.what} |`);
  return [
    '# Who may call what',
    '',
    'Generated from `api/access.ts` by `npm run docs:access`; a test fails when this file and the code disagree.',
    'The API answers 401 without a valid token and 403 for a role marked —. Inside an allowed route the',
    'workflow narrows further: a coordinator other than the proposer screens, only the proposer resubmits,',
    'only eligible board members (minus recusals) vote, and no one decides a step of their own proposal or',
    "verifies their own team's work (the separation-of-duties rule, `GET /api/separation-rules`).",
    '',
    '**Unit scope.** Every signed-in person, admins and auditors included, sees and acts on the units',
    '`unitsOf(user)` names (`domain/access.ts`): today their own ward or commune; a province role that',
    'oversees several units is one more branch there. A route that names a project, step, invitation,',
    'pledge, ledger entry, person, partner or declaration of another unit answers 404, as for one that',
    'does not exist (`api/unit-scope.ts`); every list and figure holds the caller\'s units only (each list',
    'of `api/lists.ts` declares its `unit`). SLA policy and quorum rule versions are installation-wide.',
    '',
    'Public (no token; every role and anyone else):',
    '',
    '| route | what |',
    '|---|---|',
    ...PUBLIC_ROUTES.map((r) => `| \`${r.method} ${r.path}\` | ${r.what} |`),
    '',
    'Signed in:',
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(join(__dirname, '..', 'docs', 'access.md'), renderAccessDoc());
  console.log('docs/access.md written');
}
