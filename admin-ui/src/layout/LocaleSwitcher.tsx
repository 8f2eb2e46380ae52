import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useEffect } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { LOCALES, type AppLocale } from '../types';
import { asAppLocale } from '../i18n/locale';

/** VI | EN toggle; also keeps <html lang> right for screen readers and hyphenation. */
export const LocaleSwitcher = ({ color = 'inherit' }: { color?: string }) => {
  const [locale, setLocale] = useLocaleState();
  const translate = useTranslate();
  const current = asAppLocale(locale);

  useEffect(() => {
    document.documentElement.lang = current;
  }, [current]);

  return (
    <ToggleButtonGroup
      data-testid="locale-switcher"
      size="small"
      exclusive
      value={current}
      aria-label={translate('app.locale.label')}
      onChange={(_event, next: AppLocale | null) => {
        if (next) setLocale(next);
      }}
      sx={{
        mx: 1,
        '& .MuiToggleButton-root': { color, borderColor: 'currentColor', px: 1.25, py: 0.25 },
        '& .MuiToggleButton-root.Mui-selected': { fontWeight: 700 },
      }}
    >
      {LOCALES.map((option) => (
        <ToggleButton key={option} value={option} lang={option} aria-label={translate(`app.locale.${option}`)}>
          {option.toUpperCase()}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
};
