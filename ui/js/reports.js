// Rapporter: the trial's indicators for a range of meeting dates (default the last 6
// months), as figures, charts with their tables, and files for the working group (PDF,
// CSV per case and per meeting). Counts of 1 or 2 citizens are "<3" (the core decides).
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { attempt } from './errors.js';
import { barChart } from './chart.js';

const LEGEND = ['Ja', 'Delvist', 'Nej', 'Ikke besvaret'];

function parts(a) {
  return [a.yes, a.partly, a.no, a.unanswered];
}

function cellText(c) {
  return c.share ? `${c.shown} (${c.share})` : c.shown;
}

function table(caption, header, rows) {
  return h('table', { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, header.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

function answersBlock(key, title, rows) {
  const chartRows = rows.map(([label, a]) => ({
    label, parts: parts(a).map((c) => c.n), hidden: parts(a).some((c) => c.shown === '<3'),
  }));
  return h('section', { class: 'card report-section' },
    h('h2', {}, title),
    barChart({
      key, title: `Svar på »${title}«`, legend: LEGEND, rows: chartRows,
      description: 'Søjler i alt og pr. møde: ja, delvist, nej og ikke besvaret. En række med færre end 3 borgere vises uden søjle. Tallene står i tabellen under.',
    }),
    table(`Svar på »${title}« (antal borgere og andel)`, ['Møde', ...LEGEND],
      rows.map(([label, a]) => [label, ...parts(a).map(cellText)])));
}

function figure(key, label, value) {
  return h('div', { class: 'figure', testid: 'report-figure', dataset: { key } },
    h('span', { class: 'figure-value' }, value), h('span', { class: 'figure-label' }, label));
}

export async function reportsView(content, range = { from: '', to: '' }) {
  const presets = await attempt(() => call('report_presets')) || [];
  const r = await attempt(() => call('report', { from: range.from, to: range.to }));
  const from = h('input', { type: 'date', testid: 'report-from', value: r?.from || range.from });
  const to = h('input', { type: 'date', testid: 'report-to', value: r?.to || range.to });
  const show = () => reportsView(content, { from: from.value, to: to.value });
  from.addEventListener('change', show);
  to.addEventListener('change', show);
  const result = h('div', { class: 'file-result', role: 'status' });
  const file = (label, testid, make) => h('button', { type: 'button', class: 'btn', testid, onclick: async () => {
    const path = await attempt(make);
    if (path) mount(result, h('p', {}, `${label}: gemt i `, h('code', { testid: 'export-path', dataset: { kind: testid, path } }, path)));
  } }, label);
  const args = () => ({ from: from.value, to: to.value });
  mount(content,
    h('header', { class: 'page-head' }, h('h1', {}, 'Rapporter'),
      h('div', { class: 'head-buttons' },
        file('Rapport (PDF)', 'report-pdf', () => call('export_report_pdf', args())),
        file('CSV pr. sag', 'report-csv-cases', () => call('export_report_csv', { kind: 'cases', ...args() })),
        file('CSV pr. møde', 'report-csv-meetings', () => call('export_report_csv', { kind: 'meetings', ...args() })))),
    h('p', { class: 'hint' }, 'Forsøgets to indikatorer: borgerens oplevelse af inddragelse og ejerskab, og de professionelles oplevelse af et mere sammenhængende forløb. Tal for færre end 3 borgere vises som »<3«.'),
    h('form', { class: 'card inline report-range', onsubmit: (e) => { e.preventDefault(); show(); } },
      field('Fra', from), field('Til', to),
      h('div', { class: 'presets', role: 'group', 'aria-label': 'Periode' },
        presets.map((p) => h('button', { type: 'button', class: 'btn small', testid: 'report-preset', dataset: { key: p.key },
          'aria-pressed': String(r?.from === p.from && r?.to === p.to),
          onclick: () => reportsView(content, { from: p.from, to: p.to }) }, p.label)))),
    result,
    r ? reportBody(r) : null);
}

function reportBody(r) {
  const a = r.attendance;
  const g = r.agreements;
  return [
    h('p', { class: 'muted' }, r.range_label),
    h('div', { class: 'figures' },
      figure('meetings_held', 'møder holdt', r.meetings_held),
      figure('meetings_cancelled', 'møder aflyst', r.meetings_cancelled),
      figure('cases', 'borgersager', r.cases),
      figure('citizens', 'borgere', r.citizens.shown)),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Borgernes fremmøde'),
      table('Fremmøde i borgersagerne', ['', 'Til stede', 'Virtuelt', 'Fraværende', 'Ikke registreret'],
        [['Sager', ...[a.present, a.virtual_, a.absent, a.not_registered].map(cellText)]])),
    r.questions.map((q) => answersBlock(q.key, q.question,
      [['I alt', q.overall], ...q.per_meeting.map((m) => [m.date_label, m.answers])])),
    h('section', { class: 'card report-section' },
      h('h2', {}, `De professionelle: ${r.coherence_question}`),
      barChart({ key: 'coherent', title: r.coherence_question, legend: LEGEND,
        description: 'Søjle for perioden: ja, delvist, nej og ikke besvaret. Svaret pr. møde står i tabellen under.',
        rows: [{ label: 'I alt', parts: parts(r.coherence_overall).map((c) => c.n), hidden: false }] }),
      table('Svar pr. møde', ['Møde', 'Svar'], r.coherence.map((c) => [c.date_label, c.answer]))),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Læringspunkter'),
      r.learning.length
        ? h('ul', { class: 'plain-list' }, r.learning.map((l) => h('li', {}, h('strong', {}, l.date_label + ': '), l.text)))
        : h('p', { class: 'muted' }, 'Ingen læringspunkter i perioden.')),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Aftaler'),
      h('div', { class: 'figures' },
        figure('agreements_created', 'nye aftaler', g.created),
        figure('agreements_done', 'udført', g.done),
        figure('agreements_dropped', 'droppet', g.dropped),
        figure('agreements_continued', 'fortsætter', g.continued),
        figure('median_days_to_done', 'dage til udført (median)', g.median_days_to_done))),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Tidsforbrug'),
      table('Gennemsnit pr. møde i minutter', ['Punkt', 'Møder', 'Planlagt', 'Brugt', 'Over tiden'],
        r.time_use.map((t) => [t.title, t.meetings, t.planned_avg, t.actual_avg, t.overruns]))),
  ];
}
