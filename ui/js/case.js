// The case panel of the run view: the section editors, and blocks that bring themselves up to
// date from a fresh `case_detail` without touching the editors (who is present, Siden sidst,
// agreements, the citizen's evaluation); putting the case on the citizen screen (F6) or the
// neutral slide (F7).
import { lixBadge } from './lix.js';
import { confirmTyped, dateInput, dateValue } from './dates.js';
import { call } from './api.js';
import { h, mount, field, confirmButton, segmented, setSegmented } from './dom.js';
import { app } from './state.js';
import { attempt } from './errors.js';
import { announce } from './focus.js';
import { editAnswer, flushAll, forgetDetached } from './saver.js';
import { blockSaveState, noteEditor, saveState, updateSaveState } from './editor.js';
import { focusOn } from './focus.js';

export const ATTENDANCE = [['present', 'Til stede'], ['virtual', 'Virtuelt'], ['absent', 'Fraværende']];

let shown = null; // the case panel shown: { caseId, participants, carried, agreements, evaluation }
const unfolded = new Map(); // case id -> whether the chair left its attendance open (this session)

/** The case panel: the section editors, and blocks that bring themselves up to date from a
 * fresh `case_detail` (`update(d)`) without touching the editors (focus, caret and typed text
 * stay where they are). */
export async function casePanel(panel, caseId, { onClosed = null, prepare = false } = {}) {
  // Typed text is saved before the panel is read again (else the new editor would show the
  // text without its last keys, and carry a revision that is already stale).
  await flushAll();
  const d = await attempt(() => call('case_detail', { caseId }));
  if (!d) return;
  const locked = d.locked;
  const onScreen = app.screen?.state === 'case' && app.screenCaseId === caseId;
  const blocks = {
    participants: participantsBlock(d, caseId, locked),
    carried: carriedBlock(d, caseId),
    agreements: agreementsBlock(d, caseId),
    evaluation: evaluationBlock(d, caseId, locked),
    next: nextMeetingBlock(d, caseId),
  };
  const sections = d.sections.map((s) => {
    // An empty section is one line with its question as the placeholder, and grows as it is
    // typed in; the question is said once (the label is the title, the question its
    // description for a screen reader).
    const area = h('textarea', { testid: 'section-' + s.key, rows: 1, disabled: locked, class: 'section-text',
      placeholder: s.question, 'aria-describedby': `secq-${caseId}-${s.key}` });
    const note = { scope: 'case', case_id: caseId, key: s.key };
    const { kept } = noteEditor(note, area, s, {
      locked,
      preview: (text, base) => call('preview_section', { caseId, key: s.key, text, baseRevision: base }),
      edit: (edit) => call('edit_section', { caseId, key: s.key, edit }),
    });
    autoGrow(area);
    return h('div', { class: 'section-field' },
      h('label', { for: 'sec-' + s.key }, h('span', { class: 'sec-title' }, s.title)),
      h('span', { class: 'sr-only', id: `secq-${caseId}-${s.key}` }, s.question),
      Object.assign(area, { id: 'sec-' + s.key }),
      lixBadge(s.key, area),
      kept,
      s.key === 'siden_sidst' ? blocks.carried.el : null,
      s.key === 'aftaler' ? blocks.agreements.el : null);
  });
  mount(panel,
    h('div', { class: 'case-top' },
      h('div', {},
        h('h2', { class: 'case-name' }, d.citizen_full_name, d.citizen_display_name !== d.citizen_full_name.split(' ')[0] ? h('span', { class: 'muted' }, ` (på skærmen: ${d.citizen_display_name})`) : null),
        h('p', { class: 'muted' }, d.meeting_date_label)),
      prepare ? null : h('div', { class: 'screen-buttons' },
        h('button', { class: `btn ${onScreen ? '' : 'primary'}`, testid: 'screen-show-case', title: 'Vis sagen på borgerskærmen (F6)',
          onclick: () => showOnScreen(caseId) }, onScreen ? 'Vises på skærmen' : 'Vis på skærmen (F6)'),
        h('button', { class: 'btn', testid: 'screen-neutral', title: 'Neutral side (F7)', onclick: () => screenNeutral() }, 'Neutral side (F7)'))),
    // Running, the save state is in the run view's sticky bar; preparing, it is here.
    prepare ? saveState() : null,
    // Preparing: the notes and agreements only (attendance and evaluation are the meeting's).
    prepare ? null : blocks.participants.el,
    sections,
    prepare ? null : blocks.evaluation.el,
    blocks.next.el);
  shown = { caseId, panel, ...blocks };
  // The editors of the panel just replaced are gone (unless they still have text to save).
  forgetDetached();
  updateSaveState();
  app.currentCaseId = caseId;
}

/** Reads the case once and brings the named blocks of the shown panel up to date (not the
 * editors). Resolves to the case detail, or null when it could not be read or the panel is
 * gone (another item is shown). */
async function refreshBlocks(caseId, names) {
  const d = await attempt(() => call('case_detail', { caseId }));
  if (!d || shown?.caseId !== caseId || !shown.panel.isConnected) return null;
  for (const n of names) shown[n].update(d);
  return d;
}

/** Text areas grow with their text. While typing they only grow, measured once per animation
 * frame without resetting the height (resetting it re-lays out the whole case panel twice a
 * key: in the keystroke bench that alone doubled the p95 from keystroke to the screen); after
 * text is removed they fit it again once the typing pauses. Not `field-sizing: content`:
 * WebKitGTK 2.50 lost the page ("page crash or hang") with it on ~10 KB of text. */
function autoGrow(area) {
  let queued = false;
  let shrink = null;
  let last = area.value.length;
  const fit = () => {
    area.style.height = 'auto';
    area.style.height = Math.max(area.scrollHeight + 2, 48) + 'px';
  };
  const grow = () => {
    queued = false;
    if (area.scrollHeight > area.clientHeight) area.style.height = (area.scrollHeight + 2) + 'px';
  };
  area.addEventListener('input', () => {
    const shorter = area.value.length < last;
    last = area.value.length;
    if (shorter) { clearTimeout(shrink); shrink = setTimeout(fit, 600); }
    if (!queued) { queued = true; requestAnimationFrame(grow); }
  });
  requestAnimationFrame(fit);
}

export async function showOnScreen(caseId = app.currentCaseId) {
  if (!caseId) return;
  if (await attempt(() => call('screen_show_case', { caseId })) !== undefined) {
    app.screenCaseId = caseId;
    const b = document.querySelector('[data-testid=screen-show-case]');
    if (b) { b.textContent = 'Vises på skærmen'; b.classList.remove('primary'); }
  }
}

export async function screenNeutral() {
  if (await attempt(() => call('screen_neutral', { meetingId: app.runMeetingId })) !== undefined) {
    app.screenCaseId = null;
    const b = document.querySelector('[data-testid=screen-show-case]');
    if (b) { b.textContent = 'Vis på skærmen (F6)'; b.classList.add('primary'); }
  }
}


/** How many have no attendance registered yet (the citizen counts too). */
function unregistered(d) {
  return d.participants.filter((p) => !p.attendance).length + (d.citizen_attendance ? 0 : 1);
}

/** «Alle 8 til stede», «6 til stede · 1 virtuelt · 1 fraværende», «3 ikke registreret». */
function attendanceLine(d) {
  const all = [d.citizen_attendance, ...d.participants.map((p) => p.attendance)];
  const n = (a) => all.filter((x) => (x || null) === a).length;
  if (n('present') === all.length) return `Alle ${all.length} til stede`;
  return [[n('present'), 'til stede'], [n('virtual'), 'virtuelt'], [n('absent'), 'fraværende'], [n(null), 'ikke registreret']]
    .filter(([k]) => k > 0).map(([k, w]) => `${k} ${w}`).join(' · ');
}

/** Who is present, as one line that folds open (a <details>): open until the citizen's
 * attendance is registered, then one line («Alle 8 til stede · Ret») as the chair last left
 * it in this case, so that it does not stand between the case and its notes. «Alle til
 * stede» registers everyone not registered yet in one action. A change updates the line, the
 * choices and the evaluation's note on absence. */
function participantsBlock(d, caseId, locked) {
  const line = h('span', { testid: 'attendance-summary' });
  const edit = h('span', { class: 'fold-action', 'aria-hidden': 'true' });
  // The chair's own folding is remembered (a click, or Enter/Space, on the summary).
  const summary = h('summary', { testid: 'attendance-fold', onclick: () => setTimeout(() => unfolded.set(caseId, el.open)) },
    h('span', { class: 'fold-label' }, 'Fremmøde: '), line, edit);
  const changed = (ok, names) => {
    if (ok !== undefined) refreshBlocks(caseId, names);
    return ok;
  };
  const groups = new Map(); // participant id (or 'citizen') -> its segmented group
  const choice = (key, ...args) => {
    const group = segmented(...args);
    groups.set(key, group);
    return group;
  };
  const allPresent = h('button', { type: 'button', class: 'btn small', testid: 'attendance-all-present', disabled: locked,
    onclick: async () => {
      const n = await attempt(() => call('mark_all_present', { caseId }));
      if (n === undefined) return;
      const d2 = await refreshBlocks(caseId, ['participants', 'evaluation']);
      if (d2) announce(n ? `${n} registreret til stede. ${attendanceLine(d2)}.` : 'Alle var allerede registreret.');
      // Everyone registered: the block folds to its one line, focus on it (Enter opens it).
      el.open = false;
      unfolded.set(caseId, false);
      summary.focus();
    } }, 'Alle til stede');
  const citizen = h('div', { class: 'person' },
    h('span', { class: 'who' }, h('strong', { class: 'name' }, d.citizen_full_name), h('span', { class: 'muted role' }, ' – borgeren')),
    choice('citizen', 'cit-' + caseId, `Fremmøde: ${d.citizen_full_name}`, ATTENDANCE, d.citizen_attendance,
      async (v) => changed(await attempt(() => call('set_citizen_attendance', { caseId, attendance: v })), ['participants', 'evaluation']),
      locked, 'citizen-attendance'));
  const el = h('details', { class: 'card participants-card', open: !d.citizen_attendance || unfolded.get(caseId) },
    summary,
    h('p', { class: 'attendance-actions' }, allPresent),
    citizen,
    d.participants.map((p) => h('div', { class: 'person' },
      h('span', { class: 'who' }, h('strong', { class: 'name' }, p.name), h('span', { class: 'muted role' }, ` – ${p.role_title}${p.fixed ? '' : ' (ad hoc)'}`)),
      choice(p.participant_id, `cp-${caseId}-${p.participant_id}`, `Fremmøde: ${p.name}`, ATTENDANCE, p.attendance,
        async (v) => changed(await attempt(() => call('set_case_participant_attendance', { caseId, participantId: p.participant_id, attendance: v })), ['participants']),
        locked))));
  const update = (d2) => {
    line.textContent = attendanceLine(d2);
    edit.textContent = el.open ? '' : ' · Ret';
    allPresent.hidden = unregistered(d2) === 0;
    const citizenGroup = groups.get('citizen');
    if (citizenGroup.dataset.value !== (d2.citizen_attendance || '')) setSegmented(citizenGroup, d2.citizen_attendance);
    for (const p of d2.participants) {
      const g = groups.get(p.participant_id);
      if (g && g.dataset.value !== (p.attendance || '')) setSegmented(g, p.attendance);
    }
  };
  el.addEventListener('toggle', () => { edit.textContent = el.open ? '' : ' · Ret'; });
  update(d);
  return { el, update };
}

/** Siden sidst: the next steps and agreements carried over from earlier meetings, each to
 * review (Udført / Fortsætter / Droppet). A review updates its buttons in place; the comments
 * stay as typed. */
function carriedBlock(d, caseId) {
  if (!d.carried_over.length && !d.previous_next_steps) return { el: null, update() {} };
  const OUTCOMES = [['done', 'Udført'], ['continues', 'Fortsætter'], ['dropped', 'Droppet']];
  const buttons = new Map(); // agreement id -> [[outcome, button]]
  const el = h('div', { class: 'carried', testid: 'carried-over' },
    d.previous_next_steps ? h('p', { class: 'prev-steps' }, h('strong', {}, `Næste skridt fra ${d.previous_meeting_date_label}: `), d.previous_next_steps) : null,
    d.carried_over.length ? h('h4', {}, 'Aftaler fra tidligere møder') : null,
    d.carried_over.map((c) => {
      const comment = h('input', { placeholder: 'Kommentar (valgfri)', value: c.review?.comment || '', disabled: d.locked, 'aria-label': 'Kommentar' });
      const mark = async (outcome) => {
        const ok = await attempt(() => call('review_agreement', { caseId, agreementId: c.agreement.id, outcome, comment: comment.value }));
        if (ok !== undefined) refreshBlocks(caseId, ['carried']);
      };
      const row = OUTCOMES.map(([o, label]) => [o, h('button', {
        class: 'btn small', disabled: d.locked, testid: 'review-' + o, onclick: () => mark(o),
      }, label)]);
      buttons.set(c.agreement.id, row);
      return h('div', { class: 'carried-row', testid: 'carried-row', dataset: { id: c.agreement.id } },
        h('div', { class: 'what' }, h('strong', {}, c.agreement.what),
          h('span', { class: 'muted' }, ` – ${c.agreement.who_label || 'ingen ansvarlig'}, ${c.agreement.due_label || 'ingen dato'} (fra ${c.origin_date_label})`),
          c.earlier_review ? h('span', { class: 'badge' }, `Sidst: ${c.earlier_review.outcome_label}`) : null),
        h('div', { class: 'review' }, row.map(([, b]) => b), comment));
    }));
  const update = (d2) => {
    for (const c of d2.carried_over) {
      for (const [o, b] of buttons.get(c.agreement.id) || []) {
        const chosen = c.review?.outcome === o;
        b.classList.toggle('chosen', chosen);
        b.setAttribute('aria-pressed', String(chosen));
      }
    }
  };
  update(d);
  return { el, update };
}

/** The agreements made in this case and the form for a new one. Saving or deleting one
 * replaces the list only; after a save the form is emptied and closed and focus goes to
 * "Tilføj aftale", after a delete to the next row's "Slet" (else "Tilføj aftale"). */
function agreementsBlock(d, caseId) {
  const listBox = h('div', {});
  const status = h('p', { class: 'hint', role: 'status' });
  const drawList = (d2) => mount(listBox, d2.agreements.length ? h('table', { class: 'agreements' },
    h('thead', {}, h('tr', {}, ['Hvad', 'Hvem', 'Hvornår', ''].map((c) => h('th', {}, c)))),
    h('tbody', {}, d2.agreements.map((a, i) => h('tr', { testid: 'agreement-row', dataset: { id: a.id }, class: a.missing_owner_or_date ? 'incomplete' : '' },
      h('td', {}, a.what), h('td', {}, a.who_label || '–'), h('td', {}, a.due_label || '–'),
      h('td', {}, d2.locked ? null : confirmButton('Slet', 'Bekræft', async () => {
        if (await attempt(() => call('delete_agreement', { agreementId: a.id })) === undefined) return;
        if (!await refreshBlocks(caseId, ['agreements'])) return;
        status.textContent = 'Aftalen er slettet.';
        const rows = listBox.querySelectorAll('[data-testid=agreement-row] button');
        (rows[Math.min(i, rows.length - 1)] || add)?.focus();
      }, { title: `Slet aftalen: ${a.what}` })))))) : h('p', { class: 'muted' }, 'Ingen aftaler endnu.'));
  drawList(d);
  if (d.locked) return { el: h('div', { class: 'agreements-block' }, listBox), update: drawList };

  const what = h('input', { testid: 'agreement-what', placeholder: 'Hvad skal der ske?' });
  const who = h('select', { testid: 'agreement-who' },
    h('option', { value: '' }, 'Vælg ansvarlig …'),
    h('option', { value: 'citizen' }, `${d.citizen_display_name} (borgeren)`),
    d.participants.map((p) => h('option', { value: 'p:' + p.participant_id }, `${p.name} – ${p.role_title}`)),
    h('option', { value: 'org' }, 'En organisation …'));
  const org = h('input', { testid: 'agreement-org', placeholder: 'Organisation', hidden: true, 'aria-label': 'Organisation' });
  who.addEventListener('change', () => { org.hidden = who.value !== 'org'; if (!org.hidden) org.focus(); });
  const due = dateInput({ testid: 'agreement-due' });
  const next = h('input', { type: 'checkbox', testid: 'agreement-due-next' });
  next.addEventListener('change', () => { due.disabled = next.checked; });
  const reset = () => {
    form.reset();
    org.hidden = true;
    due.disabled = false;
    form.hidden = true;
  };
  const form = h('form', { class: 'agreement-form', hidden: true, onsubmit: async (e) => {
    e.preventDefault();
    const w = who.value === 'citizen' ? { kind: 'citizen' }
      : who.value.startsWith('p:') ? { kind: 'participant', id: who.value.slice(2) }
      : who.value === 'org' && org.value.trim() ? { kind: 'organisation', name: org.value } : null;
    const dueIso = dateValue(due);
    if (!next.checked && due.value.trim() && !confirmTyped(due)) { due.focus(); return; }
    const input = { what: what.value, who: w, due: next.checked ? { kind: 'next_meeting' } : dueIso ? { kind: 'date', date: dueIso } : null };
    if (await attempt(() => call('save_agreement', { caseId, input }), { at: form }) === undefined) return;
    if (!await refreshBlocks(caseId, ['agreements'])) return;
    reset();
    status.textContent = `Aftalen er gemt: ${input.what}`;
    add.focus();
  } },
  h('div', { class: 'grid-agreement' }, field('Hvad', what), field('Hvem', h('div', {}, who, org)),
    field('Hvornår', due), h('label', { class: 'inline-label' }, next, ' Inden næste møde')),
  h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'btn', onclick: () => { reset(); add.focus(); } }, 'Annullér'),
    h('button', { type: 'submit', class: 'btn primary', testid: 'agreement-save' }, 'Gem aftale')));
  const add = h('button', { type: 'button', class: 'btn', testid: 'agreement-add', onclick: () => { status.textContent = ''; form.hidden = false; what.focus(); } }, 'Tilføj aftale');
  return { el: h('div', { class: 'agreements-block' }, listBox, status, add, form), update: drawList };
}

/** The case's end: the citizen's next meeting, and the coming meetings of the series the
 * chair can put them on (a button each, `data-meeting-id`; one they are on already says so).
 * A choice saves itself (a new case there); focus then goes to the line that names it. */
function nextMeetingBlock(d, caseId) {
  const name = d.citizen_display_name;
  const now = h('p', { class: 'next-now', role: 'status' });
  const list = h('ul', { class: 'next-choices' });
  const draw = (d2) => {
    const n = d2.next_meeting;
    now.textContent = n.current_label ? `Næste møde for ${name}: ${n.current_label}.`
      : `${name} er ikke sat på et kommende møde endnu.`;
    mount(list, n.choices.length ? n.choices.map((c) => h('li', {},
      c.already
        ? h('span', { class: 'next-already', dataset: { meetingId: c.meeting_id, already: 'true' } },
          `${c.label} – ${name} er allerede på dagsordenen`)
        : h('button', { type: 'button', class: 'btn', dataset: { meetingId: c.meeting_id }, onclick: async () => {
          if (await attempt(() => call('put_on_next_meeting', { caseId, meetingId: c.meeting_id })) === undefined) return;
          if (await refreshBlocks(caseId, ['next'])) focusOn(now);
        } }, `Sæt på mødet ${c.label}`)))
      : h('li', { class: 'muted' }, 'Der er ingen kommende møder i rækken. Planlæg dem under Møder.'));
  };
  draw(d);
  const el = h('section', { class: 'next-meeting-block', testid: 'case-next-meeting', 'aria-labelledby': 'next-h-' + caseId },
    h('h4', { id: 'next-h-' + caseId }, 'Borgerens næste møde'), now, list);
  return { el, update: draw };
}

/** The citizen's evaluation: each answer saves itself as it is chosen, the citizen's own
 * words as they are typed (a note, with its kept texts); no button. A citizen registered
 * absent cannot answer: the answers are off (one already given can be set back to "Ikke
 * besvaret"); an attendance change updates only that, never a choice or the text. */
function evaluationBlock(d, caseId, locked) {
  // The questions are those of the case's meeting's template (a meeting held before the
  // questions changed keeps its own), each with the answers of its scale.
  // `eval-<key>` with `_` as `-` (`eval-common-goals`), for a question a team added too.
  const savers = [];
  const selects = d.questions.map((question) => {
    const el = h('select', { testid: 'eval-' + question.key.replaceAll('_', '-'), disabled: locked },
      question.answers.map(([v, l]) => h('option', { value: v }, l)));
    savers.push(editAnswer(`answer:${caseId}:${question.key}`, el, question.answer,
      (answer) => call('set_citizen_answer', { caseId, question: question.key, answer })));
    return { question, el };
  });
  const comment = h('textarea', { testid: 'eval-comment', rows: 2, disabled: locked, class: 'eval-text' });
  const { saver, kept } = noteEditor({ scope: 'case', case_id: caseId, key: 'eval:comment' }, comment, d.eval_comment, { locked });
  savers.push(saver);
  const note = h('p', { class: 'hint warn', role: 'status' });
  const applyAttendance = (d2) => {
    const absent = d2.citizen_attendance === 'absent';
    for (const { el } of selects) {
      for (const o of el.options) o.disabled = absent && o.value !== 'ubesvaret';
      el.disabled = locked || (absent && el.value === 'ubesvaret');
    }
    const answered = selects.some(({ el }) => el.value !== 'ubesvaret');
    note.textContent = locked ? ''
      : absent && answered ? 'Borgeren er registreret som fraværende, men der er registreret svar. Ret fremmødet, eller sæt svarene til »Ikke besvaret«.'
      : absent ? 'Borgeren er registreret som fraværende, så der registreres ingen svar. Borgerens egne ord kan stadig noteres.'
      : !d2.citizen_attendance ? 'Borgerens fremmøde er ikke registreret endnu. Svarene gemmes; registrér fremmødet øverst i sagen.'
      : '';
    note.hidden = !note.textContent;
  };
  let last = d;
  for (const { el: s } of selects) s.addEventListener('change', () => applyAttendance(last));
  applyAttendance(d);
  const el = h('section', { class: 'card evaluation', id: 'case-eval' },
    h('h3', {}, 'Borgerens evaluering'),
    note,
    h('div', { class: 'grid3' }, selects.map(({ question, el: s }) =>
      h('div', { testid: 'citizen-question-' + question.key, dataset: { key: question.key } }, field(question.question, s)))),
    h('div', { class: 'eval-field' }, field('Borgerens egne ord', comment), kept),
    blockSaveState(savers, 'eval-save', 'Svarene gemmes, så snart de er valgt.'));
  return { el, update: (d2) => { last = d2; applyAttendance(d2); } };
}
