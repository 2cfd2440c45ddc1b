import type { ContactCentreConfig } from '../engine/config.ts';
import type { IvrFlow, IvrNode } from '../engine/ivr.ts';

/**
 * OB-4: the configuration with the self-service cancellation switched on, for a centre that has the
 * booking system behind it (the live one): every IVR branch that queued a cancellation for an agent now
 * lets the caller cancel alone, and goes to that agent only if it fails; and the lines that offer a
 * callback out of hours let callers cancel out of hours too. The what-if's scenarios keep the agents'
 * branch: their staffing is computed as if nobody cancelled alone (the cautious side).
 */
export function withSelfCancellation(config: ContactCentreConfig): ContactCentreConfig {
  return {
    ...config,
    flows: config.flows.map(selfCancelFlow),
    lines: config.lines.map((l) =>
      l.outOfHoursCallback && l.flow && !l.redirect ? { ...l, outOfHoursSelfCancel: true } : l,
    ),
  };
}

function selfCancelFlow(flow: IvrFlow): IvrFlow {
  const nodes: Record<string, IvrNode> = {};
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.type === 'queue' && node.requestType === 'cancellation') {
      nodes[id] = { type: 'self-cancel', onFailure: `${id}-operatore` };
      nodes[`${id}-operatore`] = {
        ...node,
        text: node.text ?? 'La mettiamo in contatto con un operatore.',
      };
    } else {
      nodes[id] = node;
    }
  }
  return { ...flow, nodes };
}
