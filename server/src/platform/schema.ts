import type { ColumnType, Generated } from 'kysely';

/**
 * The database as Kysely sees it. One place for the column types; each module's repository is still
 * the only code that queries its own tables (see ARCHITECTURE.md).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns travel as 'YYYY-MM-DD' strings on both drivers (see db.ts). */
type DateOnly = string;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface AuditEventTable {
  id: Generated<string>;
  at: Timestamp;
  request_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: 'read' | 'create' | 'update' | 'delete' | 'search';
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  channel: string | null;
  /** The server's reason for the access; the client's own words are in `stated_purpose`. */
  purpose: string;
  outcome: ColumnType<AuditOutcome, AuditOutcome | undefined, never>;
  /** What was looked for when no patient is named: a caller's number, a fiscal code, an NRE. */
  subject: string | null;
  client_address: string | null;
  stated_purpose: string | null;
}

export type AuditOutcome = 'ok' | 'denied' | 'not_found';

export interface DomainEventTable {
  id: Generated<string>;
  at: Timestamp;
  type: string;
  aggregate_id: string;
  payload: Json;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: Json;
  created_at: Timestamp;
}

/** Issue 16: a help-desk ticket (HD-1, HD-2, HD-6). */
export interface HelpdeskTicketTable {
  id: Generated<string>;
  queue: string;
  level: number;
  state: string;
  channel: string;
  subject: string;
  requester_name: string | null;
  requester_email: string | null;
  requester_phone: string | null;
  patient_id: string | null;
  call_id: string | null;
  received_at: Timestamp;
  created_at: Timestamp;
  created_by: string | null;
  due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updated_at: Timestamp;
  /** A request that came by PEC: its certification data (daticert.xml). */
  pec: ColumnType<unknown, string | null | undefined, string | null>;
  /** A higher level's outcome to be told by phone: owed since, and done at. */
  callback_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  callback_done_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** HD-5: a legal hold keeps its content past the contract's end; why, when, by whom. */
  legal_hold_reason: ColumnType<string | null, string | null | undefined, string | null>;
  legal_hold_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  legal_hold_by: ColumnType<string | null, string | null | undefined, string | null>;
  content_destroyed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** A duplicate merged into the ticket that carries on (HD-2). */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  /** The third level (HD-2): the outside department and its tracked link. */
  referral_name: ColumnType<string | null, string | null | undefined, string | null>;
  referral_email: ColumnType<string | null, string | null | undefined, string | null>;
  referral_token_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  referral_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  referral_expires_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  referral_opened_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  referral_answered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Issue 16: an answer template for the back office, for every queue (queue null) or one. */
export interface HelpdeskMacroTable {
  id: Generated<string>;
  title: string;
  body: string;
  queue: string | null;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** Issue 16: two related tickets, the smaller id first. */
export interface HelpdeskLinkTable {
  ticket_a: string;
  ticket_b: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface HelpdeskEventTable {
  id: Generated<string>;
  ticket_id: string;
  at: Timestamp;
  actor_id: string | null;
  kind: 'created' | 'state' | 'escalated' | 'note' | 'email-in' | 'email-out' | 'merged' | 'linked';
  from_state: string | null;
  to_state: string | null;
  from_level: number | null;
  to_level: number | null;
  body: string | null;
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Issue 16: an e-mail in or out of the help desk (the ticket's thread, or mail that is no request). */
export interface HelpdeskMessageTable {
  id: Generated<string>;
  ticket_id: string | null;
  direction: 'in' | 'out';
  disposition:
    | 'ticket'
    | 'reply'
    | 'auto-reply'
    | 'bounce'
    | 'pec-receipt'
    | 'own'
    | 'acknowledgement'
    | 'answer'
    | 'outcome'
    | 'referral';
  thread_layer: 'reply-token' | 'references' | 'body-marker' | 'subject-tag' | null;
  mailbox: string | null;
  uid_validity: string | number | null;
  uid: string | number | null;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string[];
  from_address: string | null;
  to_address: string | null;
  subject: string;
  body: string;
  pec: ColumnType<unknown, string | null | undefined, string | null>;
  at: Timestamp;
  status: ColumnType<
    'done' | 'pending' | 'sent' | 'failed',
    'done' | 'pending' | undefined,
    'sent' | 'failed' | 'pending'
  >;
  attempts: ColumnType<number, number | undefined, number>;
  error: string | null;
  label: string | null;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  content_destroyed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface HelpdeskAttachmentTable {
  id: Generated<string>;
  message_id: string;
  ticket_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer | null;
  refused: string | null;
  scan: 'clean' | 'not-scanned' | 'infected' | 'refused';
}

/** Issue 16 §4: an information sheet of the knowledge base (HD-7), and its published versions. */
export interface KbArticleTable {
  id: Generated<string>;
  title: string;
  body: string;
  tags: string[];
  keywords: string;
  version: number;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  search: ColumnType<string, never, never>;
}

export interface KbVersionTable {
  article_id: string;
  version: number;
  title: string;
  body: string;
  tags: string[];
  author_id: string | null;
  at: Timestamp;
}

export interface KbFeedbackTable {
  article_id: string;
  user_id: string;
  useful: boolean;
  at: Timestamp;
}

export interface HelpdeskMailboxTable {
  name: string;
  uid_validity: string | number;
  last_uid: string | number;
  updated_at: Timestamp;
}

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  operator_code: string | null;
  /** The agent's phone on the switch (issue 15), e.g. PJSIP/agent101. */
  phone_endpoint: ColumnType<string | null, string | null | undefined, string | null>;
  active: Generated<boolean>;
  created_at: Timestamp;
  /** The account at the region's OpenID provider this user is linked to (both or neither). */
  oidc_issuer: ColumnType<string | null, string | null | undefined, string | null>;
  oidc_subject: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface OidcLoginTable {
  binding_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface PatientTable {
  id: string;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  birth_date: DateOnly;
  sex: 'M' | 'F';
  phone: string | null;
  email: string | null;
  consents: Json<Record<string, boolean>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Belfiore code of the municipality of residence, when recorded (the portal's "nearest first"). */
  residence_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MunicipalityTable {
  belfiore_code: string;
  name: string;
  province: string;
  latitude: number;
  longitude: number;
}

export type PaymentNoticeStatus = 'issued' | 'paid' | 'invalidated' | 'refund_due' | 'refunded';

export type LeavingReason = 'resigned' | 'dismissed' | 'retired' | 'contract-ended' | 'other';

/** When a front-line operator started on the contract and left it (the tender's yearly turnover). */
export interface StaffTenureTable {
  id: string;
  user_id: string;
  started_on: DateOnly;
  /** The last day in service; null while in service. */
  left_on: DateOnly | null;
  leaving_reason: LeavingReason | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp | null;
}

export interface PaymentNoticeTable {
  id: string;
  notice_number: string;
  appointment_id: string;
  patient_id: string;
  creditor_fiscal_code: string;
  amount_cents: number;
  description: string;
  status: PaymentNoticeStatus;
  adapter: string;
  created_at: Timestamp;
  paid_at: Timestamp | null;
  receipt_id: string | null;
  invalidated_at: Timestamp | null;
  status_reason: string | null;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PaymentCheckoutTable {
  id: string;
  notice_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  outcome: 'paid' | 'failed' | null;
  completed_at: Timestamp | null;
}

export interface KioskCheckInTable {
  appointment_id: string;
  facility_id: string;
  day: DateOnly;
  ticket: number;
  at: Timestamp;
}

export interface PortalRatingTable {
  id: Generated<string>;
  at: Timestamp;
  service: 'booking' | 'manage' | 'payment' | 'kiosk';
  rating: number;
  /** The second step's answer (C.SE.1.7); null when not given. */
  reason: string | null;
  /** The citizen's words, at most 200 characters, contacts masked; null when not given. */
  detail: string | null;
}

export interface PortalDelegationTable {
  id: string;
  delegator_id: string;
  delegate_fiscal_code: string;
  /** The last day (Rome) it holds; null: until revoked. */
  valid_until: DateOnly | null;
  granted_at: Timestamp;
  granted_channel: 'web' | 'desk';
  granted_by: string | null;
  revoked_at: Timestamp | null;
  revoked_by: 'delegator' | 'delegate' | 'staff' | 'replaced' | null;
  revoked_by_user: string | null;
  /** A parent's or guardian's declaration for a minor (parental_declaration migration); null otherwise. */
  declared_role: 'parent' | 'guardian' | null;
}

/** BK-10: a club's list of athletes to book together (group_booking migration). */
export interface GroupRequestTable {
  id: string;
  club: string;
  contact: string;
  service_code: string;
  facility_id: string | null;
  window_from: DateOnly;
  window_to: DateOnly;
  max_per_day: number | null;
  note: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface GroupRequestMemberTable {
  request_id: string;
  position: number;
  patient_id: string;
  prescription_id: string;
  item_index: number;
}

/** MR-8: one day's batch of the national waiting-list feed (national_feed migration). */
export interface NationalFeedBatchTable {
  day: DateOnly;
  built_at: Timestamp;
  appointments: number;
  /** The Bundle's JSON, gzipped. */
  bundle_gz: Uint8Array;
  digest: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  last_attempt_at: Timestamp | null;
  sending_until: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  receipt: string | null;
  simulated: Generated<boolean>;
}

/** CC-10: a chat conversation (chat migration). */
export interface ChatConversationTable {
  id: string;
  token_hash: string;
  language: 'it' | 'en';
  state: 'assistant' | 'waiting' | 'active' | 'closed';
  topic: string | null;
  started_at: Timestamp;
  queued_at: Timestamp | null;
  accepted_at: Timestamp | null;
  agent_id: string | null;
  agent_seen_at: Timestamp | null;
  closed_at: Timestamp | null;
  closed_by: 'citizen' | 'agent' | 'timeout' | null;
  outcome: 'self-service' | 'answered' | 'abandoned' | 'message-left' | null;
  ticket_id: string | null;
  rating: number | null;
  citizen_seen_at: Timestamp;
  last_seq: Generated<number>;
}

export interface ChatMessageTable {
  conversation_id: string;
  seq: number;
  at: Timestamp;
  author: 'citizen' | 'assistant' | 'agent' | 'system';
  agent_id: string | null;
  body: string;
  actions: ColumnType<unknown[] | null, string | null, string | null>;
}

/** CC-10, HD-3: a document a citizen sent in a chat; one per message. */
export interface ChatAttachmentTable {
  conversation_id: string;
  seq: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  scan: 'clean' | 'not-scanned';
}

export interface OrganisationTable {
  id: string;
  name: string;
  kind: 'asl' | 'ao' | 'irccs' | 'private';
}

export interface FacilityTable {
  id: string;
  organisation_id: string;
  name: string;
  address: string;
  municipality: string;
  district: string;
  latitude: number | null;
  longitude: number | null;
}

export interface UnitTable {
  id: string;
  facility_id: string;
  name: string;
  branch: string;
}

export interface ServiceTable {
  code: string;
  description: string;
  kind: 'visit' | 'instrumental' | 'lab';
  branch: string;
  tariff_cents: number;
  slot_minutes: number;
}

export interface PrescriptionTable {
  id: string;
  nre: string;
  patient_id: string;
  priority: 'U' | 'B' | 'D' | 'P';
  access: 'first' | 'follow_up';
  exemption_code: string | null;
  issued_on: DateOnly;
  state: 'issued' | 'partially_booked' | 'booked' | 'expired' | 'cancelled';
  created_at: Timestamp;
  exemption_set_by: string | null;
  exemption_set_at: Timestamp | null;
}

export interface PrescriptionItemTable {
  prescription_id: string;
  item_index: number;
  service_code: string;
  quantity: number;
  state: 'open' | 'booked';
}

export interface AgendaTable {
  id: string;
  unit_id: string;
  facility_id: string;
  name: string;
  channels: string[];
  valid_from: DateOnly;
  valid_to: DateOnly | null;
  overbooking_per_slot: number;
  active: Generated<boolean>;
}

export interface AgendaServiceTable {
  agenda_id: string;
  service_code: string;
}

export interface AgendaRuleTable {
  id: Generated<string>;
  agenda_id: string;
  weekday: number;
  start_time: string;
  end_time: string;
  slot_minutes: number;
  capacity: number;
  reserved_priority: 'U' | 'B' | 'D' | 'P' | null;
}

export interface AgendaClosureTable {
  id: Generated<string>;
  agenda_id: string;
  from_date: DateOnly;
  to_date: DateOnly;
  reason: string;
}

export interface SlotTable {
  id: Generated<string>;
  agenda_id: string;
  start_at: Timestamp;
  end_at: Timestamp;
  capacity: number;
  overbooking: number;
  taken: Generated<number>;
  reserved_priority: 'U' | 'B' | 'D' | 'P' | null;
  open: Generated<boolean>;
}

export interface HoldTable {
  id: string;
  slot_id: string;
  actor_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

export interface AppointmentTable {
  id: string;
  code: string;
  patient_id: string;
  prescription_id: string;
  item_index: number;
  service_code: string;
  slot_id: string;
  agenda_id: string;
  facility_id: string;
  start_at: Timestamp;
  end_at: Timestamp;
  status: AppointmentStatus;
  channel: string;
  priority: 'U' | 'B' | 'D' | 'P';
  overbooked: boolean;
  prescribed_on: DateOnly;
  requested_at: Timestamp;
  first_offered_at: Timestamp | null;
  within_guarantee: boolean | null;
  booked_by: string | null;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  cancel_channel: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  tariff_cents: number;
  copay_exempt: Generated<boolean>;
  late_cancellation: boolean | null;
  version: Generated<number>;
  confirmed_at: Timestamp | null;
  confirmed_via: string | null;
  /** Generated: the booking code as typed on a phone keypad (booking's keypadCode). */
  keypad_code: ColumnType<string, never, never>;
}

export interface GuaranteeRuleTable {
  priority: 'U' | 'B' | 'D' | 'P';
  service_kind: 'visit' | 'instrumental' | 'lab';
  /** U only; the other classes count calendar days (max_days). */
  max_hours: number | null;
  max_days: number | null;
}

export interface ExemptionTable {
  code: string;
  description: string;
  category: 'income' | 'regional' | 'pathology' | 'invalidity' | 'other';
  covers_all: boolean;
}

export interface ExemptionCoverageTable {
  exemption_code: string;
  service_code: string | null;
  branch: string | null;
}

export interface PrescriptionValidityTable {
  priority: 'U' | 'B' | 'D' | 'P';
  service_kind: 'visit' | 'instrumental' | 'lab';
  book_within_days: number | null;
  max_days: number;
}

export interface DeclinedOfferTable {
  id: string;
  prescription_id: string;
  item_index: number;
  patient_id: string;
  service_code: string;
  priority: 'U' | 'B' | 'D' | 'P';
  slot_id: string;
  slot_start: Timestamp;
  guarantee_deadline: Timestamp;
  within_guarantee: boolean;
  channel: string;
  reason: string | null;
  declined_by: string | null;
  declined_at: Timestamp;
}

export interface ProtectionCaseTable {
  id: string;
  prescription_id: string;
  item_index: number;
  patient_id: string;
  service_code: string;
  priority: 'U' | 'B' | 'D' | 'P';
  guarantee_deadline: Timestamp;
  first_available_at: Timestamp | null;
  state: 'open' | 'resolved' | 'closed';
  opened_by: string | null;
  opened_channel: string;
  opened_at: Timestamp;
  note: string | null;
  taken_by: string | null;
  taken_at: Timestamp | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  appointment_id: string | null;
  resolution_reason: string | null;
}

export interface ContactEventTable {
  id: Generated<string>;
  at: Timestamp;
  type: string;
  source: string;
  call_id: string | null;
  line: string | null;
  queue_id: string | null;
  agent_id: string | null;
  payload: Json<Record<string, unknown>>;
  /** Unique per emitted event (run and emission number); null on rows written before it existed. */
  event_key: string | null;
}

export interface ContactAgentTable {
  user_id: string;
  agent_id: string;
  skills: Json<Record<string, number>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  blocked_until: Timestamp | null;
  locked_until: Timestamp | null;
}

export interface SimulatedMessageTable {
  id: Generated<string>;
  at: Timestamp;
  direction: 'out' | 'in';
  channel: 'sms' | 'email' | 'io';
  gateway_id: string;
  message_id: string | null;
  party: string;
  text: string;
  subject: string | null;
  segments: number;
  status: string;
  label: ColumnType<'simulazione', 'simulazione' | undefined, never>;
}

/** 'held': a fallback (SMS or e-mail) waiting on its App IO message (fallback_of): sent only if IO did not take it. */
export type OutreachStatus =
  | 'pending'
  | 'held'
  | 'submitting'
  | 'submitted'
  | 'delivered'
  | 'failed'
  | 'suppressed';

export interface OutreachMessageTable {
  id: string;
  /** Null only for a message about no booking: a campaign's (kind 'campaign') or a delegation's. */
  appointment_id: string | null;
  kind:
    | 'reminder'
    | 'recall'
    | 'cancel-ack'
    | 'confirm-ack'
    | 'reoffer'
    | 'reoffer-gone'
    | 'campaign'
    | 'promemoria'
    /** A new portal delegation, told to the delegator (no appointment). */
    | 'delegation';
  appointment_version: number;
  ref: Generated<string>;
  channel: 'sms' | 'email' | 'io';
  recipient: string;
  text: string;
  subject: string | null;
  html: string | null;
  ics: string | null;
  status: OutreachStatus;
  send_after: Timestamp;
  attempts: Generated<number>;
  claimed_at: Timestamp | null;
  gateway_id: string | null;
  segments: number | null;
  submitted_at: Timestamp | null;
  delivered_at: Timestamp | null;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** A held SMS or e-mail: the App IO message it stands in for. */
  fallback_of: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OutreachReplyTable {
  id: Generated<string>;
  gateway_id: string | null;
  channel: 'sms' | 'email' | 'link';
  sender: string;
  text: string;
  received_at: Timestamp;
  intent: 'confirm' | 'cancel' | 'stop' | 'unknown';
  appointment_id: string | null;
  outcome: string;
}

export interface OutreachGatewayIdTable {
  gateway_id: string;
  message_id: string;
  last_part: boolean;
}

export interface MessagingOptOutTable {
  recipient: string;
  at: Timestamp;
  via: string;
}

export interface MunicipalHolidayTable {
  municipality: string;
  month: number;
  day: number;
  name: string;
}

export interface CampaignTable {
  id: string;
  name: string;
  kind: 'standard' | 'survey-follow-up' | 'agenda-closure' | 'recall' | 'reminder';
  channel: 'agent' | 'sms' | 'email' | 'voice';
  mode: 'preview' | 'progressive' | null;
  script: string;
  message: string | null;
  dispositions: Json<{ code: string; label: string; positive: boolean; key?: string | undefined }[]>;
  max_attempts: number;
  retry_minutes: number;
  hours_from: string;
  hours_to: string;
  every_day: Generated<boolean>;
  status: 'active' | 'paused' | 'closed';
  target: Json<Record<string, unknown>>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CampaignContactTable {
  id: string;
  campaign_id: string;
  position: number;
  patient_id: string | null;
  appointment_id: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  note: string | null;
  source_ref: string | null;
  status: 'pending' | 'in-progress' | 'done';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_by: string | null;
  claimed_at: Timestamp | null;
  leg_id: string | null;
  disposition: string | null;
  positive: boolean | null;
  note_by_agent: string | null;
  first_attempt_at: Timestamp | null;
  done_at: Timestamp | null;
  done_by: string | null;
}

export interface CampaignAttemptTable {
  id: string;
  contact_id: string;
  campaign_id: string;
  leg_id: string;
  channel: string;
  agent_user_id: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  result: string | null;
}

export interface ReofferPlaceTable {
  id: string;
  chain_id: string;
  depth: number;
  slot_id: string;
  service_code: string;
  freed_by: string;
  freed_at: Timestamp;
  for_appointment: Generated<string | null>;
  status: 'offering' | 'taken' | 'exhausted' | 'withdrawn';
  round: Generated<number>;
  taken_by: string | null;
  decided_at: Timestamp | null;
}

export interface ReofferOfferTable {
  id: string;
  ref: string;
  place_id: string;
  appointment_id: string;
  appointment_version: number;
  round: number;
  status: 'offered' | 'accepted' | 'declined' | 'expired' | 'gone';
  offered_at: Timestamp;
  expires_at: Timestamp;
  decided_at: Timestamp | null;
  decline_reason: string | null;
  within_guarantee: boolean;
  guarantee_forfeited: Generated<boolean>;
}

export interface ReportTable {
  id: string;
  kind: 'weekly' | 'monthly';
  period: string;
  from_at: Timestamp;
  to_at: Timestamp;
  version: number;
  data: Json<Record<string, unknown>>;
  generated_at: Timestamp;
  generated_by: string | null;
}

export interface MaintenanceWindowTable {
  id: string;
  from_at: Timestamp;
  to_at: Timestamp;
  note: string;
  declared_by: string;
  declared_at: Timestamp;
}

export interface CapacityDecisionTable {
  id: string;
  report_id: string;
  line: string;
  channels_from: number;
  channels_to: number;
  note: Generated<string>;
  decided_by: string;
  decided_at: Timestamp;
}

export interface EventCursorTable {
  consumer: string;
  last_id: string;
}

export interface CallFactTable {
  source: string;
  call_id: string;
  line: string;
  arrived_ms: number;
  ended_ms: number;
  outcome: string;
  duration_ms: number;
  answered_ms: number | null;
  queue_wait_ms: number | null;
  callback_id: string | null;
}

export interface CallbackAnswerTable {
  source: string;
  callback_id: string;
  answered_ms: number;
}

export interface OutcomeFactTable {
  event_id: string;
  source: string;
  call_id: string | null;
  callback_id: string | null;
  at_ms: number;
  resolved: boolean;
}

export interface CallFactCursorTable {
  id: number;
  last_id: string;
  state: unknown;
}

export interface CallHourTable {
  source: string;
  hour: Timestamp;
  queue_id: string;
  service: string;
  counters: unknown;
}

export interface CallHourSourceTable {
  source: string;
  settled_until: Timestamp;
}

export interface CallHourCursorTable {
  id: number;
  last_id: string;
}

export interface Database {
  call_fact: CallFactTable;
  callback_answer: CallbackAnswerTable;
  outcome_fact: OutcomeFactTable;
  call_fact_cursor: CallFactCursorTable;
  call_hour: CallHourTable;
  call_hour_source: CallHourSourceTable;
  call_hour_cursor: CallHourCursorTable;
  report: ReportTable;
  capacity_decision: CapacityDecisionTable;
  maintenance_window: MaintenanceWindowTable;
  campaign: CampaignTable;
  campaign_contact: CampaignContactTable;
  campaign_attempt: CampaignAttemptTable;
  reoffer_place: ReofferPlaceTable;
  reoffer_offer: ReofferOfferTable;
  event_cursor: EventCursorTable;
  audit_event: AuditEventTable;
  domain_event: DomainEventTable;
  idempotency_key: IdempotencyKeyTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  oidc_login: OidcLoginTable;
  patient: PatientTable;
  municipality: MunicipalityTable;
  payment_notice: PaymentNoticeTable;
  staff_tenure: StaffTenureTable;
  payment_checkout: PaymentCheckoutTable;
  portal_rating: PortalRatingTable;
  portal_delegation: PortalDelegationTable;
  group_request: GroupRequestTable;
  group_request_member: GroupRequestMemberTable;
  national_feed_batch: NationalFeedBatchTable;
  chat_conversation: ChatConversationTable;
  chat_message: ChatMessageTable;
  chat_attachment: ChatAttachmentTable;
  kiosk_check_in: KioskCheckInTable;
  organisation: OrganisationTable;
  facility: FacilityTable;
  unit: UnitTable;
  service: ServiceTable;
  prescription: PrescriptionTable;
  prescription_item: PrescriptionItemTable;
  agenda: AgendaTable;
  agenda_service: AgendaServiceTable;
  agenda_rule: AgendaRuleTable;
  agenda_closure: AgendaClosureTable;
  slot: SlotTable;
  hold: HoldTable;
  appointment: AppointmentTable;
  guarantee_rule: GuaranteeRuleTable;
  exemption: ExemptionTable;
  exemption_coverage: ExemptionCoverageTable;
  prescription_validity: PrescriptionValidityTable;
  declined_offer: DeclinedOfferTable;
  protection_case: ProtectionCaseTable;
  contact_event: ContactEventTable;
  contact_agent: ContactAgentTable;
  login_throttle: LoginThrottleTable;
  simulated_message: SimulatedMessageTable;
  outreach_message: OutreachMessageTable;
  outreach_reply: OutreachReplyTable;
  outreach_gateway_id: OutreachGatewayIdTable;
  messaging_opt_out: MessagingOptOutTable;
  municipal_holiday: MunicipalHolidayTable;
  helpdesk_ticket: HelpdeskTicketTable;
  helpdesk_event: HelpdeskEventTable;
  helpdesk_message: HelpdeskMessageTable;
  helpdesk_attachment: HelpdeskAttachmentTable;
  helpdesk_mailbox: HelpdeskMailboxTable;
  helpdesk_macro: HelpdeskMacroTable;
  helpdesk_link: HelpdeskLinkTable;
  kb_article: KbArticleTable;
  kb_version: KbVersionTable;
  kb_feedback: KbFeedbackTable;
}
