/**
 * Where the contact centre will show itself in the console: the agent state bar (CC-9: logged in,
 * ready, on call, after-call work, paused with a reason) and the card of the incoming call (caller
 * number, IVR choice, queue, wait; CC-2 operator code). It renders nothing until the contact-centre
 * REST/WebSocket API lands; then this component subscribes to it and, on an incoming call whose caller
 * is known, can pre-fill the patient search through `onCaller`.
 */
export interface ContactCentreSlotProps {
  /** Called with the caller's fiscal code when the contact centre recognises the caller. */
  onCaller?: (fiscalCode: string) => void;
}

export function ContactCentreSlot(_props: ContactCentreSlotProps) {
  return null;
}
