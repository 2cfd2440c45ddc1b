import type { Channel, RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import { facilityDistanceKm, findMunicipality, getService, listFacilities } from '../../registry/index.ts';
import type { Availability, AvailabilityQuery, AvailableSlot, Priority } from '../rules/booking.types.ts';
import { guaranteeDeadline } from '../rules/guarantee.ts';
import * as slots from './slot.repository.ts';

/**
 * BK-3 / BK-4: first availability across the region, each slot flagged against the guarantee. The
 * verdict `nothingWithinGuarantee` is about the region's availability (for the class and channel), not
 * the view the caller filtered by date, district or facility: a caller who asks for later dates still
 * has an in-guarantee slot on offer, and declining it is recorded, not a protection-path case.
 */
export async function findAvailability(
  db: Db,
  ctx: RequestContext,
  q: AvailabilityQuery,
): Promise<Availability> {
  const limit = Math.min(Math.max(q.limit ?? 10, 1), 100);
  const found = await search(db, ctx, q, { limit });
  const judged = await judge(db, ctx, q, found);
  return q.near ? withDistances(db, judged, q.near) : judged;
}

/**
 * The distance of each slot's facility from a municipality (the patient's residence), so the console can
 * order by it and say so (issue 14 §7). The order stays soonest first: the caller sorts.
 */
async function withDistances(db: Db, a: Availability, near: string): Promise<Availability> {
  const [origin, facilities] = await Promise.all([
    findMunicipality(db, near.toUpperCase()),
    listFacilities(db),
  ]);
  if (!origin) throw invalidField('near', `unknown municipality ${near}`);
  const byId = new Map(facilities.map((f) => [f.id, f]));
  return {
    ...a,
    origin: { code: origin.belfioreCode, name: origin.name },
    items: a.items.map((s) => {
      const f = byId.get(s.facility.id);
      return { ...s, facility: { ...s.facility, distanceKm: f ? facilityDistanceKm(origin, f) : null } };
    }),
  };
}

/** The free slots of a query (from now at the earliest) and the class's guarantee deadline. */
async function search(
  db: Db,
  ctx: RequestContext,
  q: Omit<AvailabilityQuery, 'limit'>,
  shape: { limit: number; perAgenda?: number },
) {
  const service = await getService(db, q.service, 'service');
  const now = ctx.clock.now();
  const from = q.from && q.from > now ? q.from : now;
  const deadline = q.priority
    ? guaranteeDeadline(await slots.loadGuaranteeRules(db), q.priority, service.kind, now)
    : null;
  const rows = await slots.searchFreeSlots(db, {
    service: service.code,
    from,
    now,
    priority: q.priority ?? null,
    district: q.district ?? null,
    facility: q.facility ?? null,
    channel: q.channel ?? null,
    ...shape,
  });
  return { serviceCode: service.code, rows, deadline, filtered: from > now || !!q.district || !!q.facility };
}

/**
 * The slots flagged against the guarantee, and the region's verdict: when the view was filtered and shows
 * nothing inside the guarantee, the region's soonest slot for the class and channel is asked for.
 */
async function judge(
  db: Db,
  ctx: RequestContext,
  q: Omit<AvailabilityQuery, 'limit'>,
  o: {
    serviceCode: string;
    rows: Omit<AvailableSlot, 'withinGuarantee'>[];
    deadline: Date | null;
    filtered: boolean;
  },
): Promise<Availability> {
  const { deadline } = o;
  const items = o.rows.map((r) => ({ ...r, withinGuarantee: deadline ? r.start <= deadline : null }));
  let firstWithinGuarantee = items.find((i) => i.withinGuarantee)?.start ?? null;
  if (deadline && q.priority && !firstWithinGuarantee && o.filtered) {
    const first = await firstOffered(db, ctx, o.serviceCode, q.priority, q.channel ?? null);
    firstWithinGuarantee = first && first <= deadline ? first : null;
  }
  return {
    items,
    guaranteeDeadline: deadline,
    nothingWithinGuarantee: deadline !== null && firstWithinGuarantee === null,
    firstWithinGuarantee,
  };
}

/**
 * The first free slot of each facility that offers the service (BK-3 for the citizen portal, where the
 * nearest facility comes first): every agenda's first slot, then each facility's earliest, in date order.
 * The guarantee's verdict is the region's, as in findAvailability.
 */
export async function findFirstPerFacility(
  db: Db,
  ctx: RequestContext,
  q: Omit<AvailabilityQuery, 'limit'>,
): Promise<Availability> {
  const found = await search(db, ctx, q, { limit: 1000, perAgenda: 1 });
  const seen = new Set<string>();
  const rows = found.rows.filter((r) => !seen.has(r.facility.id) && seen.add(r.facility.id));
  return judge(db, ctx, q, { ...found, rows });
}

/** The MR-7 "first slot offered": the region's soonest slot for this service and class right now. */
export async function firstOffered(
  tx: Db,
  ctx: RequestContext,
  serviceCode: string,
  priority: Priority,
  channel: Channel | null,
) {
  const now = ctx.clock.now();
  const first = await slots.searchFreeSlots(tx, {
    service: serviceCode,
    from: now,
    now,
    priority,
    channel,
    district: null,
    facility: null,
    limit: 1,
  });
  return first[0]?.start ?? null;
}
