// The citizen's course ("Forløb") on the citizen's page: their cases newest first (date,
// attendance, evaluation, "Det vigtigste for dig lige nu", "Næste skridt") and the agreements
// made in each with their history. Real headings and lists; the only thing to operate is
// "Forbered sagen" on a coming case (the prepare view: notes before the meeting, no clock).
import { call } from './api.js';
import { h } from './dom.js';
import { attempt } from './errors.js';
import { go } from './nav.js';

const STATUS_CLASS = { open: 'status-open', done: 'status-closed', continues: 'status-running', dropped: 'status-cancelled' };

/** The course section of citizen `citizenId` (null when it could not be read: the error
 * banner says why). */
export async function courseSection(citizenId) {
  const course = await attempt(() => call('citizen_course', { citizenId }));
  if (!course) return null;
  return h('section', { class: 'course', 'aria-labelledby': 'course-heading' },
    h('h2', { id: 'course-heading' }, 'Forløb'),
    course.entries.length
      ? h('ol', { class: 'timeline', testid: 'citizen-timeline' }, course.entries.map(entry))
      : h('p', { class: 'muted', testid: 'citizen-timeline' }, 'Borgeren har ingen sager endnu.'));
}

function entry(e) {
  return h('li', { class: 'timeline-entry card' + (e.upcoming ? ' upcoming' : ''), testid: 'timeline-entry', dataset: { meetingId: e.meeting_id } },
    h('h3', {}, capitalise(e.date_label), e.upcoming ? [' ', h('span', { class: 'badge' }, 'Kommende møde')] : null),
    h('dl', { class: 'course-facts' },
      e.upcoming ? null : fact('Fremmøde', e.attendance_label),
      e.upcoming ? null : fact('Borgerens evaluering', evaluation(e)),
      sections(e)),
    e.upcoming && !sections(e).length ? h('p', { class: 'muted' }, 'Borgerens sag er på dagsordenen.') : null,
    e.upcoming && (e.meeting_status === 'planned' || e.meeting_status === 'running')
      ? h('p', {}, h('button', { type: 'button', class: 'btn small', testid: 'case-prepare', dataset: { caseId: e.case_id },
        title: 'Skriv noter til sagen før mødet – mødet startes ikke', onclick: () => go({ prepare: e.case_id }) }, 'Forbered sagen'))
      : null,
    e.agreements.length ? [
      h('h4', {}, 'Aftaler'),
      h('ul', { class: 'course-agreements' }, e.agreements.map(agreement)),
    ] : null);
}

/** The sections with their text; a section not written says so, on a coming case it is left
 * out. */
function sections(e) {
  return e.sections.filter((s) => !e.upcoming || s.text.trim())
    .map((s) => fact(s.title, s.text.trim() ? h('span', { class: 'note-text' }, s.text)
      : h('span', { class: 'muted' }, 'Ikke skrevet')));
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function evaluation(e) {
  if (!e.evaluation.length) return h('span', { class: 'muted' }, 'Ingen svar registreret');
  return [
    h('ul', { class: 'answers' }, e.evaluation.map((a) => h('li', {}, `${a.question} `, h('strong', {}, a.answer_label)))),
    e.evaluation_comment ? h('p', { class: 'note-text' }, `Kommentar: ${e.evaluation_comment}`) : null,
  ];
}

function agreement(a) {
  const who = [a.who_label, a.due_label].filter(Boolean).join(' · ');
  return h('li', { class: 'course-agreement', testid: 'timeline-agreement' },
    h('p', { class: 'agreement-head' },
      h('strong', { class: 'note-text' }, a.what), ' ',
      h('span', { class: 'badge ' + (STATUS_CLASS[a.status] || '') }, a.status_label)),
    who ? h('p', { class: 'muted' }, who) : null,
    h('ul', { class: 'history', 'aria-label': `Historik for ${a.what}` },
      a.history.map((x) => h('li', { testid: 'agreement-history' }, x.label, x.comment ? `: ${x.comment}` : ''))));
}

function capitalise(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
