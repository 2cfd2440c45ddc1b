import type { Prompt } from '../../telephony/index.ts';
import { type ContactCentreConfig, resolveConfig } from './config.ts';
import { MENU_DEFAULTS } from './ivr.ts';
import { prompts } from './prompts.ts';

/**
 * Every prompt the centre can play whose words are fixed (not `variable`), as the engine plays it:
 * the IVR's nodes, the lines' messages, the engine's own prompts, the survey. What a region records, and
 * what is synthesised ahead of the first call (issue 15 §2). Variable prompts (the operator's code, the
 * position, a number read back) change from call to call and are left out.
 */
export function fixedPrompts(config: ContactCentreConfig): Prompt[] {
  const resolved = resolveConfig(config);
  const found = new Map<string, Prompt>();
  const add = (p: Prompt) => {
    if (!p.variable) found.set(`${p.id}\n${p.text}`, { id: p.id, text: p.text });
  };
  for (const flow of config.flows) {
    for (const [nodeId, node] of Object.entries(flow.nodes)) {
      if ('text' in node && node.text) add({ id: `ivr:${flow.id}/${nodeId}`, text: node.text });
      if (node.type === 'menu') {
        add(prompts.message('ivr-retry', node.invalidText ?? MENU_DEFAULTS.invalidText));
        add(prompts.message('ivr-retry', node.timeoutText ?? MENU_DEFAULTS.timeoutText));
      }
    }
  }
  for (const line of config.lines) {
    if (line.redirect) add(prompts.message('redirect', line.redirect.text));
    if (line.notAuthorisedText) add(prompts.message('not-authorised', line.notAuthorisedText));
  }
  for (const make of Object.values(prompts)) if (make.length === 0) add((make as () => Prompt)());
  for (const flag of [true, false]) {
    add(prompts.outOfHoursSelfCancelOffer(flag));
    add(prompts.callbackNotStored(flag));
  }
  add({ id: 'survey-intro', text: resolved.survey.intro });
  for (const q of resolved.survey.questions) add({ id: `survey:${q.id}`, text: q.text });
  add({ id: 'survey-thanks', text: resolved.survey.thanks });
  return [...found.values()];
}
