import type { Migration } from 'kysely';
import * as foundation from './20261123T1830_foundation.ts';
import * as contactCentre from './20261123T1930_contact_centre.ts';
import * as bookingRules from './20261203T1000_booking_rules.ts';
import * as loginThrottle from './20261203T1100_login_throttle.ts';
import * as sessionRevocation from './20261203T1110_session_revocation.ts';
import * as userManagement from './20261203T1200_user_management.ts';
import * as protectionCaseWork from './20261203T1400_protection_case_work.ts';
import * as contactEventKey from './20261203T1500_contact_event_key.ts';
import * as auditTrail from './20261203T1600_audit_trail.ts';
import * as messaging from './20261203T1700_messaging.ts';
import * as outreach from './20261203T1800_outreach.ts';
import * as reoffer from './20261204T0900_reoffer.ts';
import * as keypadCode from './20261204T1000_keypad_code.ts';
import * as campaigns from './20261204T1100_campaigns.ts';
import * as reports from './20261204T1200_reports.ts';
import * as maintenance from './20261204T1300_maintenance.ts';
import * as callFacts from './20261205T0900_call_facts.ts';
import * as portal from './20261206T0900_portal.ts';
import * as kiosk from './20261206T1000_kiosk.ts';
import * as noticePublication from './20261206T1100_notice_publication.ts';
import * as staffRegister from './20261207T0900_staff_register.ts';
import * as promemoria from './20261208T0900_promemoria.ts';
import * as agentPhone from './20261209T0900_agent_phone.ts';
import * as helpdesk from './20261210T0900_helpdesk.ts';
import * as helpdeskMail from './20261211T0900_helpdesk_mail.ts';
import * as knowledge from './20261212T0900_knowledge.ts';
import * as helpdeskRetention from './20261213T0900_helpdesk_retention.ts';
import * as helpdeskWork from './20261214T0900_helpdesk_work.ts';
import * as callHour from './20261215T0900_call_hour.ts';
import * as portalDelegation from './20261216T0900_portal_delegation.ts';
import * as groupBooking from './20261217T0900_group_booking.ts';
import * as nationalFeed from './20261218T0900_national_feed.ts';
import * as appointmentChanges from './20261219T0900_appointment_changes.ts';
import * as chat from './20261220T0900_chat.ts';
import * as reminderVoice from './20261221T0900_reminder_voice.ts';
import * as chatAttachment from './20261222T0900_chat_attachment.ts';
import * as parentalDeclaration from './20261223T0900_parental_declaration.ts';
import * as deskDeclaration from './20261224T0900_desk_declaration.ts';
import * as portalRatingFollowup from './20261225T0900_portal_rating_followup.ts';
import * as appIo from './20261226T0900_app_io.ts';

/**
 * Every migration, by its timestamped name. Forward only: there are no `down` functions; a change is a
 * new migration. Listed statically so that the same set runs from the CLI, the server and the tests.
 */
export const migrations: Record<string, Migration> = {
  '20261123T1830_foundation': foundation,
  '20261123T1930_contact_centre': contactCentre,
  '20261203T1000_booking_rules': bookingRules,
  '20261203T1100_login_throttle': loginThrottle,
  '20261203T1110_session_revocation': sessionRevocation,
  '20261203T1200_user_management': userManagement,
  '20261203T1400_protection_case_work': protectionCaseWork,
  '20261203T1500_contact_event_key': contactEventKey,
  '20261203T1600_audit_trail': auditTrail,
  '20261203T1700_messaging': messaging,
  '20261203T1800_outreach': outreach,
  '20261204T0900_reoffer': reoffer,
  '20261204T1000_keypad_code': keypadCode,
  '20261204T1100_campaigns': campaigns,
  '20261204T1200_reports': reports,
  '20261204T1300_maintenance': maintenance,
  '20261205T0900_call_facts': callFacts,
  '20261206T0900_portal': portal,
  '20261206T1000_kiosk': kiosk,
  '20261206T1100_notice_publication': noticePublication,
  '20261207T0900_staff_register': staffRegister,
  '20261208T0900_promemoria': promemoria,
  '20261209T0900_agent_phone': agentPhone,
  '20261210T0900_helpdesk': helpdesk,
  '20261211T0900_helpdesk_mail': helpdeskMail,
  '20261212T0900_knowledge': knowledge,
  '20261213T0900_helpdesk_retention': helpdeskRetention,
  '20261214T0900_helpdesk_work': helpdeskWork,
  '20261215T0900_call_hour': callHour,
  '20261216T0900_portal_delegation': portalDelegation,
  '20261217T0900_group_booking': groupBooking,
  '20261218T0900_national_feed': nationalFeed,
  '20261219T0900_appointment_changes': appointmentChanges,
  '20261220T0900_chat': chat,
  '20261221T0900_reminder_voice': reminderVoice,
  '20261222T0900_chat_attachment': chatAttachment,
  '20261223T0900_parental_declaration': parentalDeclaration,
  '20261224T0900_desk_declaration': deskDeclaration,
  '20261225T0900_portal_rating_followup': portalRatingFollowup,
  '20261226T0900_app_io': appIo,
};
