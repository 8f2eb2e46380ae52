// Bar charts drawn with MUI boxes: no chart library, so nothing is added to the console's bundles.
import { Box, Link, Tooltip, Typography } from '@mui/material';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { barPercent, type Tone } from './figures';

export const toneColor = (tone: Tone): string => (tone === 'neutral' ? 'grey.400' : `${tone}.main`);

export interface BarRow {
  key: string;
  label: ReactNode;
  value: number;
  /** The value as the user reads it (formatted, with its unit). */
  valueText: string;
  color?: string;
  hint?: string;
  /** Where the things counted are listed (the steps behind the bar). */
  to?: string;
}

/** One horizontal bar per row, scaled to the largest value (or `max`). */
export const HorizontalBars = ({ rows, max, testId }: { rows: BarRow[]; max?: number; testId?: string }) => {
  const top = max ?? Math.max(0, ...rows.map((r) => r.value));
  return (
    <Box component="ul" data-testid={testId} sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1 }}>
      {rows.map((row) => (
        <Box component="li" key={row.key} data-key={row.key} sx={{ display: 'grid', gridTemplateColumns: 'minmax(7rem, 38%) 1fr auto', alignItems: 'center', gap: 1 }}>
          <Typography variant="body2" noWrap title={typeof row.label === 'string' ? row.label : undefined}>
            {row.to ? (
              <Link component={RouterLink} to={row.to} data-testid="figure-link">
                {row.label}
              </Link>
            ) : (
              row.label
            )}
          </Typography>
          <Tooltip title={row.hint ?? ''} disableHoverListener={!row.hint}>
            <Box sx={{ height: 14, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }}>
              <Box sx={{ height: '100%', width: `${barPercent(row.value, top)}%`, bgcolor: row.color ?? 'primary.main', borderRadius: 1 }} />
            </Box>
          </Tooltip>
          <Typography variant="body2" sx={{ minWidth: '3.5rem', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
            {row.valueText}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};

export interface Column {
  key: string;
  label: string;
  /** 0..1, or null when there is nothing to show for this column. */
  fraction: number | null;
  valueText: string;
  detail: string;
  tone: Tone;
}

/**
 * Vertical bars on a 0–100% scale, one per column (months); an empty column shows a dash. Scrolled
 * to the newest column, so a narrow screen shows the current month first.
 */
export const FractionColumns = ({ columns, height = 160, testId }: { columns: Column[]; height?: number; testId?: string }) => {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (box.current) box.current.scrollLeft = box.current.scrollWidth;
  }, [columns.length]);
  return (
    <Box ref={box} data-testid={testId} sx={{ display: 'flex', alignItems: 'flex-end', gap: 1, overflowX: 'auto', pb: 1 }}>
      {columns.map((column) => (
        <Tooltip key={column.key} title={column.detail}>
          <Box data-key={column.key} sx={{ flex: '1 0 3.5rem', display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 0.5 }}>
            <Typography variant="caption" sx={{ fontVariantNumeric: 'tabular-nums' }}>
              {column.valueText}
            </Typography>
            <Box sx={{ height, width: '100%', maxWidth: 48, display: 'flex', alignItems: 'flex-end', bgcolor: 'action.hover', borderRadius: 1 }}>
              <Box sx={{ width: '100%', height: `${(column.fraction ?? 0) * 100}%`, bgcolor: toneColor(column.tone), borderRadius: 1 }} />
            </Box>
            <Typography variant="caption" color="text.secondary" noWrap>
              {column.label}
            </Typography>
          </Box>
        </Tooltip>
      ))}
    </Box>
  );
};

export interface Segment {
  key: string;
  label: string;
  /** Part of the whole, 0..1. */
  share: number;
  color: string;
  detail: string;
}

/** One bar split into parts of a whole, with a marker line at `marker` (0..1 from the left). */
export const StackedBar = ({ segments, marker, markerLabel, testId }: { segments: Segment[]; marker?: number; markerLabel?: string; testId?: string }) => (
  <Box data-testid={testId}>
    <Box sx={{ position: 'relative', height: 28, display: 'flex', borderRadius: 1, overflow: 'hidden', bgcolor: 'action.hover' }}>
      {segments.map((segment) => (
        <Tooltip key={segment.key} title={segment.detail}>
          <Box data-key={segment.key} sx={{ width: `${segment.share * 100}%`, bgcolor: segment.color }} />
        </Tooltip>
      ))}
      {marker !== undefined && <Box aria-hidden sx={{ position: 'absolute', top: 0, bottom: 0, left: `${marker * 100}%`, borderLeft: '3px dashed', borderColor: 'text.primary' }} />}
    </Box>
    {marker !== undefined && markerLabel && (
      <Box sx={{ position: 'relative', height: 20 }}>
        <Typography variant="caption" sx={{ position: 'absolute', left: `${marker * 100}%`, transform: 'translateX(-50%)', whiteSpace: 'nowrap' }}>
          {markerLabel}
        </Typography>
      </Box>
    )}
    <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, mt: 1, display: 'flex', flexWrap: 'wrap', gap: 2 }}>
      {segments.map((segment) => (
        <Box component="li" key={segment.key} sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
          <Box aria-hidden sx={{ width: 12, height: 12, borderRadius: 0.5, bgcolor: segment.color }} />
          <Typography variant="body2">
            {segment.label}: {segment.detail}
          </Typography>
        </Box>
      ))}
    </Box>
  </Box>
);
