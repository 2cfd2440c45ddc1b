// Public surface of the telephony module: the port the contact-centre engine speaks, and its adapters.
export { AriError, type AriSettings } from './ari.ts';
export { type AsteriskOptions, AsteriskSwitch } from './asterisk-switch.ts';
export {
  type Distribution,
  meanOf,
  pickWeighted,
  type Random,
  SeededRandom,
  sample,
  validateDistribution,
} from './random.ts';
export {
  type ArrivalSource,
  type CallerBehaviour,
  type KeyPress,
  type RedialReason,
  type SimulatedCall,
  SimulatedSwitch,
} from './simulated-switch.ts';
export type {
  HangUpCause,
  OutboundFailure,
  OutboundTag,
  Prompt,
  PromptInput,
  Scheduler,
  SwitchEvent,
  TelephonyCommand,
  TelephonyPort,
} from './telephony.port.ts';
