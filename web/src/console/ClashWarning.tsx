import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePatientAppointments, useServices } from '../lib/queries.ts';
import { clashesWith, firstVisitAfter, TRAVEL_MINUTES } from './clashes.ts';

/**
 * Warns before a booking or a move that the patient already has something then, or too close to travel,
 * and — for a follow-up (`followUpOf`: its service code) — that the first visit it follows comes later.
 */
export function ClashWarning({
  fiscalCode,
  slot,
  exceptId,
  followUpOf,
}: {
  fiscalCode: string;
  slot: { start: string; end: string; facility: { id: string } };
  exceptId?: string;
  followUpOf?: string;
}) {
  const { t, lang } = useI18n();
  const appointments = usePatientAppointments(fiscalCode);
  const services = useServices();
  const items = appointments.data?.items ?? [];
  const clashes = clashesWith(slot, items, exceptId);
  const branch = followUpOf && services.data?.items.find((s) => s.code === followUpOf)?.branch;
  const firstVisit = branch ? firstVisitAfter(slot, branch, items, exceptId) : null;
  if (clashes.length === 0 && !firstVisit) return null;
  return (
    <div className="alert alert-warning" role="alert" data-testid="clash-warning">
      <strong>{t('clash.title')}</strong>
      <ul className="mb-0">
        {firstVisit && (
          <li data-testid="follow-up-before-first">
            {t('clash.followUpFirst', {
              service: firstVisit.service.description,
              when: formatDateTime(firstVisit.start, lang),
            })}
          </li>
        )}
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
