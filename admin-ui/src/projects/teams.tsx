import { useCallback } from 'react';
import { useGetList, useLocaleState } from 'react-admin';
import { asAppLocale } from '../i18n/locale';
import type { AppLocale, Team, Unit } from '../types';

const ALL_TEAMS = { pagination: { page: 1, perPage: 200 }, sort: { field: 'code', order: 'ASC' as const } };

export function teamLabel(team: Pick<Team, 'name' | 'nameVi'>, locale: AppLocale): string {
  return locale === 'vi' ? team.nameVi || team.name : team.name || team.nameVi;
}

/** Teams of a unit (or all), cached: every row of a list shares one request. */
export function useTeams(unitCode?: string) {
  return useGetList<Team>('teams', unitCode ? { ...ALL_TEAMS, filter: { unitCode } } : ALL_TEAMS, { staleTime: 5 * 60_000 });
}

export function useTeamName(): (unitCode: string, code: string) => string {
  const { data } = useTeams();
  const [locale] = useLocaleState();
  return useCallback(
    (unitCode, code) => {
      const team = data?.find((t) => t.code === code && t.unitCode === unitCode) ?? data?.find((t) => t.code === code);
      return team ? teamLabel(team, asAppLocale(locale)) : code;
    },
    [data, locale],
  );
}

export const TeamName = ({ unitCode, code }: { unitCode: string; code: string }) => {
  const teamName = useTeamName();
  return <span title={code}>{teamName(unitCode, code)}</span>;
};

/** A unit's name in the chosen language (the code until the list arrives, and on hover). */
export function useUnitName(): (code: string) => string {
  const { data } = useGetList<Unit>('units', ALL_TEAMS, { staleTime: 5 * 60_000 });
  const [locale] = useLocaleState();
  return useCallback(
    (code) => {
      const unit = data?.find((u) => u.code === code);
      return unit ? teamLabel(unit, asAppLocale(locale)) : code;
    },
    [data, locale],
  );
}

export const UnitName = ({ code }: { code: string }) => {
  const unitName = useUnitName();
  return (
    <span title={code} data-testid="unit-name">
      {unitName(code)}
    </span>
  );
};
