import type { Priority } from '../../registry/index.ts';

// BK-11: the checks an agenda must pass to be published as the CUP manager means it to be.

export type PublicationCode =
  | 'no-slots'
  | 'closure-open-slots'
  | 'closure-bookings'
  | 'reserved-class-without-slots'
  | 'service-not-in-catalogue';

/** One problem of an agenda: its code, how many places or bookings, which classes or services. */
export interface PublicationIssue {
  code: PublicationCode;
  count: number;
  items: string[];
}

/** What the database says about one agenda over the booking horizon. */
export interface PublicationFacts {
  /** The agenda is active and valid on some day of the horizon: only then is it meant to be bookable. */
  published: boolean;
  openSlots: number;
  /** Places still open on a day the agenda is closed, and bookings still standing on those days. */
  openSlotsOnClosures: number;
  bookingsOnClosures: number;
  /** Classes a weekly rule reserves places for, and the classes with an open place in the horizon. */
  reservedClasses: Priority[];
  reservedClassesWithSlots: Priority[];
  /** The agenda's service codes, and the codes the catalogue has. */
  serviceCodes: string[];
  catalogue: ReadonlySet<string>;
}

/** The publication problems of one agenda, in the order a manager would fix them. */
export function publicationChecks(f: PublicationFacts): PublicationIssue[] {
  const issues: PublicationIssue[] = [];
  const unknown = f.serviceCodes.filter((c) => !f.catalogue.has(c));
  if (unknown.length)
    issues.push({ code: 'service-not-in-catalogue', count: unknown.length, items: unknown });
  if (!f.published) return issues;
  if (f.openSlots === 0) issues.push({ code: 'no-slots', count: 0, items: [] });
  // A closure's days must offer nothing and hold no booking: both clash with it.
  if (f.openSlotsOnClosures > 0)
    issues.push({ code: 'closure-open-slots', count: f.openSlotsOnClosures, items: [] });
  if (f.bookingsOnClosures > 0)
    issues.push({ code: 'closure-bookings', count: f.bookingsOnClosures, items: [] });
  const missing = [...new Set(f.reservedClasses)]
    .filter((p) => !f.reservedClassesWithSlots.includes(p))
    .sort();
  if (f.openSlots > 0 && missing.length)
    issues.push({ code: 'reserved-class-without-slots', count: missing.length, items: missing });
  return issues;
}
