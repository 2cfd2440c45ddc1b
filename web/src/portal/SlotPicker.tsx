import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorAlert } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { apiRequest } from '../lib/api.ts';
import { formatLongDate, formatTime, romeDayStart } from '../lib/format.ts';
import {
  type AvailabilityAsk,
  type KioskFacility,
  type PortalAvailability,
  type PortalSlot,
  portal,
} from './api.ts';

type Ask = Omit<AvailabilityAsk, 'itemIndex'>;

/**
 * The region's first availability for one item: each facility's first free slot, nearest to the
 * citizen's municipality first (the residence on record unless they choose another), or by date. Each
 * sort is labelled as what it is; the guarantee of the priority class is said in words.
 */
export function SlotPicker({
  scope,
  load,
  priority,
  onChoose,
  choosing,
  onNothingWithinGuarantee,
}: {
  /** What the list is for (an item, a move): its cache key. */
  scope: string;
  load: (ask: Ask) => Promise<PortalAvailability>;
  priority: string;
  onChoose: (slot: PortalSlot) => void;
  choosing: boolean;
  onNothingWithinGuarantee?: (() => void) | undefined;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [ask, setAsk] = useState<Ask>({});
  const [day, setDay] = useState('');
  const facilities = useQuery({
    queryKey: ['kiosk', 'facilities'],
    queryFn: () => apiRequest<{ items: KioskFacility[] }>('GET', '/api/v1/kiosk/facilities'),
    staleTime: 3_600_000,
  });
  const districts = [...new Set(facilities.data?.items.map((f) => f.district) ?? [])].sort();
  const municipalities = useQuery({
    queryKey: ['portal', 'municipalities'],
    queryFn: portal.municipalities,
    staleTime: 3_600_000,
  });
  const slots = useQuery({
    queryKey: ['portal', 'slots', scope, ask],
    queryFn: () => load(ask),
    retry: false,
  });
  const a = slots.data;
  const origin = ask.municipality ?? a?.origin?.code ?? '';

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="h4">
        {t('portal.slots.title')}
      </h2>
      {a?.guaranteeDeadline && (
        <p>
          {t('portal.slots.guarantee', {
            priority: t(`portal.priority.${priority}` as 'portal.priority.D'),
            date: formatLongDate(a.guaranteeDeadline, lang),
          })}
        </p>
      )}
      <div className="row g-3 mb-3">
        <div className="col-sm-6">
          <div className="select-wrapper">
            <label htmlFor={`${id}-from`}>{t('portal.slots.origin')}</label>
            <select
              id={`${id}-from`}
              value={origin}
              onChange={(e) => setAsk((q) => ({ ...q, municipality: e.target.value || undefined }))}
            >
              <option value="">{t('portal.slots.originNone')}</option>
              {municipalities.data?.items.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name} ({m.province})
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-sm-6">
          <div className="select-wrapper">
            <label htmlFor={`${id}-sort`}>{t('portal.slots.sort')}</label>
            <select
              id={`${id}-sort`}
              value={ask.sort ?? 'distance'}
              onChange={(e) => setAsk((q) => ({ ...q, sort: e.target.value as 'distance' | 'date' }))}
            >
              <option value="distance">{t('portal.slots.sortDistance')}</option>
              <option value="date">{t('portal.slots.sortDate')}</option>
            </select>
          </div>
        </div>
      </div>
      <div className="row g-3 mb-3">
        <div className="col-sm-4">
          <div className="select-wrapper">
            <label htmlFor={`${id}-district`}>{t('portal.slots.district')}</label>
            <select
              id={`${id}-district`}
              value={ask.district ?? ''}
              onChange={(e) =>
                setAsk((q) => ({ ...q, district: e.target.value || undefined, facility: undefined }))
              }
            >
              <option value="">{t('portal.slots.any')}</option>
              {districts.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-sm-4">
          <div className="select-wrapper">
            <label htmlFor={`${id}-facility`}>{t('portal.slots.facility')}</label>
            <select
              id={`${id}-facility`}
              value={ask.facility ?? ''}
              onChange={(e) => setAsk((q) => ({ ...q, facility: e.target.value || undefined }))}
            >
              <option value="">{t('portal.slots.any')}</option>
              {facilities.data?.items
                .filter((f) => !ask.district || f.district === ask.district)
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
            </select>
          </div>
        </div>
        <div className="col-sm-4">
          <div className="form-group mb-0">
            <label htmlFor={`${id}-day`} className="active">
              {t('portal.slots.fromDay')}
            </label>
            <input
              id={`${id}-day`}
              type="date"
              className="form-control"
              value={day}
              onChange={(e) => {
                setDay(e.target.value);
                setAsk((q) => ({ ...q, from: e.target.value ? romeDayStart(e.target.value) : undefined }));
              }}
            />
          </div>
        </div>
      </div>
      {slots.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorAlert error={slots.error} />
      {a && (
        <>
          <p className="small" role="status">
            {a.sort === 'distance' && a.origin
              ? t('portal.slots.sortedByDistance', { place: a.origin.name, n: a.items.length })
              : t('portal.slots.sortedByDate', { n: a.items.length })}
          </p>
          {a.nothingWithinGuarantee && (
            <div className="alert alert-warning" role="alert">
              <p className="mb-2">{t('portal.slots.nothingWithin')}</p>
              {onNothingWithinGuarantee && (
                <button
                  type="button"
                  className="btn btn-outline-primary btn-sm"
                  onClick={onNothingWithinGuarantee}
                >
                  {t('portal.slots.protection')}
                </button>
              )}
            </div>
          )}
          {a.items.length === 0 && <p>{t('portal.slots.none')}</p>}
          <ul className="list-unstyled">
            {a.items.map((s) => (
              <li key={s.slotId} className="card shadow-sm mb-3">
                <div className="card-body d-flex flex-column flex-sm-row justify-content-between gap-2">
                  <div>
                    <h3 className="h5 mb-1">{s.facility.name}</h3>
                    <p className="mb-1">
                      {s.facility.address}
                      {s.facility.distanceKm !== null &&
                        a.origin &&
                        ` · ${t('portal.slots.distance', {
                          km: s.facility.distanceKm.toLocaleString(lang === 'it' ? 'it-IT' : 'en-GB', {
                            maximumFractionDigits: 1,
                          }),
                          place: a.origin.name,
                        })}`}
                    </p>
                    <p className="mb-1 fw-semibold">
                      {t('portal.slots.when', {
                        day: formatLongDate(s.start, lang),
                        time: formatTime(s.start, lang),
                      })}
                    </p>
                    {s.withinGuarantee !== null && (
                      <span className={`badge ${s.withinGuarantee ? 'bg-success' : 'bg-secondary'}`}>
                        {s.withinGuarantee ? t('portal.slots.within') : t('portal.slots.beyond')}
                      </span>
                    )}
                  </div>
                  <div className="align-self-sm-center">
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={choosing}
                      onClick={() => onChoose(s)}
                      aria-label={t('portal.slots.chooseLabel', {
                        place: s.facility.name,
                        day: formatLongDate(s.start, lang),
                        time: formatTime(s.start, lang),
                      })}
                    >
                      {t('portal.slots.choose')}
                    </button>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
