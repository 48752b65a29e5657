import { useState, type FormEvent } from 'react';
import {
  FunnelDocument,
  type Dimension,
  type FunnelCountBy,
  type FunnelMode,
  type FunnelQuery,
  type FunnelQueryVariables,
  type FunnelStepInput,
} from '../../../client/generated/graphql';
import { useQuery } from '../api/use-query';
import type { CsvSource } from '../api/csv';
import { useSignedIn } from '../auth/session-context';
import { EVENT_TYPES } from '../catalogue';
import { FunnelView, funnelCsv } from '../components/FunnelView';
import { QueryPanel, StaticPanel } from '../components/Panel';
import { csvName, exportPeriod, usePeriod } from '../period/period-context';

interface StepDraft {
  eventType: string;
  courseId: string;
}

const WINDOWS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
];

const BREAKDOWNS: { value: Dimension | ''; label: string; adminOnly?: boolean }[] = [
  { value: '', label: 'none' },
  { value: 'PLATFORM', label: 'platform' },
  { value: 'COUNTRY', label: 'country' },
  { value: 'UTM_SOURCE', label: 'UTM source' },
  { value: 'UTM_CAMPAIGN', label: 'UTM campaign' },
  { value: 'COMPANY', label: 'company', adminOnly: true },
];

const START: StepDraft[] = [
  { eventType: 'user.registered', courseId: '' },
  { eventType: 'course.enrolled', courseId: '' },
  { eventType: 'lesson.completed', courseId: '' },
  { eventType: 'course.completed', courseId: '' },
];

type Settings = Omit<FunnelQueryVariables, 'period'>;

function settingsOf(steps: StepDraft[], window: number, mode: FunnelMode, countBy: FunnelCountBy, breakdownBy: Dimension | ''): Settings {
  const inputs: FunnelStepInput[] = steps.map((s) =>
    s.courseId.trim() ? { eventType: s.eventType, courseId: s.courseId.trim() } : { eventType: s.eventType },
  );
  return { steps: inputs, window, mode, countBy, breakdownBy: breakdownBy || null };
}

/** The API's funnel export takes event types only; steps filtered by course are written here. */
function csvOf(settings: Settings, period: FunnelQueryVariables['period']): (data: FunnelQuery) => CsvSource {
  const steps = Array.isArray(settings.steps) ? settings.steps : [settings.steps];
  const plain = steps.every((s) => !s.courseId);
  return (data) =>
    plain
      ? {
          kind: 'server',
          report: 'funnel',
          params: {
            ...exportPeriod(period),
            step: steps.map((s) => s.eventType),
            window: settings.window ?? undefined,
            mode: settings.mode ?? undefined,
            countBy: settings.countBy ?? undefined,
            breakdownBy: settings.breakdownBy ?? undefined,
          },
        }
      : funnelCsv(data.funnel, csvName('funnel', period));
}

export function FunnelBuilderPage() {
  const session = useSignedIn();
  const { period } = usePeriod();
  const [steps, setSteps] = useState<StepDraft[]>(START);
  const [window, setWindow] = useState(7 * 86_400);
  const [mode, setMode] = useState<FunnelMode>('ORDERED');
  const [countBy, setCountBy] = useState<FunnelCountBy>('USER');
  const [breakdownBy, setBreakdownBy] = useState<Dimension | ''>('');
  // What ran last: editing the form does not re-run the funnel until "Run" (raw-event queries are the expensive ones).
  const [applied, setApplied] = useState<Settings>(() => settingsOf(START, 7 * 86_400, 'ORDERED', 'USER', ''));
  const query = useQuery(FunnelDocument, { period, ...applied });

  const update = (i: number, patch: Partial<StepDraft>) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) =>
    setSteps((all) => {
      const next = [...all];
      const [step] = next.splice(i, 1);
      next.splice(i + by, 0, step);
      return next;
    });

  function run(event: FormEvent) {
    event.preventDefault();
    setApplied(settingsOf(steps, window, mode, countBy, breakdownBy));
  }

  const breakdownLabel = BREAKDOWNS.find((b) => b.value === (applied.breakdownBy ?? ''))?.label;

  return (
    <div className="grid">
      <StaticPanel id="funnel-builder" title="Funnel builder" wide>
        <form className="funnel-form" onSubmit={run}>
          <ol className="steps">
            {steps.map((step, i) => (
              <li key={i} data-step-editor={i + 1}>
                <label>
                  <span className="visually-hidden">Step {i + 1} event</span>
                  <select value={step.eventType} onChange={(e) => update(i, { eventType: e.target.value })} aria-label={`Step ${i + 1} event`}>
                    {EVENT_TYPES.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </label>
                <input
                  value={step.courseId}
                  onChange={(e) => update(i, { courseId: e.target.value })}
                  placeholder="any course"
                  aria-label={`Step ${i + 1} course id`}
                />
                <span className="step-buttons">
                  <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move step ${i + 1} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => move(i, 1)} disabled={i === steps.length - 1} aria-label={`Move step ${i + 1} down`}>
                    ↓
                  </button>
                  <button
                    type="button"
                    onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}
                    disabled={steps.length <= 2}
                    aria-label={`Remove step ${i + 1}`}
                  >
                    ×
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <div className="form-row">
            <button type="button" onClick={() => setSteps((all) => [...all, { eventType: 'course.completed', courseId: '' }])} disabled={steps.length >= 20}>
              Add step
            </button>
            <label>
              Within{' '}
              <select value={window} onChange={(e) => setWindow(Number(e.target.value))} aria-label="Conversion window">
                {WINDOWS.map((w) => (
                  <option key={w.seconds} value={w.seconds}>
                    {w.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Order{' '}
              <select value={mode} onChange={(e) => setMode(e.target.value as FunnelMode)} aria-label="Step order">
                <option value="ORDERED">in order</option>
                <option value="STRICT_ORDER">strict order</option>
                <option value="UNORDERED">any order</option>
              </select>
            </label>
            <label>
              Count{' '}
              <select value={countBy} onChange={(e) => setCountBy(e.target.value as FunnelCountBy)} aria-label="Count by">
                <option value="USER">learners</option>
                <option value="SESSION">sessions</option>
              </select>
            </label>
            <label>
              Break down by{' '}
              <select value={breakdownBy} onChange={(e) => setBreakdownBy(e.target.value as Dimension | '')} aria-label="Break down by">
                {BREAKDOWNS.filter((b) => !b.adminOnly || !session.partner).map((b) => (
                  <option key={b.value} value={b.value}>
                    {b.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary">
              Run
            </button>
          </div>
        </form>
      </StaticPanel>
      <QueryPanel
        id="funnel"
        title="Funnel"
        subtitle="Each step counts those who did every step before it within the window"
        query={query}
        wide
        csv={csvOf(applied, period)}
      >
        {(data) => <FunnelView funnel={data.funnel} breakdownLabel={breakdownLabel} />}
      </QueryPanel>
    </div>
  );
}
