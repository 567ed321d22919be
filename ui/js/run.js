// Running a meeting: the agenda walk with timers, attendance, theme notes, the case panel
// (case.js), the meeting's evaluation, closing and export.
// Keyboard (initRun): Alt+↓/Alt+↑ next/previous item, Alt+N the notes, F6 case on screen,
// F7 neutral, F1 help; F8 (curtain) is the window's (app.js).
// Focus: after every move on the agenda it lands on the item's notes (a case: its first note
// field; Månedens tema: its notes) or else the item's heading, and the move is announced
// (focus.js); opening the view puts it on the view's heading.
import { call } from './api.js';
import { h, mount, field, segmented } from './dom.js';
import { app } from './state.js';
import { go } from './nav.js';
import { attempt } from './errors.js';
import { openDialog } from './dialog.js';
import { editAnswer, flushAll, onSaveState } from './saver.js';
import { exportPanel } from './export.js';
import { blockSaveState, noteEditor, saveState, updateSaveState } from './editor.js';
import { ATTENDANCE, casePanel, screenNeutral, showOnScreen } from './case.js';
import { announce, focusOn } from './focus.js';

let run = null; // { id, agenda, content, tick, receivedAt, meeting, viewKey, overAnnounced }

// ---------------------------------------------------------------- the view

/** The run view of meeting `id`; focus goes to its heading (`focus` = 'heading') or, after
 * closing or reopening, to the item's ('item'). */
export async function runView(content, id, focus = 'heading') {
  clearInterval(run?.tick);
  const agenda = await attempt(() => call('open_meeting', { meetingId: id }));
  if (!agenda) return;
  const prep = await attempt(() => call('meeting_prep', { meetingId: id }));
  app.runMeetingId = id;
  run = { id, agenda, content, tick: null, receivedAt: Date.now(), meeting: prep?.meeting, viewKey: null, overAnnounced: new Set() };
  await render(focus);
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
    await render('item');
    return;
  }
  if (run.agenda.status === 'planned' && !(await startingOnAnotherDayConfirmed())) return;
  const agenda = await attempt(() => call('goto_item', { meetingId: run.id, to }));
  if (agenda) { setAgenda(agenda); await render('item'); }
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

/** Draws the run view. `focus`: 'heading' (the view was opened: its heading), 'item' (an
 * agenda move: the item's notes or heading, announced), or null (focus is not moved). Resolves
 * once the item's panel is drawn. */
function render(focus = null) {
  const a = run.agenda;
  const viewing = a.locked ? (run.viewKey ?? 'eventuelt') : null;
  const current = a.items.find((i) => (viewing ? i.key === viewing : i.current));
  const meeting = run.meeting;
  const panel = h('section', { class: 'item-panel', 'aria-label': current ? `Punkt ${current.number}: ${current.title}` : 'Punkt' });
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
            title: `${i.number} ${i.title}`,
            onclick: () => navigate(i.key),
          },
          h('span', { class: 'num' }, i.number),
          h('span', { class: 'title' }, i.title),
          h('span', { class: 'status', dataset: { key: i.key } }, i.status_label)))))),
      h('div', { class: 'run-main' },
        h('div', { class: 'item-nav' },
          h('button', { class: 'btn', testid: 'agenda-prev', onclick: () => navigate('prev'), title: 'Forrige punkt (Alt+↑)' }, '← Forrige'),
          h('div', { class: 'timer item', testid: 'timer-item' }),
          // The one «Alt er gemt» of the run view: in the sticky bar, in view while typing.
          saveState(),
          h('button', { class: 'btn primary', testid: 'agenda-next', onclick: () => navigate('next'), title: 'Næste punkt (Alt+↓)' }, 'Næste →')),
        a.status === 'planned' && !a.locked ? h('div', { class: 'start-card' },
          h('p', {}, 'Mødet starter ved punkt 1. Tiden måles pr. punkt.'),
          h('button', { class: 'btn primary big', testid: 'agenda-start', onclick: async () => {
            if (!(await startingOnAnotherDayConfirmed())) return;
            const v = await attempt(() => call('start_meeting', { meetingId: run.id }));
            if (v) { setAgenda(v); render('item'); }
          } }, 'Start mødet')) : null,
        panel)));
  tickTimers();
  const key = current?.key || null;
  const drawn = !key ? mount(panel, h('p', { class: 'muted' }, 'Vælg et punkt på dagsordenen, eller start mødet.'))
    : key === 'velkomst' ? attendancePanel(panel, current)
    : key === 'tema' ? themePanel(panel, current)
    : key.startsWith('case:') ? casePanel(panel, current.case_id, { onClosed: () => runView(run.content, run.id) })
    : key === 'evaluering' ? meetingEvalPanel(panel, current)
    : key === 'eventuelt' ? closingPanel(panel, current)
    : key === 'borgersager' ? mount(panel, h('h2', {}, heading(current)), h('p', { class: 'muted' }, 'Ingen borgersager på dette møde.'))
    : itemPanel(panel, current);
  return Promise.resolve(drawn).then(() => {
    if (!panel.isConnected) return; // drawn again meanwhile
    if (focus === 'heading') focusOn(run.content.querySelector('h1'));
    if (focus === 'item') {
      run.lastNote = null; // a new item: its first note field
      focusNotes(panel);
      if (current) announce(`Punkt ${current.number}: ${current.title}`);
    }
  });
}

/** Focus on the notes of the item shown (Alt+N, the skip link, and after an agenda move): in
 * a case the note field last written in (else the first), the theme's notes, the first field
 * of the meeting's evaluation; where an item has no notes, its heading. */
export function focusNotes(panel = document.querySelector('.item-panel')) {
  if (!panel) return false;
  const fields = [...panel.querySelectorAll('textarea.section-text, [data-testid=theme-notes], [data-testid=eventuelt-notes], [data-testid^=meval-]')]
    .filter((el) => !el.disabled && el.tagName === 'TEXTAREA');
  const last = fields.find((el) => el.dataset.testid === run?.lastNote);
  const target = last || fields[0] || panel.querySelector('h2');
  const ok = focusOn(target);
  // Fully in view with room below it, under the sticky bar, once it has its height: a field
  // at the window's bottom edge is brought to the middle.
  requestAnimationFrame(() => {
    if (!target?.isConnected) return;
    const r = target.getBoundingClientRect();
    const bar = document.querySelector('.item-nav')?.getBoundingClientRect().bottom || 0;
    if (r.top < bar || r.bottom > window.innerHeight - 48) target.scrollIntoView({ block: 'center' });
  });
  return ok;
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
    // An item's over-run is said once (the timers themselves are not live regions: they
    // change every second).
    if (running && remaining < 0 && !run.overAnnounced.has(cur.key)) {
      run.overAnnounced.add(cur.key);
      announce(`Punkt ${cur.number} er over den planlagte tid.`);
    }
    const st = document.querySelector(`.agenda .status[data-key="${CSS.escape(cur.key)}"]`);
    if (st) st.textContent = remainingText(remaining);
    st?.closest('.agenda-item')?.classList.toggle('over', remaining < 0);
  }
}

// ---------------------------------------------------------------- item panels

/** An item's heading as the meeting's template has it: «2. Månedens tema». */
function heading(item) {
  return `${item.number}. ${item.title}`;
}

/** An item the team added to its template: its title, what it is for, and its time. */
function itemPanel(panel, item) {
  mount(panel,
    h('h2', {}, heading(item)),
    item.description ? h('p', { class: 'item-description', testid: 'item-description' }, item.description) : null,
    h('p', { class: 'hint' }, `Afsat tid: ${item.planned_minutes} min. Punktet har ingen noter; skriv dem under Eventuelt, hvis de skal med i referatet.`));
}


async function attendancePanel(panel, item) {
  const rows = await attempt(() => call('member_attendance', { meetingId: run.id })) || [];
  mount(panel,
    h('h2', {}, heading(item)),
    h('p', { class: 'hint' }, 'Registrér fremmøde for de faste deltagere.'),
    h('table', { class: 'attendance' }, h('tbody', {}, rows.map((r) => h('tr', { testid: 'attendance-row', dataset: { id: r.participant_id } },
      h('th', { scope: 'row' }, r.name, h('br'), h('span', { class: 'muted' }, r.role_title)),
      h('td', {}, segmented('att-' + r.participant_id, `Fremmøde: ${r.name}`, ATTENDANCE, r.attendance,
        (v) => attempt(() => call('set_member_attendance', { meetingId: run.id, participantId: r.participant_id, attendance: v })),
        run.agenda.locked, 'attendance-' + r.participant_id)))))));
}

async function themePanel(panel, item) {
  const t = await attempt(() => call('theme_notes', { meetingId: run.id }));
  if (!t) return;
  const area = h('textarea', { testid: 'theme-notes', rows: 12, disabled: t.locked, 'aria-label': 'Noter til månedens tema' });
  const { kept } = noteEditor({ scope: 'meeting', meeting_id: run.id, key: 'tema' }, area, t.note, { locked: t.locked, onClosed: () => runView(run.content, run.id) });
  mount(panel,
    h('h2', {}, heading(item)),
    h('p', { class: 'theme-title' }, t.theme || 'Intet tema valgt'),
    area,
    kept);
  updateSaveState();
}


/** Item 4: the actors' evaluation, one block per organisation (Kommunen,
 * Regionspsykiatrien, Andre deltagere; a meeting held before they answered each on their own
 * has the team's joint answer). Each text saves itself as it is typed (a note, with its kept
 * texts), each answer as it is chosen; no button. Every block holds the same testids
 * (`meval-coherent`, `meval-<field>`), scoped by `actor-evaluation[data-organisation]`. */
async function meetingEvalPanel(panel, item) {
  const v = await attempt(() => call('meeting_evaluation', { meetingId: run.id }));
  if (!v) return;
  const savers = [];
  const blocks = v.orgs.map((o) => {
    const headingId = 'meval-h-' + o.org;
    const fields = o.fields.map((f) => {
      const area = h('textarea', { rows: 2, testid: 'meval-' + f.key, disabled: v.locked, class: 'eval-text' });
      const { saver, kept } = noteEditor({ scope: 'meeting', meeting_id: run.id, key: f.note_key }, area, f.note,
        { locked: v.locked, onClosed: () => runView(run.content, run.id) });
      savers.push(saver);
      return h('div', { class: 'eval-field' }, field(f.title, area), kept);
    });
    const coherent = h('select', { testid: 'meval-coherent', disabled: v.locked },
      [['', 'Ikke besvaret'], ['ja', 'Ja'], ['delvist', 'Delvist'], ['nej', 'Nej']].map(([val, l]) => h('option', { value: val }, l)));
    savers.push(editAnswer(`answer:meeting:${run.id}:${o.org}:coherent`, coherent, o.coherent || '',
      (answer) => call('set_meeting_coherent', { meetingId: run.id, org: o.org, answer: answer || null })));
    return h('section', { class: 'card actor-evaluation', testid: 'actor-evaluation', dataset: { organisation: o.org },
      'aria-labelledby': headingId },
      h('h3', { id: headingId }, o.title),
      field(v.question, coherent),
      fields);
  });
  mount(panel,
    h('h2', {}, heading(item)),
    v.orgs.length > 1 ? h('p', { class: 'hint' }, 'Hver organisation svarer for sig. Felter, der ikke er relevante, kan stå tomme.') : null,
    blocks,
    blockSaveState(savers, 'meval-save', 'Svar og tekst gemmes, mens der skrives.'));
  updateSaveState();
}

async function closingPanel(panel, item) {
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
            if (await attempt(() => call('reopen_meeting', { meetingId: run.id, reason: reason.value })) !== undefined) runView(run.content, run.id, 'item');
          } }, 'Genåbn'))));
    return;
  }
  const check = await attempt(() => call('closing_check', { meetingId: run.id }));
  if (!check) return;
  const warn = [];
  for (const n of check.cases_without_evaluation) warn.push(`${n}: borgerens evaluering mangler`);
  for (const x of check.agreements_missing_owner_or_date) warn.push(`Aftale uden ansvarlig eller dato – ${x}`);
  for (const o of check.actors_without_answer) warn.push(`Aktørernes evaluering: ${o} har ikke svaret på, om mødet bidrog til et mere sammenhængende forløb`);
  if (check.meeting_evaluation_missing && !check.actors_without_answer.length) warn.push('Aktørernes evaluering af mødet mangler');
  for (const x of check.unmerged_texts) warn.push(x);
  for (const x of check.attendance_not_registered) warn.push(`${x}: fremmøde ikke registreret`);
  for (const n of check.answers_without_attendance) warn.push(`${n}: svarene er gemt, men borgerens fremmøde er ikke registreret – registrér det`);
  const ev = await attempt(() => call('eventuelt_notes', { meetingId: run.id }));
  const area = h('textarea', { testid: 'eventuelt-notes', rows: 5, disabled: !ev || ev.locked, 'aria-label': 'Noter til Eventuelt' });
  const { kept } = ev ? noteEditor({ scope: 'meeting', meeting_id: run.id, key: 'eventuelt' }, area, ev.note,
    { locked: ev.locked, onClosed: () => runView(run.content, run.id) }) : { kept: null };
  mount(panel,
    h('h2', {}, heading(item)),
    h('label', { class: 'notes-label', for: 'eventuelt-notes' }, 'Noter til Eventuelt (kommer med i referatet)'),
    Object.assign(area, { id: 'eventuelt-notes' }),
    kept,
    h('section', { class: 'card', testid: 'closing-check' },
      h('h3', {}, 'Før mødet afsluttes'),
      warn.length ? h('ul', { class: 'warnings' }, warn.map((w) => h('li', {}, w))) : h('p', {}, 'Alt er udfyldt.'),
      h('p', { class: 'hint' }, 'Advarslerne forhindrer ikke, at mødet afsluttes. Når mødet er afsluttet, låses noterne.'),
      h('div', { class: 'actions' },
        h('button', { class: 'btn primary', testid: 'meeting-close', onclick: async () => {
          await flushAll();
          if (await attempt(() => call('close_meeting', { meetingId: run.id }))) runView(run.content, run.id, 'item');
        } }, 'Afslut mødet'))),
    exportPanel(run.id, false));
  updateSaveState();
}

// ---------------------------------------------------------------- keyboard + help

let help = null;

function toggleHelp() {
  if (help) { help.close(); help = null; return; }
  const keys = [
    ['Alt + ↓', 'Næste punkt på dagsordenen (starter mødet)'], ['Alt + ↑', 'Forrige punkt'],
    ['Alt + N', 'Til noterne: sagens notefelt, temaets noter'],
    ['F6', 'Vis den aktuelle sag på borgerskærmen'], ['F7', 'Borgerskærmen viser den neutrale side'],
    ['F8', 'Tæppe: borgerskærmen bliver blank med det samme (igen: tilbage)'],
    ['Ctrl + S', 'Gem nu'], ['Tab / Shift + Tab', 'Næste / forrige felt'],
    ['Alt + M / O / B / T / S / R', 'Møder / Opfølgning / Borgere / Team / Skabelon / Rapporter'], ['F1', 'Vis eller skjul denne oversigt'], ['Esc', 'Luk oversigten'],
  ];
  help = openDialog({
    title: 'Tastaturgenveje',
    testid: 'help-dialog',
    body: h('table', { class: 'keys' }, h('tbody', {}, keys.map(([k, d]) => h('tr', {}, h('th', {}, h('kbd', {}, k)), h('td', {}, d))))),
    buttons: [{ label: 'Luk', primary: true, cancel: true, action: () => { help = null; } }],
  });
}

/** Starts what the run view needs beyond its buttons: the "Alt er gemt" line follows the
 * editors (saver.js); F1 help (everywhere); Alt+↓/↑ items, Alt+N the notes, F6 case on screen,
 * F7 neutral, Ctrl+S save (in the run view); typed text saved when the page goes. */
export function initRun() {
  onSaveState(updateSaveState);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'F1') { e.preventDefault(); toggleHelp(); return; }
    if (!run || !document.body.contains(run.content) || !document.querySelector('.run-grid')) return;
    if (e.altKey && (e.key === 'ArrowDown' || e.key === 'PageDown')) { e.preventDefault(); navigate('next'); }
    else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'PageUp')) { e.preventDefault(); navigate('prev'); }
    else if (e.altKey && (e.key === 'n' || e.key === 'N')) { e.preventDefault(); focusNotes(); }
    else if (e.key === 'F6') { e.preventDefault(); showOnScreen(); }
    else if (e.key === 'F7') { e.preventDefault(); screenNeutral(); }
    else if (e.ctrlKey && (e.key === 's' || e.key === 'S')) { e.preventDefault(); flushAll(); }
  });
  // Alt+N goes back to the note field last written in.
  document.addEventListener('focusin', (e) => {
    if (run && e.target.matches?.('textarea.section-text, [data-testid=theme-notes]')) run.lastNote = e.target.dataset.testid;
  });
  window.addEventListener('beforeunload', () => { flushAll(); });
}
