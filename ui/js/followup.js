// Opfølgning: every open agreement of the team between meetings: overdue first, then those
// due before the citizen's next meeting, then the rest, then (folded) those closed lately; in
// each part by who is responsible (the core decides the state and the order).
// Filters keep their place while the list below them is drawn again; marking an agreement
// done or dropped asks for an optional comment in a dialog and is the same review as in the
// citizen's next case ("Siden sidst"). "Dine aftaler" writes the letter of one responsible or
// organisation.
import { call } from './api.js';
import { h, mount, field, confirmButton } from './dom.js';
import { attempt } from './errors.js';
import { openDialog } from './dialog.js';
import { announce, focusOn } from './focus.js';
import { go } from './nav.js';
import { groupOf, showFileResult } from './files.js';

// The filter is kept while the app runs, so coming back shows the same selection; so is
// whether the agreements closed lately are unfolded.
const filter = { responsible: '', organisation: '', overdue_only: false, citizen_id: '' };
let closedOpen = false;

function args() {
  return {
    filter: {
      responsible: filter.responsible || null,
      organisation: filter.organisation || null,
      overdue_only: filter.overdue_only,
      citizen_id: filter.citizen_id || null,
    },
  };
}

function select(testid, label, all, choices, key) {
  const el = h('select', { testid },
    h('option', { value: '' }, all),
    choices.map((c) => h('option', { value: c.key, selected: filter[key] === c.key }, c.label)));
  el.addEventListener('change', () => { filter[key] = el.value; el.dispatchEvent(new CustomEvent('filter', { bubbles: true })); });
  return field(label, el);
}

const STATE_CLASS = { open: '', overdue: 'state-overdue', done: 'status-closed', dropped: 'status-cancelled' };

/** Asks for a comment and marks the agreement; `after(ok)` draws the list again. */
function mark(row, outcome, after) {
  const verb = outcome === 'done' ? 'udført' : 'droppet';
  const comment = h('textarea', { rows: 3, testid: 'followup-comment', placeholder: 'Fx »Tiden er bestilt«' });
  openDialog({
    title: `Markér aftalen som ${verb}`,
    testid: 'followup-dialog',
    body: h('div', {},
      h('p', {}, h('strong', {}, row.what), ` – for ${row.citizen_label}`),
      h('p', { class: 'hint' }, row.next_case_id
        ? `Det vises i borgerens næste sag under »Siden sidst« (${row.next_case_label.replace('Næste møde: ', '')}).`
        : 'Borgeren er ikke på et kommende møde. Aftalen lukkes nu og følger ikke med til senere møder.'),
      field('Kommentar (valgfri)', comment)),
    buttons: [
      { label: 'Annullér', cancel: true, testid: 'followup-cancel' },
      {
        label: `Markér som ${verb}`, primary: true, testid: 'followup-confirm',
        action: async () => {
          const ok = await attempt(() => call('follow_up_agreement', { agreementId: row.agreement_id, outcome, comment: comment.value }));
          await after(ok !== undefined);
          if (ok !== undefined) announce(`Aftalen »${row.what}« er markeret som ${verb}.`);
        },
      },
    ],
  });
  comment.focus();
}

function rowEl(r, redraw) {
  const open = r.state === 'open' || r.state === 'overdue';
  return h('li', { class: `row followup-row ${r.state}`, testid: 'followup-row', tabindex: '-1', dataset: { agreementId: r.agreement_id, state: r.state } },
    h('div', { class: 'row-main' },
      h('p', { class: 'what' }, h('strong', {}, r.what)),
      h('p', { class: 'meta' },
        'For ', h('button', { type: 'button', class: 'link', title: 'Se borgerens forløb', onclick: () => go({ citizens: r.citizen_id }) }, r.citizen_label),
        ` · aftalt ${r.origin_date_label}`),
      h('p', { class: 'meta' },
        h('span', {}, `Frist: ${r.due_label}`),
        h('span', { class: `badge ${STATE_CLASS[r.state]}`, testid: 'followup-state' }, r.state_label),
        r.due_before_next_case ? h('span', { class: 'badge' }, 'Før næste møde') : null,
        h('span', { class: 'muted' }, ` · ${r.next_case_label}`)),
      r.consent_problem ? h('p', { class: 'meta warn', testid: 'followup-consent' }, `${r.consent_problem} Aftalen kommer ikke med i »Dine aftaler«.`) : null,
      r.review ? h('p', { class: 'meta muted' }, `${r.review.outcome_label} ${r.review.meeting_date_label}${r.review.comment ? ': ' + r.review.comment : ''}`) : null),
    open ? h('div', { class: 'row-actions', role: 'group', 'aria-label': `Opfølgning af »${r.what}«` },
      h('button', { type: 'button', class: 'btn small', testid: 'followup-mark-done', onclick: () => mark(r, 'done', redraw(r)) }, 'Udført …'),
      h('button', { type: 'button', class: 'btn small', testid: 'followup-mark-dropped', onclick: () => mark(r, 'dropped', redraw(r)) }, 'Droppet …'))
      : r.can_reopen ? h('div', { class: 'row-actions' },
        confirmButton('Genåbn', 'Bekræft: genåbn', async () => {
          const ok = await attempt(() => call('reopen_agreement', { agreementId: r.agreement_id }));
          await redraw(r)(ok !== undefined);
          if (ok !== undefined) announce(`Aftalen »${r.what}« er åben igen.`);
        }, { testid: 'followup-reopen', title: 'Tag markeringen tilbage: aftalen er åben igen' })) : null);
}

// One responsible's rows within a section.
function groupEl(g, redraw) {
  return h('section', { class: 'followup-group', testid: 'followup-group', dataset: { key: g.key } },
    h('h3', {}, g.label, h('span', { class: 'muted' }, ` (${g.rows.length})`)),
    h('ul', { class: 'rows' }, g.rows.map((r) => rowEl(r, redraw))));
}

// A part of the list (overdue, due before the next meeting, the other open ones, closed
// lately); the closed ones are folded away under their own heading.
function sectionEl(s, redraw) {
  const attrs = { class: `card followup-section ${s.kind}`, testid: 'followup-section', dataset: { kind: s.kind } };
  const groups = s.groups.map((g) => groupEl(g, redraw));
  if (s.kind === 'closed') {
    const fold = h('details', { ...attrs, open: closedOpen },
      h('summary', {}, h('h2', { class: 'inline' }, `${s.label} (${s.count})`)),
      groups);
    fold.addEventListener('toggle', () => { closedOpen = fold.open; });
    return fold;
  }
  return h('section', attrs, h('h2', {}, s.label, h('span', { class: 'muted' }, ` (${s.count})`)), groups);
}

export async function followupView(content) {
  const v = await attempt(() => call('follow_up', args()));
  if (!v) { mount(content, h('h1', {}, 'Opfølgning')); return; }
  const summary = h('p', { class: 'hint', testid: 'followup-summary', role: 'status' });
  const list = h('div', { class: 'followup-list' });
  const overdue = h('input', { type: 'checkbox', testid: 'followup-overdue-only', checked: filter.overdue_only });
  overdue.addEventListener('change', () => { filter.overdue_only = overdue.checked; draw(); });

  // Draws the list again; after marking, focus goes back to the marked agreement (a row just
  // closed is in the folded part, which opens so the row and its «Genåbn» stay in reach).
  const redraw = (r) => async (ok) => {
    await draw();
    const el = ok ? list.querySelector(`[data-agreement-id="${r.agreement_id}"]`) : null;
    const fold = el?.closest('details');
    if (fold) { fold.open = true; closedOpen = true; }
    if (el) focusOn(el);
  };
  async function draw(view) {
    const w = view || await attempt(() => call('follow_up', args()));
    if (!w) return;
    const filtered = filter.overdue_only || filter.responsible || filter.organisation || filter.citizen_id;
    summary.textContent = `${w.summary}${filtered ? ' (med de valgte filtre)' : ''} I dag er ${w.today_label}.`;
    mount(list, w.sections.length ? w.sections.map((s) => sectionEl(s, redraw))
      : h('p', { class: 'muted', testid: 'followup-empty' }, filtered
        ? 'Ingen aftaler matcher filtrene.' : 'Der er ingen åbne aftaler. Alt er fulgt op.'));
  }
  const filters = h('form', { class: 'card inline followup-filters', 'aria-label': 'Filtre', onsubmit: (e) => e.preventDefault() },
    select('followup-responsible', 'Ansvarlig', 'Alle ansvarlige', v.responsibles, 'responsible'),
    select('followup-organisation', 'Organisation', 'Alle organisationer', v.organisations.map((o) => ({ key: o, label: o })), 'organisation'),
    select('followup-citizen', 'Borger', 'Alle borgere', v.citizens, 'citizen_id'),
    h('label', { class: 'check' }, overdue, ' Kun overskredne'));
  filters.addEventListener('filter', () => draw());
  const pdf = h('button', { type: 'button', class: 'btn', testid: 'followup-pdf', onclick: async () => {
    const path = await attempt(() => call('export_agreements_pdf', args()), { at: groupOf(pdf) });
    if (path) showFileResult(pdf, 'followup-pdf', path, { lines: [h('p', {}, 'Dine aftaler (PDF): gemt.')] });
  } }, 'Dine aftaler (PDF)');
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Opfølgning'), h('div', { class: 'head-buttons' }, pdf)),
    h('p', { class: 'hint' }, 'Teamets åbne aftaler mellem møderne. Når en aftale er fulgt op, markeres den her; det vises i borgerens næste sag under »Siden sidst«. »Dine aftaler« er et brev til den valgte ansvarlige eller organisation: hvad, for hvem og hvornår – ingen noter.'),
    filters, summary, list);
  await draw(v);
}
