import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePatientAppointments } from '../lib/queries.ts';
import { clashesWith, TRAVEL_MINUTES } from './clashes.ts';

/** Warns before a booking or a move that the patient already has something then, or too close to travel. */
export function ClashWarning({
  fiscalCode,
  slot,
  exceptId,
}: {
  fiscalCode: string;
  slot: { start: string; end: string; facility: { id: string } };
  exceptId?: string;
}) {
  const { t, lang } = useI18n();
  const appointments = usePatientAppointments(fiscalCode);
  const clashes = clashesWith(slot, appointments.data?.items ?? [], exceptId);
  if (clashes.length === 0) return null;
  return (
    <div className="alert alert-warning" role="alert" data-testid="clash-warning">
      <strong>{t('clash.title')}</strong>
      <ul className="mb-0">
        {clashes.map(({ appointment: a, kind }) => (
          <li key={a.id}>
            {t(kind === 'same-time' ? 'clash.sameTime' : 'clash.tooClose', {
              service: a.service.description,
              when: formatDateTime(a.start, lang),
              place: a.facility.name,
              minutes: TRAVEL_MINUTES,
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
