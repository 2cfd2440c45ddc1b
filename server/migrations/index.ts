import type { Migration } from 'kysely';
import * as foundation from './20261123T1830_foundation.ts';
import * as contactCentre from './20261123T1930_contact_centre.ts';
import * as contactEventKey from './20261203T1500_contact_event_key.ts';

/**
 * Every migration, by its timestamped name. Forward only: there are no `down` functions; a change is a
 * new migration. Listed statically so that the same set runs from the CLI, the server and the tests.
 */
export const migrations: Record<string, Migration> = {
  '20261123T1830_foundation': foundation,
  '20261123T1930_contact_centre': contactCentre,
  '20261203T1500_contact_event_key': contactEventKey,
};
