// Export of the citizen summaries and the minutes (PDF).
import { h } from './dom.js';

export function exportPanel(meetingId, closed) {
  return h('section', { class: 'card export' },
    h('h3', {}, 'PDF til borgerne og referat'),
    h('p', { class: 'hint' }, closed ? 'Eksport kommer her.' : 'Eksport før mødet er afsluttet markeres "UDKAST".'));
}
