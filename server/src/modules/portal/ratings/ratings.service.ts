import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import {
  COMMENTS_KEPT,
  keptDetail,
  type RatingFigures,
  type RatingReason,
  type RatingService,
  ratingFigures,
  reasonProblem,
} from '../rules/ratings.ts';
import * as repo from './ratings.repository.ts';

export interface RatingInput {
  service: RatingService;
  rating: number;
  reason?: RatingReason | undefined;
  detail?: string | undefined;
}

/** Records one citizen's rating (C.SE.1.7); an answer that does not fit the stars is refused on its field. */
export async function rate(db: Db, clock: Clock, input: RatingInput): Promise<void> {
  const problem = input.reason === undefined ? null : reasonProblem(input.rating, input.reason);
  if (problem !== null) throw invalidField('reason', problem);
  await repo.insertRating(db, {
    at: clock.now(),
    service: input.service,
    rating: input.rating,
    reason: input.reason ?? null,
    detail: keptDetail(input.detail),
  });
}

/** The period's ratings for the reports (MR-2): counts by service, stars and answer, and the latest words. */
export async function ratingFiguresBetween(db: Db, from: Date, to: Date): Promise<RatingFigures> {
  return ratingFigures(
    await repo.ratingGroups(db, from, to),
    await repo.ratingComments(db, from, to, COMMENTS_KEPT),
  );
}

export const clearRatingDetailsBefore = repo.clearDetailsBefore;
