// Rapporter: the trial's indicators for a range of meeting dates (default the last 6
// months), as figures, charts with their tables, and files for the working group (PDF,
// CSV per case and per meeting). The core decides everything shown: only held meetings
// count (the others in the range are named), and small numbers are hidden with whatever
// would give them away ("skjult"; in a chart one grey part).
import { dateInput, dateValue, isoOf } from './dates.js';
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { attempt } from './errors.js';
import { barChart } from './chart.js';
import { groupOf, showFileResult } from './files.js';
import { importedTexts, importControl, teamsBody } from './report-teams.js';

const HIDDEN = 'Skjult';

function cellText(c) {
  return c.share ? `${c.shown} (${c.share})` : c.shown;
}

function table(caption, header, rows) {
  return h('table', { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, header.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

/** The legend of a table's chart and its rows' parts: the columns, and «Skjult» when a bar
 * has a hidden part. A question's fifth column («Ikke stillet») is drawn after «Skjult»
 * (always in its legend then), so «Skjult» keeps its grey in every chart, as in the PDF. */
function chartOf(columns, rows) {
  if (columns.length === 5) {
    return {
      legend: [...columns.slice(0, 4), HIDDEN, columns[4]],
      rows: rows.map((r) => ({ label: r.label, parts: [...r.bar.slice(0, 4), r.bar[5], r.bar[4]] })),
    };
  }
  return {
    legend: rows.some((r) => r.bar[r.bar.length - 1] > 0) ? [...columns, HIDDEN] : columns,
    rows: rows.map((r) => ({ label: r.label, parts: r.bar })),
  };
}

/** A table of counts of citizens (the core's CountTable): a chart and its numbers. */
function countBlock(t, description, caption) {
  return h('section', { class: 'card report-section' },
    h('h2', {}, t.title),
    barChart({ key: t.key, title: t.title, description, ...chartOf(t.columns, t.rows) }),
    table(caption, ['Møde', ...t.columns, 'Sager'],
      t.rows.map((r) => [r.label, ...r.cells.map(cellText), r.total.shown])));
}

function figure(key, label, value) {
  return h('div', { class: 'figure', testid: 'report-figure', dataset: { key } },
    h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-label' }, label));
}

export async function reportsView(content, range = { from: '', to: '' }) {
  const presets = await attempt(() => call('report_presets')) || [];
  const r = await attempt(() => call('report', { from: range.from, to: range.to }));
  const span = { from: r?.from || range.from, to: r?.to || range.to };
  const teams = r ? await attempt(() => call('report_teams', { ...span, files: importedTexts() }), { at: content }) : null;
  const texts = r ? await attempt(() => call('eval_texts', span)) || [] : [];
  const baseline = r ? await attempt(() => call('baseline')) : null;
  const from = dateInput({ testid: 'report-from', value: r?.from || range.from });
  const to = dateInput({ testid: 'report-to', value: r?.to || range.to });
  const show = () => reportsView(content, { from: dateValue(from), to: dateValue(to) });
  // Only a whole date changes the range: an emptied or half-typed field waits (and says why
  // when it is left).
  const showIfDate = (el) => () => { if (isoOf(el.value)) show(); };
  from.addEventListener('change', showIfDate(from));
  to.addEventListener('change', showIfDate(to));
  // A file's message comes right below the row of buttons that made it.
  const file = (label, testid, make) => h('button', { type: 'button', class: 'btn', testid, onclick: async (e) => {
    const b = e.currentTarget;
    const path = await attempt(make, { at: groupOf(b) });
    if (path) showFileResult(b, testid, path, { lines: [h('p', {}, `${label}: gemt.`)] });
  } }, label);
  const args = () => ({ from: dateValue(from), to: dateValue(to) });
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Rapporter'),
      h('div', { class: 'head-buttons' },
        file('Rapport (PDF)', 'report-pdf', () => call('export_report_pdf', { ...args(), files: importedTexts() })),
        file('CSV pr. sag', 'report-csv-cases', () => call('export_report_csv', { kind: 'cases', ...args() })),
        file('CSV pr. møde', 'report-csv-meetings', () => call('export_report_csv', { kind: 'meetings', ...args() })),
        file('CSV aktører', 'report-csv-actors', () => call('export_report_csv', { kind: 'actors', ...args() })),
        file('Evalueringsdata', 'evaluation-export', () => call('export_eval_data', args())))),
    h('p', { class: 'hint' }, 'Forsøgets to indikatorer: borgerens oplevelse af at være med på møderne (inddragelse, ejerskab, sammenhæng), og aktørernes oplevelse af et mere sammenhængende forløb, pr. organisation. Kun afholdte møder tælles med. Importér andre teams’ evalueringsdata for at se teamene side om side og samlet.'),
    h('form', { class: 'card inline report-range', onsubmit: (e) => { e.preventDefault(); show(); } },
      field('Fra', from), field('Til', to),
      h('div', { class: 'presets', role: 'group', 'aria-label': 'Periode' },
        presets.map((p) => h('button', { type: 'button', class: 'btn small', testid: 'report-preset', dataset: { key: p.key },
          'aria-pressed': String(r?.from === p.from && r?.to === p.to),
          onclick: () => reportsView(content, { from: p.from, to: p.to }) }, p.label)))),
    importControl(show),
    r ? reportBody(r, teams, texts, baseline, show) : null);
}

function reportBody(r, teams, texts, baseline, redraw) {
  const g = r.agreements;
  const chartNote = 'Skjulte tal er ét gråt felt. Tallene står i tabellen under.';
  return [
    h('p', { class: 'muted' }, r.range_label),
    h('div', { class: 'figures' },
      figure('meetings_held', 'møder holdt', r.meetings_held),
      figure('meetings_cancelled', 'møder aflyst', r.meetings_cancelled),
      figure('cases', 'borgersager', r.cases.shown),
      figure('citizens', 'borgere', r.citizens.shown)),
    r.excluded_note ? h('p', { class: 'notice warn', testid: 'report-excluded' }, r.excluded_note) : null,
    h('p', { class: 'hint', testid: 'report-suppression' }, r.suppression_rule),
    countBlock(r.attendance,
      `Søjler i alt og pr. møde: til stede, virtuelt, fraværende og ikke registreret. ${chartNote}`,
      'Fremmøde i borgersagerne (antal borgere og andel)'),
    h('p', { class: 'hint' }, r.answers_counted),
    r.questions.map((q) => countBlock(q,
      `Søjler i alt og pr. møde blandt dem, der deltog: ${q.columns.join(', ').toLowerCase()}. ${chartNote}`,
      `Svar på »${q.title}« (antal borgere og andel af dem, der deltog)`)),
    teams ? teamsBody(teams, texts, baseline, redraw) : null,
    h('section', { class: 'card report-section' }, h('h2', {}, 'Aftaler'),
      h('p', { class: 'hint' }, g.counted),
      h('div', { class: 'figures' },
        figure('agreements_created', 'nye aftaler', g.created),
        figure('agreements_done', 'udført', g.done),
        figure('agreements_dropped', 'droppet', g.dropped),
        figure('agreements_continued', 'fortsætter', g.continued),
        figure('agreements_open', 'åbne', g.open),
        figure('median_days_to_done', 'dage til udført (median)', g.median_days_to_done))),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Tidsforbrug'),
      table('Gennemsnit pr. møde i minutter', ['Punkt', 'Møder', 'Planlagt', 'Brugt', 'Over tiden'],
        r.time_use.map((t) => [t.title, t.meetings, t.planned_avg, t.actual_avg, t.overruns]))),
  ];
}
