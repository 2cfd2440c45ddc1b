import type { MessageKey, Translate } from '../i18n/i18n.tsx';
import { formatPercent, type Lang } from '../lib/format.ts';

// How a contract level is written wherever one is shown (the Report page, the wallboard).

const SERVICES = new Set(['cup', 'regionale', 'strutture']);

/** A line service's name in the app's language; a service the app does not know, as the server says. */
export const slaServiceName = (t: Translate, service: string) =>
  SERVICES.has(service) ? t(`sla.serviceName.${service}` as MessageKey) : service;

/** "almeno 90% entro 20 s", "al massimo 10%". */
export function slaThreshold(
  t: Translate,
  lang: Lang,
  r: { threshold: number; comparison: 'at-least' | 'at-most'; targetSeconds: number | null },
): string {
  const v = formatPercent(r.threshold, lang);
  const base = t(r.comparison === 'at-least' ? 'sla.atLeast' : 'sla.atMost', { v });
  return r.targetSeconds === null ? base : `${base} ${t('sla.within', { s: r.targetSeconds })}`;
}
