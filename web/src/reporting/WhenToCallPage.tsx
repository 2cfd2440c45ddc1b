import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { Page } from '../components/Page.tsx';
import { type Translate, useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatTime } from '../lib/format.ts';
import type { Ok } from '../lib/openapi.ts';

type WhenToCall = Ok<'/api/v1/public/when-to-call', 'get'>;
type Face = NonNullable<WhenToCall['lines'][number]['bands'][number]['face']>;

const COLOURS: Record<Face, { fill: string; mouth: string }> = {
  short: { fill: '#008055', mouth: 'M8 14 Q12 18 16 14' },
  middling: { fill: '#a66300', mouth: 'M8 15 L16 15' },
  long: { fill: '#d9364f', mouth: 'M8 17 Q12 13 16 17' },
};

/** A coloured face; its meaning is always written next to it (colour is never the only cue). */
function FaceIcon({ face }: { face: Face }) {
  const c = COLOURS[face];
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="me-2">
      <circle cx="12" cy="12" r="11" fill={c.fill} />
      <circle cx="8.5" cy="9.5" r="1.5" fill="#fff" />
      <circle cx="15.5" cy="9.5" r="1.5" fill="#fff" />
      <path d={c.mouth} stroke="#fff" strokeWidth="2" fill="none" strokeLinecap="round" />
    </svg>
  );
}

const duration = (t: Translate, seconds: number | null) => {
  if (seconds === null) return '—';
  const m = Math.floor(seconds / 60);
  return m === 0 ? t('wtc.seconds', { s: seconds }) : t('wtc.minutes', { m, s: seconds % 60 });
};

/**
 * MR-6, public (no login; seed 001's "Quando è meglio telefonare?"): for each line, the wait to an answer
 * by hour band over the last weeks — least, average, most — and a face for the average, so a citizen can
 * choose when to call. Phone first; the same data as a table.
 */
export function WhenToCallPage() {
  const { t, lang } = useI18n();
  const id = useId();
  const q = useQuery({
    queryKey: ['public', 'when-to-call'],
    queryFn: () => apiRequest<WhenToCall>('GET', '/api/v1/public/when-to-call'),
    staleTime: 300_000,
  });
  const data = q.data;
  return (
    <Page title={t('wtc.title')}>
      {data?.label && (
        <div className="alert alert-warning" role="note">
          <em>{t('wtc.simulated')}</em>
        </div>
      )}
      <ErrorAlert error={q.error} />
      {q.isPending && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <p>{t('wtc.intro', { weeks: data.weeks })}</p>
          <p className="small">
            {t('wtc.legend', { short: data.thresholds.shortSeconds, long: data.thresholds.longSeconds })}
          </p>
          {data.lines.map((l) => (
            <section
              key={l.number}
              className="mb-4"
              aria-labelledby={`${id}-${l.service}`}
              data-testid="wtc-line"
            >
              <h2 id={`${id}-${l.service}`} className="h4">
                {t('wtc.line', { name: l.name, number: l.number })}
              </h2>
              {/* No scrolling box: the five columns wrap to fit a phone. */}
              <table className="table table-sm align-middle">
                <caption className="visually-hidden">{t('wtc.caption', { name: l.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('wtc.band')}</th>
                    <th scope="col">{t('wtc.face')}</th>
                    <th scope="col" className="text-end">
                      {t('wtc.min')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('wtc.avg')}
                    </th>
                    <th scope="col" className="text-end">
                      {t('wtc.max')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {l.bands.map((b) => (
                    <tr key={b.from}>
                      <th scope="row" className="fw-normal text-nowrap">
                        {b.from}–{b.to}
                      </th>
                      <td>
                        {b.face ? (
                          <>
                            <FaceIcon face={b.face} />
                            {t(`wtc.face.${b.face}`)}
                          </>
                        ) : (
                          t('wtc.noData')
                        )}
                      </td>
                      <td className="text-end text-nowrap">{duration(t, b.minSeconds)}</td>
                      <td className="text-end text-nowrap">{duration(t, b.avgSeconds)}</td>
                      <td className="text-end text-nowrap">{duration(t, b.maxSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
          <p className="small">{t('wtc.updated', { time: formatTime(data.computedAt, lang) })}</p>
        </>
      )}
    </Page>
  );
}
