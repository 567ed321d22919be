// Preparing a case before the meeting: its notes and agreements in the case editor (case.js)
// without starting the meeting or any item clock, and without attendance, the citizen's
// evaluation or the citizen screen (they belong to the meeting). The agenda then marks the
// case "Forberedt".
import { call } from './api.js';
import { h, mount } from './dom.js';
import { go } from './nav.js';
import { attempt } from './errors.js';
import { casePanel } from './case.js';
import { flushAll } from './saver.js';
import { focusOn } from './focus.js';

export async function prepareView(content, caseId) {
  const d = await attempt(() => call('case_detail', { caseId }));
  if (!d) { go('meetings'); return; }
  const panel = h('section', { class: 'item-panel prepare-panel', testid: 'prepare-panel', 'aria-label': `Sagen om ${d.citizen_full_name}` });
  mount(content,
    h('header', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'eyebrow' }, d.locked ? 'Mødet er afsluttet' : 'Forberedelse'),
        h('h1', {}, `Forbered sagen: ${d.citizen_full_name}`),
        h('p', { class: 'muted' }, `Mødet ${d.meeting_date_label}. Mødet startes ikke, og intet ur kører. Noterne gemmes, mens du skriver, og er klar, når sagen tages op.`)),
      h('div', { class: 'head-buttons' },
        h('button', { class: 'btn', testid: 'prepare-back', onclick: () => { flushAll(); go({ meeting: d.meeting_id }); } }, 'Tilbage til mødet'))),
    panel);
  await casePanel(panel, caseId, { prepare: true });
  focusOn(panel.querySelector('textarea.section-text:not([disabled])') || content.querySelector('h1'));
}
