import type { LiveLine } from '../contact-centre/types.ts';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { formatCalendarDate, formatLongDate, formatTime } from '../lib/format.ts';
import { type LineChange, lineChange } from './lines.ts';

const CHANGE: Record<'open' | 'closed', Record<'today' | 'tomorrow' | 'later', MessageKey>> = {
  open: {
    today: 'wallboard.lines.openUntil',
    tomorrow: 'wallboard.lines.openUntilTomorrow',
    later: 'wallboard.lines.openUntilDay',
  },
  closed: {
    today: 'wallboard.lines.opensAt',
    tomorrow: 'wallboard.lines.opensTomorrow',
    later: 'wallboard.lines.opensOn',
  },
};

/** A line's state in a word (with its badge's colour) and what comes next, in words. */
function useDescribeLine() {
  const { t, lang } = useI18n();
  const describe = (line: LiveLine, change: LineChange): [string, string, string] => {
    switch (change.kind) {
      case 'redirect':
        return [
          t('wallboard.lines.retired'),
          'text-bg-warning',
          t('wallboard.lines.redirectUntil', { date: formatCalendarDate(change.until, lang) }),
        ];
      case 'ceased':
        return [
          t('wallboard.lines.ceased'),
          'text-bg-light',
          t('wallboard.lines.ceasedAfter', { date: formatCalendarDate(change.until, lang) }),
        ];
      default: {
        const state: [string, string] = line.open
          ? [t('wallboard.lines.open'), 'text-bg-success']
          : [t('wallboard.lines.closed'), 'text-bg-secondary'];
        if (change.kind === 'always') return [...state, t('wallboard.lines.always')];
        if (change.kind === 'never') return [...state, t('wallboard.lines.notOpening')];
        return [
          ...state,
          t(CHANGE[line.open ? 'open' : 'closed'][change.kind], {
            time: formatTime(new Date(change.at), lang),
            day: formatLongDate(new Date(change.at), lang),
          }),
        ];
      }
    }
  };
  return describe;
}

/**
 * MR-4, CC-4: each line open or closed now, and when that changes — so that a board of zeros on a Sunday,
 * a holiday or an evening says why, and when the calls will come.
 */
export function LinesNow({ lines, at }: { lines: LiveLine[]; at: number }) {
  const { t } = useI18n();
  const describe = useDescribeLine();
  return (
    <section aria-labelledby="wb-lines-title" className="mb-3" data-testid="wb-lines">
      <h2 className="h6 mb-1" id="wb-lines-title">
        {t('wallboard.lines.title')}
      </h2>
      <ul className="list-unstyled mb-0 small wb-lines">
        {lines.map((line) => {
          const change = lineChange(line, at);
          const [label, badge, next] = describe(line, change);
          return (
            <li key={line.number} data-line={line.number}>
              <strong>{line.name}</strong> ({line.number}) <span className={`badge ${badge}`}>{label}</span>{' '}
              {next}
              {/* A ceased number takes no calls: its channels say nothing. */}
              {change.kind !== 'ceased' &&
                ` · ${t('wallboard.lines.channels', { inUse: line.inUse, channels: line.channels })}`}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The same for the wall screen: the lines that take calls (a ceased number is left out), each in large
 * type with its state in words beside the colour and when it changes.
 */
export function TvLines({ lines, at }: { lines: LiveLine[]; at: number }) {
  const { t } = useI18n();
  const describe = useDescribeLine();
  const shown = lines.flatMap((line) => {
    const change = lineChange(line, at);
    return change.kind === 'ceased' ? [] : [{ line, change }];
  });
  return (
    <section aria-label={t('wallboard.lines.title')} className="wb-tv-lines" data-testid="tv-lines">
      <ul>
        {shown.map(({ line, change }) => {
          const [label, , next] = describe(line, change);
          const state = change.kind === 'redirect' ? 'retired' : line.open ? 'open' : 'closed';
          return (
            <li key={line.number} data-line={line.number}>
              <strong>{line.name}</strong>{' '}
              <span className="wb-tv-line-state" data-state={state}>
                {label}
              </span>{' '}
              {next}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
