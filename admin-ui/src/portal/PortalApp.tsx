import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  AppBar,
  Box,
  Button,
  Card,
  CardActionArea,
  CardContent,
  Chip,
  Container,
  CssBaseline,
  Divider,
  LinearProgress,
  Link,
  MenuItem,
  Rating,
  TextField,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Toolbar,
  Typography,
} from '@mui/material';
import { PROJECT_CATEGORIES, STAGES, type Stage } from '../../../domain/lifecycle';
import { FUNDING_SOURCES } from '../../../domain/funding';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { createFormatters } from '../i18n/format';
import type { AppLocale } from '../types';
import { fetchProject, fetchProjects, PortalError, sendComment, sendProposal, type CommentRatings, type PublicLedgerHead, type PublicProject, type PublicProjectDetail, type PublicProjectList } from './api';
import { portalEn, portalVi } from './messages';
import { answerDelay, fill, parsePortalPath, portalLocale, portalPath, shortHash, type PortalRoute } from './route';
import { COMMENTABLE_STAGES, VOICE_FACTORS } from '../../../domain/citizen-voice';

const LOCALE_KEY = 'donghanh.portal.locale';
const SOURCE_COLOURS: Record<(typeof FUNDING_SOURCES)[number], string> = { state: '#1565c0', private: '#6a1b9a', community: '#2e7d32', in_kind: '#ef6c00', volunteer_hours: '#00838f' };

type Words = { m: typeof portalEn | typeof portalVi; app: typeof en.app | typeof vi.app; f: ReturnType<typeof createFormatters>; locale: AppLocale };

type Load<T> = { state: 'loading' } | { state: 'error'; status: number } | { state: 'ready'; data: T };

function useLoad<T>(read: () => Promise<T>, deps: unknown[]): [Load<T>, (opts?: { quiet?: boolean }) => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // A reload after sending something keeps the page on screen until the new answer is in.
  const quiet = useRef(false);
  useEffect(() => {
    let live = true;
    if (!quiet.current) setLoad({ state: 'loading' });
    quiet.current = false;
    read().then(
      (data) => live && setLoad({ state: 'ready', data }),
      (err: unknown) => live && setLoad({ state: 'error', status: err instanceof PortalError ? err.status : 0 }),
    );
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  const reload = useCallback((opts?: { quiet?: boolean }) => {
    quiet.current = opts?.quiet ?? false;
    setAttempt((a) => a + 1);
  }, []);
  return [load, reload];
}

/** The public portal (R9, R19): no sign-in, Vietnamese first, phone-sized first. */
export function PortalApp() {
  const [locale, setLocale] = useState<AppLocale>(() => portalLocale(window.location.search, window.localStorage.getItem(LOCALE_KEY)));
  const [route, setRoute] = useState<PortalRoute>(() => parsePortalPath(window.location.pathname));
  const words: Words = useMemo(() => ({ m: locale === 'en' ? portalEn : portalVi, app: locale === 'en' ? en.app : vi.app, f: createFormatters(locale), locale }), [locale]);

  useEffect(() => {
    const onPop = () => setRoute(parsePortalPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${words.m.title} · Đồng Hành`;
  }, [locale, words]);

  const go = (next: PortalRoute) => {
    window.history.pushState(null, '', portalPath(next));
    setRoute(next);
    window.scrollTo(0, 0);
  };
  const switchLocale = (next: AppLocale) => {
    window.localStorage.setItem(LOCALE_KEY, next);
    const url = new URL(window.location.href);
    url.searchParams.delete('lang');
    window.history.replaceState(null, '', url.pathname + url.search);
    setLocale(next);
  };

  return (
    <>
      <CssBaseline />
      <AppBar position="static" color="primary" elevation={0}>
        <Toolbar sx={{ gap: 1, flexWrap: 'wrap', py: 1 }}>
          <Box sx={{ flex: 1, minWidth: 180 }}>
            <Link href="/portal" color="inherit" underline="none" onClick={(e) => (e.preventDefault(), go({ page: 'projects' }))}>
              <Typography variant="h6" component="h1" sx={{ lineHeight: 1.2 }}>
                {words.m.title}
              </Typography>
            </Link>
            <Typography variant="caption" sx={{ opacity: 0.85 }}>
              Đồng Hành
            </Typography>
          </Box>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={locale}
            aria-label={words.m.language}
            onChange={(_e, value: AppLocale | null) => value && switchLocale(value)}
            sx={{ bgcolor: 'rgba(255,255,255,0.9)' }}
          >
            <ToggleButton value="vi" data-testid="portal-lang-vi" lang="vi">
              VI
            </ToggleButton>
            <ToggleButton value="en" data-testid="portal-lang-en" lang="en">
              EN
            </ToggleButton>
          </ToggleButtonGroup>
        </Toolbar>
      </AppBar>
      <Container maxWidth="md" sx={{ py: 2, px: { xs: 1.5, sm: 3 } }}>
        {route.page === 'project' ? (
          <ProjectPage code={route.code} words={words} onBack={() => go({ page: 'projects' })} />
        ) : route.page === 'propose' ? (
          <ProposePage words={words} onBack={() => go({ page: 'projects' })} />
        ) : (
          <ProjectsPage words={words} onOpen={(code) => go({ page: 'project', code })} onPropose={() => go({ page: 'propose' })} />
        )}
      </Container>
    </>
  );
}

function Loading({ load, words, retry, children }: { load: Load<unknown>; words: Words; retry: (opts?: { quiet?: boolean }) => void; children: () => ReactNode }) {
  if (load.state === 'loading') return <LinearProgress aria-label={words.m.loading} />;
  if (load.state === 'error')
    return (
      <Alert severity={load.status === 404 ? 'info' : 'error'} action={load.status === 404 ? undefined : <Button onClick={() => retry()}>{words.m.retry}</Button>}>
        {load.status === 404 ? words.m.not_found : words.m.error}
      </Alert>
    );
  return <>{children()}</>;
}

function ProjectsPage({ words, onOpen, onPropose }: { words: Words; onOpen: (code: string) => void; onPropose: () => void }) {
  // The unit chooser (every unit, or one): kept in the address (?unit=) so a ward's link opens on its own projects.
  const [unit, setUnit] = useState<string>(() => new URLSearchParams(window.location.search).get('unit') ?? 'all');
  const [load, retry] = useLoad<PublicProjectList>(() => fetchProjects(words.locale, unit === 'all' ? undefined : unit), [words.locale, unit]);
  const [stage, setStage] = useState<Stage | 'all'>('all');
  const chooseUnit = (next: string) => {
    const url = new URL(window.location.href);
    if (next === 'all') url.searchParams.delete('unit');
    else url.searchParams.set('unit', next);
    window.history.replaceState(null, '', url.pathname + url.search);
    setStage('all');
    setUnit(next);
  };
  return (
    <Loading load={load} words={words} retry={retry}>
      {() => {
        const { projects, ledgerHead, units } = (load as { data: PublicProjectList }).data;
        const counts = new Map<Stage, number>(STAGES.map((s) => [s, projects.filter((p) => p.stage === s).length]));
        const shown = STAGES.filter((s) => (stage === 'all' ? counts.get(s)! > 0 : s === stage));
        return (
          <Stack spacing={2}>
            <Typography variant="body1" color="text.secondary">
              {words.m.subtitle}
            </Typography>
            <Box>
              <Button variant="contained" href="/portal/propose" onClick={(e: React.MouseEvent) => (e.preventDefault(), onPropose())} data-testid="portal-propose">
                {words.m.propose.button}
              </Button>
            </Box>
            {units.length > 1 ? (
              <TextField
                select
                size="small"
                label={words.m.unit}
                value={unit}
                onChange={(e) => chooseUnit(e.target.value)}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                sx={{ maxWidth: 320 }}
                data-testid="portal-unit"
              >
                <option value="all">{words.m.all_units}</option>
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {words.locale === 'en' ? u.name : u.nameVi}
                  </option>
                ))}
              </TextField>
            ) : null}
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} role="group" aria-label={words.m.all_projects}>
              <Chip label={`${words.m.all_projects} (${projects.length})`} color={stage === 'all' ? 'primary' : 'default'} onClick={() => setStage('all')} />
              {STAGES.filter((s) => counts.get(s)! > 0).map((s) => (
                <Chip key={s} label={`${words.app.stage[s]} (${counts.get(s)})`} color={stage === s ? 'primary' : 'default'} onClick={() => setStage(s)} data-testid={`portal-stage-${s}`} />
              ))}
            </Stack>
            {projects.length === 0 ? <Typography>{words.m.no_projects}</Typography> : null}
            {shown.map((s) => (
              <Box key={s} component="section" aria-labelledby={`stage-${s}`}>
                <Typography id={`stage-${s}`} variant="h6" component="h2" sx={{ mb: 1 }}>
                  {words.app.stage[s]} <Typography component="span" color="text.secondary">({counts.get(s)})</Typography>
                </Typography>
                <Stack spacing={1}>
                  {projects.filter((p) => p.stage === s).map((p) => (
                    <ProjectCard key={p.code} project={p} words={words} onOpen={() => onOpen(p.code)} />
                  ))}
                  {counts.get(s) === 0 ? <Typography color="text.secondary">{words.m.stage_empty}</Typography> : null}
                </Stack>
              </Box>
            ))}
            <LedgerHead head={ledgerHead} words={words} />
          </Stack>
        );
      }}
    </Loading>
  );
}

function teamName(project: PublicProject, words: Words): string {
  const team = project.leadTeam;
  if (!team) return project.leadTeamCode;
  return words.locale === 'en' ? team.name : team.nameVi;
}

function ProjectCard({ project, words, onOpen }: { project: PublicProject; words: Words; onOpen: () => void }) {
  return (
    <Card variant="outlined" data-testid="portal-project-card">
      <CardActionArea component="a" href={portalPath({ page: 'project', code: project.code })} onClick={(e: React.MouseEvent) => (e.preventDefault(), onOpen())}>
        <CardContent sx={{ py: 1.5 }}>
          <Typography variant="caption" color="text.secondary">
            {project.code} · {words.app.category[project.category]}
          </Typography>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, lineHeight: 1.3 }}>
            {project.title}
          </Typography>
          {project.inConsultation ? <Chip size="small" color="warning" label={words.m.consultation.chip} sx={{ my: 0.5 }} data-testid="portal-card-consultation" /> : null}
          <Typography variant="body2" color="text.secondary">
            {words.m.team}: {teamName(project, words)}
          </Typography>
          <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 2, mt: 0.5 }}>
            <Typography variant="body2">
              {words.m.budget}: <strong>{words.f.money(project.plannedBudgetVnd ?? project.requestedBudgetVnd)}</strong>
            </Typography>
            {project.pledgedVnd > 0 ? (
              <Typography variant="body2">
                {words.m.pledged}: <strong>{words.f.money(project.pledgedVnd)}</strong>
              </Typography>
            ) : null}
            {project.beneficiariesCount !== null ? (
              <Typography variant="body2">
                {words.m.beneficiaries}: <strong>{fill(words.m.beneficiaries_count, { count: project.beneficiariesCount.toLocaleString(words.locale === 'en' ? 'en-GB' : 'vi-VN') })}</strong>
              </Typography>
            ) : null}
          </Stack>
          {project.pledgedVnd > 0 ? <FundingBar project={project} words={words} compact /> : null}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

function FundingBar({ project, words, compact = false }: { project: PublicProject; words: Words; compact?: boolean }) {
  const total = project.fundingMix.reduce((sum, m) => sum + m.valueVnd, 0);
  if (total <= 0) return null;
  return (
    <Box sx={{ mt: 1 }}>
      <Box sx={{ display: 'flex', height: compact ? 6 : 12, borderRadius: 1, overflow: 'hidden', bgcolor: 'grey.200' }} role="img" aria-label={words.m.funding_mix}>
        {project.fundingMix.filter((m) => m.valueVnd > 0).map((m) => (
          <Box key={m.source} sx={{ width: `${(m.valueVnd / total) * 100}%`, bgcolor: SOURCE_COLOURS[m.source] }} />
        ))}
      </Box>
      {compact ? null : (
        <Stack component="ul" sx={{ listStyle: 'none', p: 0, m: 0, mt: 1 }} spacing={0.5}>
          {project.fundingMix.map((m) => (
            <Stack component="li" key={m.source} direction="row" sx={{ alignItems: 'center', gap: 1 }}>
              <Box sx={{ width: 12, height: 12, borderRadius: '2px', bgcolor: SOURCE_COLOURS[m.source], flex: 'none' }} />
              <Typography variant="body2" sx={{ flex: 1 }}>
                {words.app.funding_source[m.source]}
              </Typography>
              <Typography variant="body2">
                {words.f.money(m.valueVnd)} ({Math.round((m.valueVnd / total) * 100)}%)
              </Typography>
            </Stack>
          ))}
        </Stack>
      )}
    </Box>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Box component="section" data-testid={testId}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Evidence({ links, words }: { links: string[]; words: Words }) {
  if (!links.length) return null;
  return (
    <Typography variant="body2" component="div">
      {words.m.evidence}:{' '}
      {links.map((href, i) => (
        <span key={href}>
          {i > 0 ? ', ' : ''}
          <Link href={href} target="_blank" rel="noopener noreferrer nofollow" sx={{ wordBreak: 'break-all' }}>
            {href.replace(/^https?:\/\//, '')}
          </Link>
        </span>
      ))}
    </Typography>
  );
}

function ProjectPage({ code, words, onBack }: { code: string; words: Words; onBack: () => void }) {
  const [load, retry] = useLoad<PublicProjectDetail>(() => fetchProject(code, words.locale), [code, words.locale]);
  const { m, app, f } = words;
  return (
    <Stack spacing={2}>
      <Link href="/portal" onClick={(e) => (e.preventDefault(), onBack())}>
        ← {m.back}
      </Link>
      <Loading load={load} words={words} retry={retry}>
        {() => {
          const d = (load as { data: PublicProjectDetail }).data;
          const p = d.project;
          return (
            <Stack spacing={3} divider={<Divider flexItem />}>
              <Box>
                <Typography variant="caption" color="text.secondary">
                  {p.code} · {app.category[p.category]}
                </Typography>
                <Typography variant="h5" component="h2" sx={{ fontWeight: 600 }}>
                  {p.title}
                </Typography>
                <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, my: 1 }}>
                  <Chip size="small" color="primary" label={app.stage[p.stage]} data-testid="portal-stage" />
                  <Chip size="small" variant="outlined" label={`${m.team}: ${teamName(p, words)}`} />
                  {p.origin === 'residents' ? <Chip size="small" color="secondary" label={m.propose.residents} data-testid="portal-residents" /> : null}
                  {d.consultation && !d.consultation.submittedAt ? <Chip size="small" color="warning" label={m.consultation.chip} data-testid="portal-in-consultation" /> : null}
                  {p.outcome ? <Chip size="small" color="success" label={`${m.outcome}: ${m.outcomes[p.outcome]}`} /> : null}
                  {p.recommendation ? <Chip size="small" color="info" label={`${m.recommendation}: ${m.recommendations[p.recommendation]}`} /> : null}
                </Stack>
                <Typography variant="body1" sx={{ whiteSpace: 'pre-line' }}>
                  {p.summary}
                </Typography>
              </Box>
              {d.consultation ? (
                <Section title={m.consultation.title} testId="portal-consultation">
                  <Stack spacing={0.5}>
                    <Typography variant="body2" data-testid="portal-consultation-window">
                      {d.consultation.submittedAt
                        ? fill(m.consultation.closed, { date: f.dateTime(d.consultation.submittedAt) })
                        : fill(m.consultation.open_until, { date: f.dateTime(d.consultation.windowClosesAt) })}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {fill(m.consultation.why, { threshold: f.money(d.consultation.thresholdVnd) })}
                    </Typography>
                    <Typography variant="subtitle2">{m.consultation.front}</Typography>
                    {d.consultation.frontOpinion ? (
                      <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }} data-testid="portal-front-opinion">
                        {d.consultation.frontOpinion}
                        {d.consultation.frontLetterDate ? ` (${fill(m.consultation.letter, { date: f.date(`${d.consultation.frontLetterDate}T12:00:00+07:00`), ref: d.consultation.frontDocumentRef ?? '' })})` : ''}
                      </Typography>
                    ) : (
                      <Typography variant="body2" color="text.secondary">
                        {m.consultation.front_pending}
                      </Typography>
                    )}
                    {d.consultation.summary ? (
                      <>
                        <Typography variant="subtitle2">{m.consultation.summary}</Typography>
                        <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
                          {d.consultation.summary}
                        </Typography>
                      </>
                    ) : null}
                  </Stack>
                </Section>
              ) : null}
              <Section title={m.beneficiaries} testId="portal-beneficiaries">
                {p.beneficiariesDescription ? (
                  <Typography>
                    {p.beneficiariesDescription}
                    {p.beneficiariesCount !== null ? <strong> · {fill(m.beneficiaries_count, { count: p.beneficiariesCount.toLocaleString(words.locale === 'en' ? 'en-GB' : 'vi-VN') })}</strong> : null}
                  </Typography>
                ) : (
                  <Typography color="text.secondary">{m.beneficiaries_none}</Typography>
                )}
              </Section>
              <Section title={m.budget} testId="portal-budget">
                <Stack spacing={0.5}>
                  <Typography variant="body2">
                    {m.requested}: <strong>{f.money(p.requestedBudgetVnd)}</strong>
                  </Typography>
                  {p.plannedBudgetVnd !== null ? (
                    <Typography variant="body2">
                      {m.planned}: <strong>{f.money(p.plannedBudgetVnd)}</strong>
                    </Typography>
                  ) : null}
                  <Typography variant="body2">
                    {m.pledged}: <strong>{f.money(p.pledgedVnd)}</strong>
                    {p.nonStateShare !== null ? ` · ${m.non_state}: ${Math.round(p.nonStateShare * 100)}%` : ''}
                  </Typography>
                </Stack>
                {d.budgetLines.length ? (
                  <Box sx={{ mt: 1 }}>
                    <Typography variant="subtitle2">{m.budget_lines}</Typography>
                    {d.budgetLines.map((l) => (
                      <Stack key={l.position} direction="row" sx={{ justifyContent: 'space-between', gap: 1 }}>
                        <Typography variant="body2">{l.label}</Typography>
                        <Typography variant="body2">{f.money(l.amountVnd)}</Typography>
                      </Stack>
                    ))}
                  </Box>
                ) : null}
                {p.pledgedVnd > 0 ? (
                  <>
                    <Typography variant="subtitle2" sx={{ mt: 1 }}>
                      {m.funding_mix}
                    </Typography>
                    <FundingBar project={p} words={words} />
                  </>
                ) : null}
              </Section>
              <Section title={m.partners}>
                {d.partners.length ? (
                  <Stack spacing={0.5}>
                    {d.partners.map((x) => (
                      <Typography key={`${x.name}:${x.capability}`} variant="body2">
                        <strong>{x.name}</strong> · {app.capability[x.capability]} · {app.record_status[x.status as keyof typeof app.record_status] ?? x.status}
                      </Typography>
                    ))}
                  </Stack>
                ) : (
                  <Typography color="text.secondary">{m.no_partners}</Typography>
                )}
              </Section>
              <Section title={m.milestones}>
                {d.milestones.length ? (
                  <Stack spacing={1}>
                    {d.milestones.map((x) => (
                      <Box key={x.code}>
                        <Typography variant="body2">
                          <strong>{x.code}</strong> {x.title} · {app.record_status[x.status as keyof typeof app.record_status] ?? x.status} · {x.completedAt ? fill(m.completed_on, { date: f.date(x.completedAt) }) : fill(m.due, { date: f.date(x.dueAt) })}
                        </Typography>
                        <Evidence links={x.evidence} words={words} />
                      </Box>
                    ))}
                  </Stack>
                ) : (
                  <Typography color="text.secondary">{m.no_milestones}</Typography>
                )}
              </Section>
              <Section title={m.indicators} testId="portal-indicators">
                {d.indicators.length ? (
                  <Stack spacing={1.5}>
                    {d.indicators.map((x) => {
                      const span = x.target - x.baseline;
                      const progress = x.actual === null || span === 0 ? 0 : Math.max(0, Math.min(100, ((x.actual - x.baseline) / span) * 100));
                      return (
                        <Box key={x.code}>
                          <Typography variant="body2" sx={{ fontWeight: 600 }}>
                            {x.name} ({x.unit})
                          </Typography>
                          <Typography variant="body2">
                            {m.baseline} {x.baseline} → {m.target} {x.target} · {m.actual}: {x.actual === null ? m.not_measured : x.actual}
                          </Typography>
                          <LinearProgress variant="determinate" value={progress} sx={{ height: 6, borderRadius: 1, my: 0.5 }} />
                          <Evidence links={x.evidence} words={words} />
                        </Box>
                      );
                    })}
                  </Stack>
                ) : (
                  <Typography color="text.secondary">{m.no_indicators}</Typography>
                )}
              </Section>
              <Section title={m.decisions} testId="portal-decisions">
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {m.decisions_help}
                </Typography>
                {d.decisions.length ? (
                  <Stack spacing={1}>
                    {d.decisions.map((x) => (
                      <Card key={x.seq} variant="outlined">
                        <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                          <Typography variant="caption" color="text.secondary">
                            {fill(m.entry, { seq: x.seq })} · {f.dateTime(x.decidedAt)}
                          </Typography>
                          <Typography variant="body2">
                            <strong>{app.step_type[x.stepType]}</strong> · {app.role[x.actorRole]} · {app.choice[x.choice]}
                          </Typography>
                          <Typography variant="body2" color={x.rationale ? 'text.primary' : 'text.secondary'}>
                            {x.rationale || m.no_rationale}
                          </Typography>
                          <Evidence links={x.evidence} words={words} />
                        </CardContent>
                      </Card>
                    ))}
                  </Stack>
                ) : (
                  <Typography color="text.secondary">{m.no_decisions}</Typography>
                )}
              </Section>
              <Voice detail={d} words={words} onSent={() => retry({ quiet: true })} />
              <Section title={m.open_data} testId="portal-open-data">
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {m.open_data_help}
                </Typography>
                <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
                  {[
                    ['JSON', 'open-data.json'],
                    ['CSV', 'open-data.csv'],
                    ['IATI 2.03 (XML)', 'iati.xml'],
                  ].map(([label, file]) => (
                    <Button key={file} variant="outlined" size="small" href={`/api/public/projects/${encodeURIComponent(p.code)}/${file}`} download>
                      {label}
                    </Button>
                  ))}
                </Stack>
              </Section>
              <LedgerHead head={d.ledgerHead} words={words} />
            </Stack>
          );
        }}
      </Loading>
    </Stack>
  );
}

/** On every page: the chain's head now, so anyone can write it down and hold the ledger to it later. */
function LedgerHead({ head, words }: { head: PublicLedgerHead; words: Words }) {
  const { m, f } = words;
  return (
    <Box component="footer" data-testid="portal-ledger-head" sx={{ p: 1.5, bgcolor: 'grey.100', borderRadius: 1 }}>
      <Typography variant="subtitle2">{m.ledger.title}</Typography>
      <Typography variant="body2" sx={{ wordBreak: 'break-all' }} title={head.hash ?? undefined}>
        {head.hash ? (
          <>
            {fill(m.ledger.entry_head, { seq: head.seq })} · <Box component="span" sx={{ fontFamily: 'monospace' }}>{shortHash(head.hash)}</Box>
          </>
        ) : (
          m.ledger.empty
        )}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {head.signedHead ? fill(m.ledger.signed, { seq: head.signedHead.seq, date: f.dateTime(head.signedHead.signedAt) }) : m.ledger.unsigned}
      </Typography>
      <Box component="details" sx={{ mt: 0.5 }}>
        <Typography component="summary" variant="body2" sx={{ cursor: 'pointer' }}>
          {m.ledger.how}
        </Typography>
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          {head.howToVerify[words.locale]}
        </Typography>
        {head.hash ? (
          <Typography variant="caption" component="p" sx={{ fontFamily: 'monospace', wordBreak: 'break-all', mt: 0.5 }}>
            {head.hash}
          </Typography>
        ) : null}
      </Box>
    </Box>
  );
}

/** Residents rate the project on five factors and comment; the lead team's answers show with how long they took. */
function Voice({ detail, words, onSent }: { detail: PublicProjectDetail; words: Words; onSent: () => void }) {
  const { m, f, locale } = words;
  // R22: a plan in consultation takes comments until its window ends.
  const inConsultation = Boolean(detail.consultation && !detail.consultation.submittedAt);
  const open = (COMMENTABLE_STAGES as readonly string[]).includes(detail.project.stage) || inConsultation;
  const [ratings, setRatings] = useState<Partial<CommentRatings>>({});
  const [comment, setComment] = useState('');
  const [website, setWebsite] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'sent' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  // One key per filled-in form: pressing Send twice counts once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const complete = VOICE_FACTORS.every((k) => typeof ratings[k] === 'number');
  const submit = async () => {
    if (!complete) return;
    setState({ kind: 'sending' });
    try {
      await sendComment(detail.project.code, locale, { ratings: ratings as CommentRatings, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(website ? { website } : {}) }, key);
      setState({ kind: 'sent' });
      setRatings({});
      setComment('');
      setKey(crypto.randomUUID());
      onSent();
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : m.error });
    }
  };
  const rated = detail.comments.length;
  const average = (k: (typeof VOICE_FACTORS)[number]) => (rated ? detail.comments.reduce((sum, c) => sum + c[k], 0) / rated : 0);
  return (
    <Section title={m.voice.title} testId="portal-voice">
      {rated ? (
        <Box sx={{ mb: 2 }}>
          <Typography variant="body2" color="text.secondary">
            {fill(m.voice.average, { count: rated })}
          </Typography>
          {VOICE_FACTORS.map((k) => (
            <Stack key={k} direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', gap: 1 }}>
              <Typography variant="body2">{m.voice.factors[k]}</Typography>
              <Rating size="small" value={average(k)} precision={0.1} readOnly aria-label={`${m.voice.factors[k]}: ${average(k).toFixed(1)}`} />
            </Stack>
          ))}
        </Box>
      ) : null}
      {open ? (
        <Box component="form" onSubmit={(e) => (e.preventDefault(), void submit())} sx={{ p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, mb: 2, position: 'relative' }} data-testid="portal-voice-form">
          <Typography variant="body2" sx={{ mb: 1 }}>
            {m.voice.intro}
          </Typography>
          {VOICE_FACTORS.map((k) => (
            <Stack key={k} direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', gap: 1, flexWrap: 'wrap' }}>
              <Typography variant="body2" component="label" id={`factor-${k}`}>
                {m.voice.factors[k]}
              </Typography>
              <Rating name={k} value={ratings[k] ?? null} onChange={(_e, v) => setRatings((r) => ({ ...r, [k]: v ?? undefined }))} aria-labelledby={`factor-${k}`} data-testid={`portal-rate-${k}`} />
            </Stack>
          ))}
          <TextField label={m.voice.comment} value={comment} onChange={(e) => setComment(e.target.value)} multiline minRows={2} fullWidth size="small" sx={{ mt: 1 }} slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'portal-comment' } }} />
          {/* People never see this field; form-filling robots do (the API refuses what it carries). */}
          <Box aria-hidden sx={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
            <label>
              {m.voice.website}
              <input name="website" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
            </label>
          </Box>
          <Button type="submit" variant="contained" sx={{ mt: 1 }} disabled={!complete || state.kind === 'sending'} data-testid="portal-voice-send">
            {state.kind === 'sending' ? m.voice.sending : m.voice.send}
          </Button>
          {state.kind === 'sent' ? <Alert severity="success" sx={{ mt: 1 }}>{m.voice.sent}</Alert> : null}
          {state.kind === 'error' ? <Alert severity="error" sx={{ mt: 1 }}>{state.message}</Alert> : null}
        </Box>
      ) : (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          {m.voice.closed}
        </Typography>
      )}
      {detail.comments.filter((c) => c.comment).length ? (
        <Stack spacing={1} data-testid="portal-comments">
          {detail.comments
            .filter((c) => c.comment)
            .map((c) => {
              const delay = c.answeredAt ? answerDelay(c.submittedAt, c.answeredAt) : null;
              return (
                <Card key={c.id} variant="outlined" data-testid="portal-comment-card">
                  <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                    <Typography variant="caption" color="text.secondary">
                      {f.dateTime(c.submittedAt)}
                    </Typography>
                    <Typography variant="body2">{c.comment}</Typography>
                    {c.answer && delay ? (
                      <Box sx={{ mt: 1, pl: 1.5, borderLeft: 3, borderColor: 'primary.main' }}>
                        <Typography variant="caption" color="primary" data-testid="portal-answer-delay">
                          {fill(m.voice.answer, { delay: fill(m.delay[delay.unit], { n: delay.n }) })}
                        </Typography>
                        <Typography variant="body2">{c.answer}</Typography>
                      </Box>
                    ) : (
                      <Typography variant="caption" color="text.secondary">
                        {m.voice.waiting}
                      </Typography>
                    )}
                  </CardContent>
                </Card>
              );
            })}
        </Stack>
      ) : (
        <Typography color="text.secondary">{m.voice.none}</Typography>
      )}
    </Section>
  );
}

/** Residents and groups propose a project without an account (name and phone); it goes to screening. */
function ProposePage({ words, onBack }: { words: Words; onBack: () => void }) {
  const { m, app, locale } = words;
  const [load] = useLoad<PublicProjectList>(() => fetchProjects(locale), [locale]);
  const [form, setForm] = useState({ name: '', phone: '', title: '', summary: '', category: 'other', leadTeamCode: '', budget: '', who: '', count: '', website: '' });
  const [key] = useState(() => crypto.randomUUID());
  const [state, setState] = useState<{ kind: 'idle' | 'sending' } | { kind: 'sent'; code: string } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const teams = load.state === 'ready' ? load.data.teams : [];
  const submit = async () => {
    setState({ kind: 'sending' });
    try {
      const sent = await sendProposal(
        locale,
        {
          name: form.name,
          phone: form.phone,
          title: form.title,
          summary: form.summary,
          category: form.category,
          leadTeamCode: form.leadTeamCode,
          requestedBudgetVnd: Number(form.budget || 0),
          ...(form.who.trim() ? { beneficiaries: { who: form.who, count: Number(form.count || 0) } } : {}),
          ...(form.website ? { website: form.website } : {}),
        },
        key,
      );
      setState({ kind: 'sent', code: sent.code });
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : m.error });
    }
  };
  return (
    <Stack spacing={2} component="form" onSubmit={(e) => (e.preventDefault(), void submit())} data-testid="portal-propose-form" sx={{ position: 'relative' }}>
      <Link href="/portal" onClick={(e) => (e.preventDefault(), onBack())}>
        ← {m.back}
      </Link>
      <Typography variant="h5" component="h2">
        {m.propose.title}
      </Typography>
      <Typography color="text.secondary">{m.propose.intro}</Typography>
      <TextField required label={m.propose.name} value={form.name} onChange={set('name')} slotProps={{ htmlInput: { name: 'name', maxLength: 120 } }} />
      <TextField required label={m.propose.phone} value={form.phone} onChange={set('phone')} slotProps={{ htmlInput: { name: 'phone', inputMode: 'tel', maxLength: 20 } }} />
      <TextField required label={m.propose.project_title} value={form.title} onChange={set('title')} slotProps={{ htmlInput: { name: 'title', maxLength: 200 } }} />
      <TextField required multiline minRows={3} label={m.propose.summary} value={form.summary} onChange={set('summary')} slotProps={{ htmlInput: { name: 'summary', maxLength: 4000 } }} />
      <TextField select label={m.propose.category} value={form.category} onChange={set('category')} slotProps={{ htmlInput: { name: 'category' } }}>
        {PROJECT_CATEGORIES.map((c) => (
          <MenuItem key={c} value={c}>
            {app.category[c]}
          </MenuItem>
        ))}
      </TextField>
      <TextField select required label={m.propose.team} value={form.leadTeamCode} onChange={set('leadTeamCode')} slotProps={{ htmlInput: { name: 'leadTeamCode' } }} data-testid="portal-propose-team">
        {teams.map((t) => (
          <MenuItem key={t.code} value={t.code}>
            {locale === 'en' ? t.name : t.nameVi}
          </MenuItem>
        ))}
      </TextField>
      <TextField label={m.propose.budget} value={form.budget} onChange={set('budget')} slotProps={{ htmlInput: { name: 'budget', inputMode: 'numeric' } }} />
      <TextField label={m.propose.who} value={form.who} onChange={set('who')} slotProps={{ htmlInput: { name: 'who' } }} />
      <TextField label={m.propose.count} value={form.count} onChange={set('count')} slotProps={{ htmlInput: { name: 'count', inputMode: 'numeric' } }} />
      <Box aria-hidden sx={{ position: 'absolute', left: -10000, width: 1, height: 1, overflow: 'hidden' }}>
        <label>
          {m.voice.website}
          <input name="website" tabIndex={-1} autoComplete="off" value={form.website} onChange={set('website')} />
        </label>
      </Box>
      <Box>
        <Button type="submit" variant="contained" disabled={state.kind === 'sending' || state.kind === 'sent'} data-testid="portal-propose-send">
          {m.propose.send}
        </Button>
      </Box>
      {state.kind === 'sent' ? <Alert severity="success">{fill(m.propose.sent, { code: state.code })}</Alert> : null}
      {state.kind === 'error' ? <Alert severity="error">{state.message}</Alert> : null}
    </Stack>
  );
}
