// Running a meeting: the agenda walk with timers, attendance, theme notes, the case editor
// (sections saved as typed, revision-checked), Siden sidst, agreements, evaluations, closing.
// Keyboard (initRun): Alt+↓/Alt+↑ next/previous item, F6 case on screen, F7 neutral, F1 help;
// F8 (curtain) is the window's (app.js).
import { call } from './api.js';
import { h, mount, field, confirmButton } from './dom.js';
import { app } from './state.js';
import { go } from './nav.js';
import { attempt } from './errors.js';
import { openDialog } from './dialog.js';
import { editNote, flushAll, forgetDetached, onSaveState, overallState } from './saver.js';
import { exportPanel } from './export.js';

const ANSWERS = [['ubesvaret', 'Ikke besvaret'], ['ja', 'Ja'], ['delvist', 'Delvist'], ['nej', 'Nej']];
const ATTENDANCE = [['present', 'Til stede'], ['virtual', 'Virtuelt'], ['absent', 'Fraværende']];

let run = null; // { id, agenda, content, tick }
let shown = null; // the case panel shown: { caseId, participants, carried, agreements, evaluation }

// ---------------------------------------------------------------- saving as typed

function updateSaveState(state = overallState()) {
  const el = document.querySelector('[data-testid=save-state]');
  if (!el || el.dataset.state === state) return;
  el.dataset.state = state;
  el.textContent = state === 'error' ? 'Ikke gemt – teksten er bevaret, prøver igen'
    : state === 'saving' ? 'Gemmer …' : 'Alt er gemt';
}

/** Texts kept beside a note because they could not be saved into it (the stored text was
 * newer, or the meeting had been closed): shown under the note to merge or remove. */
function keptBlock(kept, saver, locked) {
  const box = h('div', { class: 'kept', testid: 'kept-texts' });
  const render = (list) => mount(box, list.length ? h('div', { class: 'notice warn', role: 'status' },
    h('strong', {}, list.length === 1 ? 'Tekst der ikke er flettet ind' : `${list.length} tekster der ikke er flettet ind`),
    list.map((k) => h('div', { class: 'kept-item', testid: 'kept-text', dataset: { id: k.id, reason: k.reason } },
      h('p', { class: 'hint' }, k.label),
      h('blockquote', { class: 'kept-body' }, k.text),
      locked ? h('p', { class: 'hint' }, 'Genåbn mødet for at flette teksten ind.') : h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn small', testid: 'kept-merge', onclick: async () => {
          await saver.flush();
          if (saver.pending) return;
          const state = await attempt(() => call('merge_kept_text', { id: k.id, baseRevision: saver.rev }));
          if (state) { saver.load(state); render(state.kept); saver.el.focus(); }
        } }, 'Indsæt under teksten'),
        confirmButton('Fjern', 'Bekræft: fjern teksten', async () => {
          if (await attempt(() => call('discard_kept_text', { id: k.id })) !== undefined) {
            render(list.filter((x) => x.id !== k.id));
          }
        }, { testid: 'kept-discard' }))))) : null);
  render(kept);
  return { box, render };
}

/** A text area for `note` saved as typed, with its kept texts under it. */
function noteEditor(note, area, state, { preview = null, edit = null, locked = false } = {}) {
  let kept = null;
  const saver = editNote(note, area, state, {
    preview,
    edit,
    onReopen: (st, e) => {
      kept?.render(st.kept);
      if (e.kind !== 'StaleRevision' && run) runView(run.content, run.id); // closed meanwhile
    },
  });
  kept = keptBlock(state.kept, saver, locked);
  return { saver, kept: kept.box };
}

// ---------------------------------------------------------------- the view

export async function runView(content, id) {
  clearInterval(run?.tick);
  const agenda = await attempt(() => call('open_meeting', { meetingId: id }));
  if (!agenda) return;
  const prep = await attempt(() => call('meeting_prep', { meetingId: id }));
  run = { id, agenda, content, tick: null, receivedAt: Date.now(), meeting: prep?.meeting, viewKey: null };
  render();
  run.tick = setInterval(tickTimers, 1000);
}

function setAgenda(agenda) {
  run.agenda = agenda;
  run.receivedAt = Date.now();
}

async function navigate(to) {
  await flushAll();
  if (run.agenda.locked) {
    // A closed meeting is browsed read-only: its timings are not touched.
    const keys = run.agenda.items.map((i) => i.key);
    const at = keys.indexOf(run.viewKey ?? 'eventuelt');
    run.viewKey = to === 'next' ? keys[Math.min(at + 1, keys.length - 1)]
      : to === 'prev' ? keys[Math.max(at - 1, 0)] : to;
    render();
    return;
  }
  if (run.agenda.status === 'planned' && !(await startingOnAnotherDayConfirmed())) return;
  const agenda = await attempt(() => call('goto_item', { meetingId: run.id, to }));
  if (agenda) { setAgenda(agenda); render(); }
}

/**
 * Starting a meeting whose date is not today asks first (the chair may have opened the
 * wrong meeting). Resolves true to go on.
 */
function startingOnAnotherDayConfirmed() {
  const m = run.meeting;
  if (!m || m.starts_today) return Promise.resolve(true);
  return new Promise((resolve) => {
    openDialog({
      title: 'Start et møde, der ikke er i dag?',
      testid: 'start-other-day',
      body: h('p', {}, `Mødet er planlagt til ${m.date_label} ${m.time_label}. Vil du starte det nu?`),
      buttons: [
        { label: 'Annullér', testid: 'start-other-day-cancel', cancel: true, action: () => resolve(false) },
        { label: 'Start mødet nu', testid: 'start-other-day-confirm', primary: true, action: () => resolve(true) },
      ],
    });
  });
}

function render() {
  const a = run.agenda;
  const viewing = a.locked ? (run.viewKey ?? 'eventuelt') : null;
  const current = a.items.find((i) => (viewing ? i.key === viewing : i.current));
  const meeting = run.meeting;
  const panel = h('section', { class: 'item-panel', 'aria-live': 'polite' });
  mount(run.content,
    h('header', { class: 'run-head' },
      h('div', {},
        h('p', { class: 'eyebrow' }, a.locked ? 'Mødet er afsluttet' : a.status === 'planned' ? 'Mødet er ikke startet' : 'Møde i gang'),
        h('h1', {}, meeting?.date_label || 'Mødet')),
      h('div', { class: `timer ${a.overrun ? 'over' : ''}`, testid: 'timer-meeting' }),
      h('div', { class: 'head-buttons' },
        h('button', { class: 'btn', onclick: () => { flushAll(); go({ meeting: run.id }); } }, 'Forberedelse'),
        h('button', { class: 'btn', testid: 'help-open', onclick: toggleHelp, title: 'Tastatur (F1)' }, 'Taster (F1)'))),
    a.locked ? h('p', { class: 'notice' }, 'Mødet er afsluttet, og noterne er låst. Genåbn mødet under "Eventuelt og næste møde" for at rette.') : null,
    a.planned_warning ? h('p', { class: 'notice warn' }, a.planned_warning) : null,
    h('div', { class: 'run-grid' },
      h('nav', { class: 'agenda', 'aria-label': 'Dagsorden' },
        h('ol', {}, a.items.map((i) => h('li', {},
          h('button', {
            testid: 'agenda-item', class: `agenda-item ${i === current ? 'current' : ''} ${i.overrun ? 'over' : ''} ${i.group_title ? 'sub' : ''}`,
            dataset: { key: i.key, current: i === current ? 'true' : 'false' }, 'aria-current': i === current ? 'step' : null,
            onclick: () => navigate(i.key),
          },
          h('span', { class: 'num' }, i.number),
          h('span', { class: 'title' }, i.title),
          h('span', { class: 'status', dataset: { key: i.key } }, i.status_label)))))),
      h('div', { class: 'run-main' },
        h('div', { class: 'item-nav' },
          h('button', { class: 'btn', testid: 'agenda-prev', onclick: () => navigate('prev'), title: 'Forrige punkt (Alt+↑)' }, '← Forrige'),
          h('div', { class: 'timer item', testid: 'timer-item' }),
          h('button', { class: 'btn primary', testid: 'agenda-next', onclick: () => navigate('next'), title: 'Næste punkt (Alt+↓)' }, 'Næste →')),
        a.status === 'planned' && !a.locked ? h('div', { class: 'start-card' },
          h('p', {}, 'Mødet starter ved punkt 1. Tiden måles pr. punkt.'),
          h('button', { class: 'btn primary big', testid: 'agenda-start', onclick: async () => {
            if (!(await startingOnAnotherDayConfirmed())) return;
            const v = await attempt(() => call('start_meeting', { meetingId: run.id }));
            if (v) { setAgenda(v); render(); }
          } }, 'Start mødet')) : null,
        panel)));
  tickTimers();
  const key = current?.key || null;
  if (!key) mount(panel, h('p', { class: 'muted' }, 'Vælg et punkt på dagsordenen, eller start mødet.'));
  else if (key === 'velkomst') attendancePanel(panel);
  else if (key === 'tema') themePanel(panel);
  else if (key.startsWith('case:')) casePanel(panel, current.case_id);
  else if (key === 'evaluering') meetingEvalPanel(panel);
  else if (key === 'eventuelt') closingPanel(panel);
  else mount(panel, h('h2', {}, current.title), h('p', { class: 'muted' }, 'Ingen borgersager på dette møde.'));
}

// ---------------------------------------------------------------- timers

function mmss(sec) {
  const s = Math.max(0, Math.floor(sec));
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const p = (n) => String(n).padStart(2, '0');
  return hh ? `${hh}:${p(mm)}:${p(ss)}` : `${p(mm)}:${p(ss)}`;
}

function remainingText(remainingSec) {
  const m = Math.round(Math.abs(remainingSec) / 60);
  return remainingSec < 0 ? `${m} min over` : `${m} min tilbage`;
}

function tickTimers() {
  if (!run) return;
  const a = run.agenda;
  const running = a.status === 'running';
  const extra = running ? (Date.now() - run.receivedAt) / 1000 : 0;
  const mEl = document.querySelector('[data-testid=timer-meeting]');
  if (mEl) {
    const elapsed = a.elapsed_seconds + extra;
    const remaining = a.duration_minutes * 60 - elapsed;
    mEl.classList.toggle('over', remaining < 0);
    mEl.textContent = a.status === 'planned' ? `Møde: ${a.duration_minutes} min` : `Møde ${mmss(elapsed)} · ${remainingText(remaining)}`;
  }
  const cur = a.items.find((i) => i.current);
  const iEl = document.querySelector('[data-testid=timer-item]');
  if (iEl) {
    if (!cur) { iEl.textContent = ''; return; }
    const elapsed = cur.elapsed_seconds + extra;
    const remaining = cur.planned_minutes * 60 - elapsed;
    iEl.classList.toggle('over', remaining < 0);
    iEl.textContent = `Punkt ${cur.number}: ${mmss(elapsed)} af ${cur.planned_minutes} min · ${remainingText(remaining)}`;
    const st = document.querySelector(`.agenda .status[data-key="${CSS.escape(cur.key)}"]`);
    if (st) st.textContent = remainingText(remaining);
    st?.closest('.agenda-item')?.classList.toggle('over', remaining < 0);
  }
}

// ---------------------------------------------------------------- item panels

/** Radio buttons as one choice. `onChange(v)` resolves to undefined when the change was
 * refused (the banner says why): the choice then goes back to what it was. */
function segmented(name, label, options, value, onChange, disabled, testid) {
  const group = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': label, testid, dataset: { value: value || '' } },
    options.map(([v, l]) => h('label', { class: 'seg' },
      h('input', { type: 'radio', name, value: v, checked: value === v, disabled, onchange: async () => {
        const before = group.dataset.value;
        group.dataset.value = v;
        if (await onChange(v) === undefined && group.dataset.value === v) {
          group.dataset.value = before;
          for (const r of group.querySelectorAll('input')) r.checked = r.value === before;
        }
      } }),
      h('span', {}, l))));
  return group;
}

async function attendancePanel(panel) {
  const rows = await attempt(() => call('member_attendance', { meetingId: run.id })) || [];
  mount(panel,
    h('h2', {}, '1. Velkomst og præsentationsrunde'),
    h('p', { class: 'hint' }, 'Registrér fremmøde for de faste deltagere.'),
    h('table', { class: 'attendance' }, h('tbody', {}, rows.map((r) => h('tr', { testid: 'attendance-row', dataset: { id: r.participant_id } },
      h('th', { scope: 'row' }, r.name, h('br'), h('span', { class: 'muted' }, r.role_title)),
      h('td', {}, segmented('att-' + r.participant_id, `Fremmøde: ${r.name}`, ATTENDANCE, r.attendance,
        (v) => attempt(() => call('set_member_attendance', { meetingId: run.id, participantId: r.participant_id, attendance: v })),
        run.agenda.locked, 'attendance-' + r.participant_id)))))));
}

async function themePanel(panel) {
  const t = await attempt(() => call('theme_notes', { meetingId: run.id }));
  if (!t) return;
  const area = h('textarea', { testid: 'theme-notes', rows: 12, disabled: t.locked, 'aria-label': 'Noter til månedens tema' });
  const { kept } = noteEditor({ scope: 'meeting', meeting_id: run.id, key: 'tema' }, area, t.note, { locked: t.locked });
  mount(panel,
    h('h2', {}, '2. Månedens tema'),
    h('p', { class: 'theme-title' }, t.theme || 'Intet tema valgt'),
    saveState(),
    area,
    kept);
  updateSaveState();
  area.focus();
}

function saveState() {
  return h('p', { class: 'save-state', testid: 'save-state', dataset: { state: 'saved' }, role: 'status' }, 'Alt er gemt');
}

async function meetingEvalPanel(panel) {
  const e = await attempt(() => call('meeting_evaluation', { meetingId: run.id })) || {};
  const t = app.state.template.meeting_evaluation;
  const areas = Object.fromEntries(t.fields.map((f) => {
    const a = h('textarea', { rows: 3, testid: 'meval-' + f.key, disabled: run.agenda.locked });
    a.value = e[f.key] || '';
    return [f.key, a];
  }));
  const coherent = h('select', { testid: 'meval-coherent', disabled: run.agenda.locked },
    [['', 'Ikke besvaret'], ['ja', 'Ja'], ['delvist', 'Delvist'], ['nej', 'Nej']].map(([v, l]) => h('option', { value: v, selected: (e.coherent || '') === v }, l)));
  const status = h('p', { class: 'hint', role: 'status' });
  mount(panel,
    h('h2', {}, '4. Aktørernes evaluering af mødet'),
    t.fields.map((f) => field(f.title, areas[f.key])),
    field(t.coherence_question, coherent),
    h('div', { class: 'actions' }, status,
      h('button', { class: 'btn primary', testid: 'meval-save', disabled: run.agenda.locked, onclick: async () => {
        const input = { effects: areas.effects.value, experiences: areas.experiences.value, learning: areas.learning.value, coherent: coherent.value || null };
        if (await attempt(() => call('save_meeting_evaluation', { meetingId: run.id, input })) !== undefined) status.textContent = 'Evalueringen er gemt.';
      } }, 'Gem evaluering')));
}

async function closingPanel(panel) {
  const a = run.agenda;
  if (a.locked) {
    const reason = h('input', { testid: 'meeting-reopen-reason', placeholder: 'Hvorfor genåbnes mødet?' });
    mount(panel,
      h('h2', {}, 'Mødet er afsluttet'),
      exportPanel(run.id, true),
      h('section', { class: 'card' }, h('h3', {}, 'Genåbn mødet'),
        h('p', { class: 'hint' }, 'Genåbning registreres med tidspunkt og begrundelse.'),
        h('div', { class: 'inline' }, field('Begrundelse', reason),
          h('button', { class: 'btn', testid: 'meeting-reopen', onclick: async () => {
            if (await attempt(() => call('reopen_meeting', { meetingId: run.id, reason: reason.value })) !== undefined) runView(run.content, run.id);
          } }, 'Genåbn'))));
    return;
  }
  const check = await attempt(() => call('closing_check', { meetingId: run.id }));
  if (!check) return;
  const warn = [];
  for (const n of check.cases_without_evaluation) warn.push(`${n}: borgerens evaluering mangler`);
  for (const x of check.agreements_missing_owner_or_date) warn.push(`Aftale uden ansvarlig eller dato – ${x}`);
  if (check.meeting_evaluation_missing) warn.push('Aktørernes evaluering af mødet mangler');
  for (const x of check.unmerged_texts) warn.push(x);
  mount(panel,
    h('h2', {}, '5. Eventuelt og næste møde'),
    h('section', { class: 'card', testid: 'closing-check' },
      h('h3', {}, 'Før mødet afsluttes'),
      warn.length ? h('ul', { class: 'warnings' }, warn.map((w) => h('li', {}, w))) : h('p', {}, 'Alt er udfyldt.'),
      h('p', { class: 'hint' }, 'Advarslerne forhindrer ikke, at mødet afsluttes. Når mødet er afsluttet, låses noterne.'),
      h('div', { class: 'actions' },
        h('button', { class: 'btn primary', testid: 'meeting-close', onclick: async () => {
          await flushAll();
          if (await attempt(() => call('close_meeting', { meetingId: run.id }))) runView(run.content, run.id);
        } }, 'Afslut mødet'))),
    exportPanel(run.id, false));
}

// ---------------------------------------------------------------- the case editor

/** The case panel: the section editors, and blocks that bring themselves up to date from a
 * fresh `case_detail` (`update(d)`) without touching the editors (focus, caret and typed text
 * stay where they are). */
async function casePanel(panel, caseId) {
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
  };
  const sections = d.sections.map((s) => {
    const area = h('textarea', { testid: 'section-' + s.key, rows: 3, disabled: locked, 'aria-label': s.title, class: 'section-text' });
    const note = { scope: 'case', case_id: caseId, key: s.key };
    const { kept } = noteEditor(note, area, s, {
      locked,
      preview: (text, base) => call('preview_section', { caseId, key: s.key, text, baseRevision: base }),
      edit: (edit) => call('edit_section', { caseId, key: s.key, edit }),
    });
    autoGrow(area);
    return h('div', { class: 'section-field' },
      h('label', { for: 'sec-' + s.key }, h('span', { class: 'sec-title' }, s.title), h('span', { class: 'sec-question' }, s.question)),
      Object.assign(area, { id: 'sec-' + s.key }),
      kept,
      s.key === 'siden_sidst' ? blocks.carried.el : null,
      s.key === 'aftaler' ? blocks.agreements.el : null);
  });
  mount(panel,
    h('div', { class: 'case-top' },
      h('div', {},
        h('h2', { class: 'case-name' }, d.citizen_full_name, d.citizen_display_name !== d.citizen_full_name.split(' ')[0] ? h('span', { class: 'muted' }, ` (på skærmen: ${d.citizen_display_name})`) : null),
        h('p', { class: 'muted' }, d.meeting_date_label)),
      h('div', { class: 'screen-buttons' },
        h('button', { class: `btn ${onScreen ? '' : 'primary'}`, testid: 'screen-show-case', title: 'Vis sagen på borgerskærmen (F6)',
          onclick: () => showOnScreen(caseId) }, onScreen ? 'Vises på skærmen' : 'Vis på skærmen (F6)'),
        h('button', { class: 'btn', testid: 'screen-neutral', title: 'Neutral side (F7)', onclick: () => screenNeutral() }, 'Neutral side (F7)'))),
    saveState(),
    blocks.participants.el,
    sections,
    blocks.evaluation.el);
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
    area.style.height = Math.max(area.scrollHeight + 2, 64) + 'px';
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
  if (await attempt(() => call('screen_neutral', { meetingId: run?.id || null })) !== undefined) {
    app.screenCaseId = null;
    const b = document.querySelector('[data-testid=screen-show-case]');
    if (b) { b.textContent = 'Vis på skærmen (F6)'; b.classList.add('primary'); }
  }
}

function presentCount(d) {
  const here = (a) => a && a !== 'absent';
  return d.participants.filter((p) => p.attendance !== 'absent').length + (here(d.citizen_attendance) ? 1 : 0);
}

/** Who is present. A change updates the count here and the evaluation's note on absence;
 * the choices themselves stay as clicked (or go back when refused). */
function participantsBlock(d, caseId, locked) {
  const summary = h('summary', {}, `Til stede (${presentCount(d)})`);
  const changed = (ok, names) => {
    if (ok !== undefined) refreshBlocks(caseId, names);
    return ok;
  };
  const citizen = h('div', { class: 'person' },
    h('span', { class: 'who' }, h('strong', {}, d.citizen_full_name), h('span', { class: 'muted' }, ' – borgeren')),
    segmented('cit-' + caseId, `Fremmøde: ${d.citizen_full_name}`, ATTENDANCE, d.citizen_attendance,
      async (v) => changed(await attempt(() => call('set_citizen_attendance', { caseId, attendance: v })), ['participants', 'evaluation']),
      locked, 'citizen-attendance'));
  const el = h('details', { class: 'card participants-card', open: !d.citizen_attendance },
    summary,
    citizen,
    d.participants.map((p) => h('div', { class: 'person' },
      h('span', { class: 'who' }, h('strong', {}, p.name), h('span', { class: 'muted' }, ` – ${p.role_title}${p.fixed ? '' : ' (ad hoc)'}`)),
      segmented(`cp-${caseId}-${p.participant_id}`, `Fremmøde: ${p.name}`, ATTENDANCE, p.attendance,
        async (v) => changed(await attempt(() => call('set_case_participant_attendance', { caseId, participantId: p.participant_id, attendance: v })), ['participants']),
        locked))));
  return { el, update: (d2) => { summary.textContent = `Til stede (${presentCount(d2)})`; } };
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
  const due = h('input', { testid: 'agreement-due', type: 'date' });
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
    const input = { what: what.value, who: w, due: next.checked ? { kind: 'next_meeting' } : due.value ? { kind: 'date', date: due.value } : null };
    if (await attempt(() => call('save_agreement', { caseId, input })) === undefined) return;
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

/** The citizen's evaluation. An attendance change updates only its note on absence (answers
 * being chosen stay). */
function evaluationBlock(d, caseId, locked) {
  const e = d.citizen_evaluation || {};
  const absent = (d2) => !d2.citizen_attendance || d2.citizen_attendance === 'absent';
  const q = app.state.template.citizen_evaluation;
  const sel = (key, testid) => h('select', { testid, disabled: locked },
    ANSWERS.map(([v, l]) => h('option', { value: v, selected: (e[key] || 'ubesvaret') === v }, l)));
  const involved = sel('involved', 'eval-involved');
  const ownership = sel('ownership', 'eval-ownership');
  const goals = sel('common_goals', 'eval-common-goals');
  const comment = h('textarea', { testid: 'eval-comment', rows: 2, disabled: locked });
  comment.value = e.comment || '';
  const status = h('p', { class: 'hint', role: 'status' }, d.citizen_evaluation ? 'Evalueringen er gemt.' : '');
  const absentNote = h('p', { class: 'hint warn', hidden: !absent(d) }, 'Borgeren er ikke registreret som til stede: svarene gemmes som "Ikke besvaret".');
  const el = h('section', { class: 'card evaluation', id: 'case-eval' },
    h('h3', {}, 'Borgerens evaluering'),
    absentNote,
    h('div', { class: 'grid3' }, field(q[0].question, involved), field(q[1].question, ownership), field(q[2].question, goals)),
    field('Kommentar', comment),
    h('div', { class: 'actions' }, status,
      h('button', { class: 'btn primary', testid: 'eval-save', disabled: locked, onclick: async () => {
        const input = { involved: involved.value, ownership: ownership.value, common_goals: goals.value, comment: comment.value };
        if (await attempt(() => call('save_citizen_evaluation', { caseId, input })) !== undefined) status.textContent = 'Evalueringen er gemt.';
      } }, 'Gem evaluering')));
  return { el, update: (d2) => { absentNote.hidden = !absent(d2); } };
}

// ---------------------------------------------------------------- keyboard + help

let help = null;

function toggleHelp() {
  if (help) { help.close(); help = null; return; }
  const keys = [
    ['Alt + ↓', 'Næste punkt på dagsordenen'], ['Alt + ↑', 'Forrige punkt'],
    ['F6', 'Vis den aktuelle sag på borgerskærmen'], ['F7', 'Borgerskærmen viser den neutrale side'],
    ['F8', 'Tæppe: borgerskærmen bliver blank med det samme (igen: tilbage)'],
    ['Ctrl + S', 'Gem nu'], ['Tab / Shift + Tab', 'Næste / forrige felt'],
    ['Alt + M / B / T / R', 'Møder / Borgere / Team / Rapporter'], ['F1', 'Vis eller skjul denne oversigt'], ['Esc', 'Luk oversigten'],
  ];
  help = openDialog({
    title: 'Tastaturgenveje',
    testid: 'help-dialog',
    body: h('table', { class: 'keys' }, h('tbody', {}, keys.map(([k, d]) => h('tr', {}, h('th', {}, h('kbd', {}, k)), h('td', {}, d))))),
    buttons: [{ label: 'Luk', primary: true, cancel: true, action: () => { help = null; } }],
  });
}

/** Starts what the run view needs beyond its buttons: the "Alt er gemt" line follows the
 * editors (saver.js); F1 help (everywhere); Alt+↓/↑ items, F6 case on screen, F7 neutral,
 * Ctrl+S save (in the run view); typed text saved when the page goes. */
export function initRun() {
  onSaveState(updateSaveState);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'F1') { e.preventDefault(); toggleHelp(); return; }
    if (!run || !document.body.contains(run.content) || !document.querySelector('.run-grid')) return;
    if (e.altKey && (e.key === 'ArrowDown' || e.key === 'PageDown')) { e.preventDefault(); navigate('next'); }
    else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'PageUp')) { e.preventDefault(); navigate('prev'); }
    else if (e.key === 'F6') { e.preventDefault(); showOnScreen(); }
    else if (e.key === 'F7') { e.preventDefault(); screenNeutral(); }
    else if (e.ctrlKey && (e.key === 's' || e.key === 'S')) { e.preventDefault(); flushAll(); }
  });
  window.addEventListener('beforeunload', () => { flushAll(); });
}
