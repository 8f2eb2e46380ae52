// Pieces the admin screens share: the user's language for the schema, the choices, the trail.
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useCallback } from 'react';
import { useGetList, useGetOne, useLocaleState, useNotify, useRefresh, useTranslate, type Validator } from 'react-admin';
import type { z } from 'zod';
import { CAPABILITIES } from '../../../domain/matching';
import { ROLES } from '../../../domain/roles';
import { PARTNER_KINDS } from '../../../domain/schemas';
import { asAppLocale } from '../i18n/locale';
import { useFormat } from '../i18n/useFormat';
import { teamLabel, useTeams } from '../projects/teams';
import { diffRecords, schemaErrors, showValue, type FieldChange } from './forms';
import type { AdminChange } from '../../../contract/types';

export const roleChoices = ROLES.map((role) => ({ id: role, name: `app.role.${role}` }));
export const capabilityChoices = CAPABILITIES.map((c) => ({ id: c, name: `app.capability.${c}` }));
export const kindChoices = PARTNER_KINDS.map((k) => ({ id: k, name: `app.admin.kind.${k}` }));

/** A react-admin form validator: the body the form will send, parsed by the API's schema in the user's language. */
export function useSchemaValidator(schema: z.ZodType, toBody: (values: Record<string, unknown>) => unknown) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return useCallback((values: Record<string, unknown>) => schemaErrors(schema, toBody(values), asAppLocale(locale), translate), [schema, toBody, locale, translate]);
}

/** Teams as choices, in the user's language (the select's empty option says "no team"). */
export function useTeamChoices() {
  const { data } = useTeams();
  const [locale] = useLocaleState();
  return (data ?? []).map((t) => ({ id: t.code, name: `${teamLabel(t, asAppLocale(locale))} (${t.code})` }));
}

export const noValidation: Validator[] = [];

/** After an edit is saved: say so and reload the record and its trail (the page stays). */
export function useSavedRefresh(): () => void {
  const notify = useNotify();
  const refresh = useRefresh();
  return () => {
    notify('app.admin.saved', { type: 'success' });
    refresh();
  };
}

/** Field-by-field old → new, as a table (new version preview, admin trail). */
export const ChangesTable = ({ changes, resource, beforeLabel, afterLabel, testId }: { changes: FieldChange[]; resource: string; beforeLabel: string; afterLabel: string; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.admin.preview_field')}</TableCell>
          <TableCell>{beforeLabel}</TableCell>
          <TableCell>{afterLabel}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map((c) => (
          <TableRow key={c.field} data-field={c.field}>
            <TableCell>{translate(`resources.${resource}.fields.${c.field}`, { _: c.field })}</TableCell>
            <TableCell sx={{ color: 'text.secondary', textDecoration: 'line-through' }}>{showValue(c.before)}</TableCell>
            <TableCell sx={{ fontWeight: 600 }}>{showValue(c.after)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const RESOURCE_OF: Record<string, string> = { users: 'users', partners: 'partners', board_members: 'board-members', conflicts_of_interest: 'conflicts-of-interest', sla_policies: 'sla-policies', quorum_rules: 'quorum-rules', consultation_policies: 'consultation-policies', units: 'units' };
const HIDDEN = new Set(['id', 'decisionCount', 'createdAt', 'updatedAt', 'current']);

export const ActorName = ({ userId }: { userId: string }) => {
  // The person by id (GET /api/users/:id), cached per person: a page of all users would miss anyone past it.
  const { data: person } = useGetOne<{ id: string; displayName: string }>('users', { id: userId }, { staleTime: 60_000, retry: false });
  return <span title={userId}>{person?.displayName ?? userId.slice(0, 8)}</span>;
};

/** One change of the trail: who, with which role, when, and each field before → after. */
export const TrailEntry = ({ change }: { change: AdminChange }) => {
  const translate = useTranslate();
  const format = useFormat();
  const changes = diffRecords(change.before, change.after).filter((c) => !HIDDEN.has(c.field));
  return (
    <Box data-testid="trail-entry" data-action={change.action} sx={{ mb: 2 }}>
      <Typography variant="body2">
        <strong>{translate(`app.admin.trail.${change.action === 'create' ? 'created' : change.action === 'update' ? 'updated' : 'deleted'}`)}</strong>
        {' · '}
        <ActorName userId={change.actorUserId} /> ({translate(`app.role.${change.actorRole}`, { _: change.actorRole })}) · {format.dateTime(change.changedAt)}
      </Typography>
      {changes.length ? (
        <ChangesTable changes={changes} resource={RESOURCE_OF[change.entity] ?? change.entity} beforeLabel={translate('resources.admin-changes.fields.before')} afterLabel={translate('resources.admin-changes.fields.after')} />
      ) : (
        <Typography variant="body2" color="text.secondary">{translate('app.admin.trail.nothing')}</Typography>
      )}
    </Box>
  );
};

/** The trail of one record (users, partners…), newest first; shown to the roles that may read the trail. */
export const AdminTrail = ({ entity, entityId }: { entity: string; entityId: string }) => {
  const translate = useTranslate();
  const { data, isPending } = useGetList<AdminChange & { id: number }>('admin-changes', { filter: { entity, entityId }, pagination: { page: 1, perPage: 50 }, sort: { field: 'id', order: 'DESC' } });
  return (
    <Box data-testid="admin-trail" sx={{ mt: 3 }}>
      <Typography variant="h6" gutterBottom>{translate('app.admin.trail.title')}</Typography>
      {!isPending && !data?.length && <Typography variant="body2" color="text.secondary">{translate('app.admin.trail.empty')}</Typography>}
      {data?.map((change) => <TrailEntry key={change.id} change={change} />)}
    </Box>
  );
};

export type { AdminChange };
