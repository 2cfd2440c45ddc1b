import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.tsx';
import { ApiError } from '../lib/api.ts';
import { describeError, fieldLabel } from './feedback.tsx';

// The fields the server names in its errors to the staff app and the portal (grep of invalidField,
// notFound and AppError in server/src), each of which a person may meet on a form.
const SERVER_FIELDS = [
  'agendaId',
  'appointmentId',
  'applyFrom',
  'callId',
  'callerId',
  'channel',
  'channels',
  'code',
  'currentPassword',
  'days',
  'displayName',
  'email',
  'facility',
  'facilityId',
  'familyName',
  'fiscalCode',
  'from',
  'fromDate',
  'givenName',
  'holdId',
  'issuedOn',
  'itemIndex',
  'leftOn',
  'month',
  'name',
  'near',
  'newPassword',
  'note',
  'noticeNumber',
  'nre',
  'operatorCode',
  'overbookingPerSlot',
  'password',
  'patientId',
  'phone',
  'queueId',
  'reason',
  'replications',
  'requestType',
  'resolvedFirstContact',
  'role',
  'roles',
  'rules',
  'serviceCodes',
  'sex',
  'slotId',
  'startedOn',
  'status',
  'to',
  'toDate',
  'unitId',
  'userId',
  'username',
  'validFrom',
  'validTo',
  'year',
  'items.2.serviceCode',
  'serviceCodes.0',
  'rules.1.endTime',
  'closures.0.toDate',
  'staffing.roster.3',
];

// In Italian a field's name is its label only where the word is the same (English shares many).
const SAME_WORD = { it: ['email', 'password'] };

describe('errors in the language of the UI, by code and field (issue 14 §3)', () => {
  for (const lang of ['it', 'en'] as const) {
    const t = translator(lang);
    it(`names every field the server reports in words, not as a path (${lang})`, () => {
      for (const field of SERVER_FIELDS) {
        const label = fieldLabel(t, field);
        if (lang === 'it' && !SAME_WORD.it.includes(field)) expect(label, field).not.toBe(field);
        // No code identifiers: no camelCase, no dotted path, no digit-only index.
        expect(label, field).not.toMatch(/[a-z][A-Z]|\w\.\w/);
      }
    });
  }

  it("never shows the server's English message, only the code's words and the field's", () => {
    const t = translator('it');
    const error = new ApiError(404, 'NOT_FOUND', 'prescription not found at 2026-12-04T10:00:00Z', 'nre');
    const { title, detail } = describeError(t, error);
    expect(`${title} (${detail})`).toBe('Non trovato. (campo: numero di ricetta)');
    expect(fieldLabel(t, 'rules.1.endTime')).toBe('fascia 2: Alle');
    expect(fieldLabel(t, 'items.2.serviceCode')).toBe('prestazione 3 della ricetta');
    // A field the app has no words for (a planning file's path) is not shown as a path either.
    expect(fieldLabel(t, 'scenario.agents.skills')).toBe('un dato del modulo');
  });
});
