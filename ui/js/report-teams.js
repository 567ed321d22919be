// Rapporter's working-group part: the team's own data beside imported teams' «Evalueringsdata»
// (side by side and «Alle teams»), the actors' answers by organisation, their texts, the
// citizens' own words, invitations → attendance, summaries to e-Boks, each citizen's first and
// latest answers, the baseline entered by hand, and the ticks of the free texts. Imported files
// live in this module's memory for the session (`imported`); the core checks each one.
import { call } from './api.js';
import { h } from './dom.js';
import { attempt } from './errors.js';
import { dateInput, dateValue, isoOf } from './dates.js';
import { announce } from './focus.js';

/** The imported files: [{key, label, text}], kept while the app runs. */
export const imported = [];

/** Their texts, as the core's commands take them. */
export function importedTexts() {
  return imported.map((f) => f.text);
}

function cellText(c) {
  return c.share ? `${c.shown} (${c.share})` : c.shown;
}

function dataTable(caption, header, rows, attrs = {}) {
  return h('table', { class: 'data', ...attrs },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, header.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

/** A table of the teams (rows: each team, then «Alle teams» when there are several). */
function teamTable(t, caption, together) {
  const rows = t.rows.slice(1);
  if (together) rows.push(t.rows[0]);
  return dataTable(caption, ['Team', ...t.columns, 'I alt'],
    rows.map((r) => [r.label, ...r.cells.map(cellText), r.total.shown]));
}

/** The import control: a file field for any number of .json files, each checked by the core. */
export function importControl(redraw) {
  const input = h('input', { type: 'file', accept: '.json,application/json', multiple: true, testid: 'evaluation-import', id: 'evaluation-import' });
  const said = h('p', { class: 'hint', role: 'status' });
  input.addEventListener('change', async () => {
    const lines = [];
    for (const file of input.files) {
      const text = await file.text();
      const ok = await attempt(() => call('check_eval_file', { text }), { at: said });
      if (!ok) { lines.push(`${file.name}: ikke importeret.`); continue; }
      const [key, label] = ok;
      if (imported.some((f) => f.key === key)) { lines.push(`${label} er allerede importeret: teamet tælles én gang.`); continue; }
      imported.push({ key, label, text, name: file.name });
      lines.push(`${label} er importeret.`);
    }
    input.value = '';
    said.textContent = lines.join(' ');
    announce(said.textContent);
    redraw();
  });
  return h('div', { class: 'card report-import' },
    h('label', { for: 'evaluation-import' }, 'Importér andre teams’ evalueringsdata (.json)'),
    h('p', { class: 'hint' }, 'Filerne bruges kun i rapporten, så længe programmet er åbent. En ændret, beskadiget eller nyere fil afvises.'),
    input, said,
    imported.length ? h('ul', { class: 'plain-list' }, imported.map((f, i) => h('li', {}, `${f.label} (${f.name}) `,
      h('button', { type: 'button', class: 'btn small', onclick: () => { imported.splice(i, 1); redraw(); } }, `Fjern ${f.label}`)))) : null);
}

/** The working group's report (the core's TeamsReport). */
export function teamsBody(t, texts, baseline, redraw) {
  const together = t.together;
  const teamCols = t.teams.map((x) => x.name);
  return [
    h('section', { class: 'card report-section' },
      h('h2', {}, together ? 'Teamene side om side' : 'Teamet'),
      h('ul', { class: 'plain-list' }, t.teams.map((x) => h('li', { testid: 'report-team', dataset: { team: x.key } },
        h('strong', {}, `${x.name} (${x.municipality})`), ` · ${x.range_label} · ${x.source}`))),
      t.notices.map((n) => h('p', { class: 'notice warn', role: 'status' }, n)),
      dataTable('Nøgletal pr. team', ['Tal', ...teamCols, ...(together ? ['Alle teams'] : [])],
        t.figures.map((f) => [f.label, ...f.values, ...(together ? [f.together] : [])]), { testid: 'report-team-figures' }),
      together ? [
        teamTable(t.attendance, 'Borgernes fremmøde pr. team (antal og andel af sagerne)', true),
        h('p', { class: 'hint' }, t.answers_counted),
        t.questions.map((q) => teamTable(q, `${q.title} (antal og andel af dem, der deltog)`, true)),
      ] : null),
    h('section', { class: 'card report-section', testid: 'report-by-organisation' },
      h('h2', {}, `Aktørerne pr. organisation: ${t.coherence_question}`),
      h('p', { class: 'hint' }, 'Antal afholdte møder, hvor organisationen har evalueret, efter svar.'),
      t.by_organisation.length ? t.by_organisation.map((o) => h('div', { class: 'org-block', dataset: { organisation: o.key } },
        h('h3', {}, o.title), teamTable(o, `${o.title}: svar pr. team (antal møder)`, together)))
        : h('p', { class: 'muted' }, 'Ingen evalueringer i perioden.'),
      h('h3', {}, 'Effekter, erfaringer og læringspunkter'),
      t.actor_texts.length ? dataTable('Pr. møde og organisation',
        ['Møde', 'Organisation', 'Effekter', 'Erfaringer', 'Læringspunkter'],
        t.actor_texts.map((a) => [together ? `${a.date_label} (${a.team})` : a.date_label, a.org_title, a.effects, a.experiences, a.learning]),
        { testid: 'report-actor-texts' })
        : h('p', { class: 'muted' }, 'Ingen tekster i perioden.')),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Borgernes egne ord'),
      h('p', { class: 'hint' }, 'Uden navne. Fra andre teams kun de tekster, deres mødeleder har læst igennem.'),
      t.words.length ? h('ul', { class: 'plain-list', testid: 'report-words' }, t.words.map((w) => h('li', {}, h('strong', {}, `${w.date_label}${together ? ` (${w.team})` : ''}: `), w.text)))
        : h('p', { class: 'muted' }, 'Ingen egne ord i perioden.')),
    ticks(texts, redraw),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Invitation og fremmøde'),
      teamTable(t.invitations, 'Sager efter invitation og fremmøde (antal og andel)', together),
      h('h2', {}, 'Referat til borgeren (e-Boks)'),
      teamTable(t.summaries, 'Sager efter referatets overdragelse (antal og andel)', together),
      h('p', { class: 'hint' }, 'Dage fra mødet til referatet blev markeret overdraget til e-Boks: se nøgletallene (median, vises fra 3 referater).')),
    h('section', { class: 'card report-section' }, h('h2', {}, 'Borgerens svar over forløbet: første og seneste'),
      h('p', { class: 'hint' }, 'Borgere med to eller flere evaluerede sager, med en tilfældig nøgle (intet navn).'),
      t.course.length ? dataTable('Første og seneste svar pr. borger',
        ['Borger', ...(together ? ['Team'] : []), 'Sager', 'Første', ...t.course_questions, 'Seneste', ...t.course_questions],
        t.course.map((c) => [c.citizen, ...(together ? [c.team] : []), c.cases, c.first_date, ...c.first, c.latest_date, ...c.latest]),
        { testid: 'report-course' })
        : h('p', { class: 'muted' }, 'Ingen borger har to evaluerede sager i perioden.')),
    baselineSection(t, baseline, redraw),
  ];
}

/** The team's own free texts with their ticks: saved as they are ticked (no «Gem»). */
function ticks(texts, redraw) {
  return h('section', { class: 'card report-section', testid: 'eval-texts' },
    h('h2', {}, 'Fritekst til evalueringsdata'),
    h('p', { class: 'hint' }, 'Læs hver tekst igennem for navne og andet, der kan pege på en person. Kun markerede tekster kommer med i evalueringsdata, PDF og CSV; en tekst, der ændres bagefter, skal markeres igen.'),
    texts.length ? h('ul', { class: 'rows' }, texts.map((x) => {
      const box = h('input', { type: 'checkbox', checked: x.ticked, testid: 'eval-text-tick', dataset: { owner: x.owner_id, key: x.note_key } });
      box.addEventListener('change', async () => {
        const ok = await attempt(() => call('set_eval_text_cleared', { owner: x.owner_id, noteKey: x.note_key, cleared: box.checked }), { at: box.parentElement });
        if (ok === undefined) { box.checked = !box.checked; return; }
        announce(box.checked ? 'Markeret: må med i evalueringsdata.' : 'Markering fjernet.');
        redraw({ keepFocus: true });
      });
      return h('li', { class: 'row eval-text' },
        h('div', { class: 'row-main' }, h('strong', {}, `${x.label}, ${danish(x.date)}: `), x.text),
        h('label', { class: 'tick' }, box, ' Gennemset – må med i evalueringsdata'));
    })) : h('p', { class: 'muted' }, 'Ingen fritekst i perioden.'));
}

function danish(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

const BASE_FIELDS = [
  ['meetings_held', 'Møder holdt'], ['cases', 'Borgersager'], ['citizens', 'Borgere'],
  ['attended', 'Borgeren deltog'], ['absent', 'Borgeren fraværende'], ['answered', 'Borgere, der svarede'],
  ['involved_yes', 'Følte sig inddraget (Ja)'], ['coherent_yes', 'Oplever sammenhæng (Ja)'],
];

/** «Før forsøget (indtastet manuelt)»: the form (saved as each field is left) and the
 * figures beside the trial's. */
function baselineSection(t, b, redraw) {
  const from = dateInput({ value: b?.period_from || '', 'aria-label': 'Før forsøget: fra' });
  const to = dateInput({ value: b?.period_to || '', 'aria-label': 'Før forsøget: til' });
  const nums = BASE_FIELDS.map(([k, label]) => [k, h('input', { inputmode: 'numeric', size: 5, value: b?.[k] ?? '', 'aria-label': label, dataset: { key: k } }), label]);
  const note = h('input', { value: b?.note || '', 'aria-label': 'Hvor tallene kommer fra' });
  const said = h('p', { class: 'hint', role: 'status' });
  const save = async () => {
    if (!isoOf(from.value) || !isoOf(to.value)) { said.textContent = 'Skriv perioden (fra og til), så gemmes tallene.'; return; }
    const baseline = { period_from: dateValue(from), period_to: dateValue(to), note: note.value };
    for (const [k, el] of nums) {
      const v = el.value.trim();
      if (v && !/^\d+$/.test(v)) { said.textContent = `»${el.getAttribute('aria-label')}« skal være et helt tal.`; return; }
      baseline[k] = v ? Number(v) : null;
    }
    const ok = await attempt(() => call('save_baseline', { baseline }), { at: said });
    if (ok !== undefined) { said.textContent = 'Før-tallene er gemt (indtastet manuelt).'; redraw({ keepFocus: true }); }
  };
  for (const el of [from, to, note, ...nums.map((n) => n[1])]) el.addEventListener('change', save);
  return h('section', { class: 'card report-section', testid: 'report-baseline' },
    h('h2', {}, 'Sammenlignet med før forsøget'),
    h('p', { class: 'hint' }, 'Tal for perioden før forsøget, indtastet manuelt (fx fra det tidligere set-up). Tomme felter er ukendte. Tallene gemmes, når et felt forlades, og kommer med i evalueringsdata.'),
    h('div', { class: 'grid3' }, h('label', {}, 'Fra ', from), h('label', {}, 'Til ', to), h('label', {}, 'Kilde ', note)),
    h('div', { class: 'baseline-fields' }, nums.map(([, el, label]) => h('label', {}, `${label} `, el))),
    said,
    t.baseline.length ? dataTable('Før forsøget (indtastet manuelt) og forsøget',
      ['Tal', ...t.teams.flatMap((x) => [`${x.name}: før (indtastet manuelt)`, `${x.name}: forsøget`])],
      t.baseline.map((r) => [r.label, ...r.values.flat()]))
      : null,
    t.baseline_periods.map((p, i) => h('p', { class: 'hint' }, `${t.teams[i].name}: ${p}`)));
}
