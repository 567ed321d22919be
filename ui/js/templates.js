// Team → Skabelon: the team's own template, versioned. The list of versions (who saved each,
// when and why, how many meetings use it); the newest one in the editor (template-form.js)
// with its problems checked and its preview (template-preview.js) drawn as the coordinator
// types, both debounced; an older version read-only. What is typed is a draft in this
// computer's localStorage at once (one per team), so it is never lost; only «Gem som ny
// udgave» makes a version, with a note of what changed and why. A version goes out as a file
// («Eksportér») and a file comes in as the next version («Importér skabelon»).
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { app } from './state.js';
import { go, reloadState } from './nav.js';
import { attempt, showError } from './errors.js';
import { openDialog } from './dialog.js';
import { announce, focusOn } from './focus.js';
import { showFileResult } from './files.js';
import { templateForm, plainTemplate } from './template-form.js';
import { previewPane } from './template-preview.js';

const DEBOUNCE_MS = 300;
let ed = null; // the open view: { content, versions, selected, draft, base, timer, seq, ... }

/** The view `template`. */
export async function templateView(content) {
  clearTimeout(ed?.timer);
  ed = { content, versions: [], selected: null, draft: null, base: null, timer: null, seq: 0, problems: [] };
  await load();
}

/** Reads the versions and draws the view; `selected` (an id) is shown, else the newest. */
async function load(selected = null) {
  const versions = await attempt(() => call('template_versions'));
  if (!versions) return;
  ed.versions = versions;
  const newest = versions.find((v) => v.newest) || versions[0];
  ed.selected = selected && versions.some((v) => v.id === selected) ? selected : newest?.id;
  const detail = newest ? await attempt(() => call('template_version', { id: newest.id })) : null;
  if (!detail) return;
  ed.base = detail;
  const stored = readDraft();
  ed.draftInfo = stored && !same(stored.template, detail.template) ? stored : null;
  if (stored && !ed.draftInfo) removeDraft();
  ed.draft = structuredClone(ed.draftInfo ? stored.template : detail.template);
  await draw();
}

function newestVersion() {
  return ed.versions.find((v) => v.newest) || ed.versions[0];
}

async function draw() {
  const selected = ed.versions.find((v) => v.id === ed.selected);
  const editing = selected?.newest;
  const status = h('p', { class: 'tpl-status', role: 'status', testid: 'template-status' });
  ed.status = status;
  mount(ed.content,
    h('header', { class: 'page-head' },
      h('div', {},
        h('p', { class: 'eyebrow' }, 'Team'),
        h('h1', {}, 'Skabelon'),
        h('p', { class: 'muted tpl-lead' }, 'Dagsordenen, sagens afsnit, borgerens spørgsmål, aktørernes evaluering og rollerne. Nye møder får den nyeste udgave; et møde beholder den udgave, det er planlagt med.')),
      h('div', { class: 'head-buttons' },
        h('button', { type: 'button', class: 'btn', testid: 'template-back', onclick: () => go('team') }, 'Til Team'))),
    status,
    versionsCard(),
    editing ? await editorPart(selected) : await readOnlyPart(selected));
}

// ---------------------------------------------------------------- the versions

function versionsCard() {
  const meetings = (v) => {
    const parts = [];
    if (v.planned_meetings) parts.push(`${v.planned_meetings} ${v.planned_meetings === 1 ? 'planlagt' : 'planlagte'}`);
    if (v.held_meetings) parts.push(`${v.held_meetings} ${v.held_meetings === 1 ? 'afholdt' : 'afholdte'}`);
    return parts.length ? `Bruges af ${parts.join(' og ')} ${v.planned_meetings + v.held_meetings === 1 ? 'møde' : 'møder'}` : 'Bruges ikke af noget møde';
  };
  const rows = ed.versions.map((v) => h('li', { class: 'tpl-version', testid: 'template-version', dataset: { version: v.id, number: String(v.number), newest: String(v.newest) } },
    h('button', { type: 'button', class: 'row-button', 'aria-current': v.id === ed.selected ? 'true' : null,
      onclick: async () => { ed.selected = v.id; await draw(); focusOn(ed.content.querySelector('.tpl-detail-h')); } },
    h('span', { class: 'tpl-version-main' },
      h('strong', {}, `Udgave ${v.number}`),
      v.newest ? h('span', { class: 'badge', testid: 'template-newest' }, 'nyeste') : null,
      h('span', { class: 'muted' }, ` ${savedLabel(v)}`),
      v.note ? h('span', { class: 'tpl-version-note' }, v.note) : null),
    h('span', { class: 'tpl-version-use muted' }, meetings(v)))));
  const file = h('input', { type: 'file', accept: '.json,application/json', testid: 'template-import', id: 'template-import' });
  const said = h('p', { class: 'hint', role: 'status' });
  const box = h('div', { class: 'tpl-import' },
    h('label', { for: 'template-import' }, 'Importér skabelon (.json)'),
    h('p', { class: 'hint' }, 'En skabelonfil fra et andet team bliver den nyeste udgave her. En beskadiget, forkert eller nyere fil afvises, og intet ændres.'),
    file, said);
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    const text = await f.text();
    const v = await attempt(() => call('import_template', { text, fileName: f.name, savedBy: savedByDefault() || app.state?.team?.name || 'Teamet' }), { at: said });
    file.value = '';
    if (!v) { said.textContent = `${f.name} er ikke importeret.`; return; }
    await reloadState();
    await load(v.id);
    const msg = `${f.name} er importeret som udgave ${v.number}, den nyeste. Nye møder får den.`;
    ed.status.textContent = msg;
    announce(msg);
    focusOn(document.getElementById('template-import'));
  });
  return h('section', { class: 'card tpl-versions', 'aria-labelledby': 'tpl-versions-h' },
    h('h2', { id: 'tpl-versions-h' }, 'Udgaver'),
    h('ol', { class: 'rows tpl-version-list', testid: 'template-versions' }, rows),
    box);
}

// ---------------------------------------------------------------- an older version

async function readOnlyPart(v) {
  const detail = await attempt(() => call('template_version', { id: v.id }));
  if (!detail) return null;
  return h('div', { class: 'tpl-detail', testid: 'template-detail', dataset: { version: v.id, mode: 'read' } },
    h('div', { class: 'tpl-detail-head' },
      h('div', {},
        h('h2', { class: 'tpl-detail-h' }, `Udgave ${v.number} (kun læsning)`),
        h('p', { class: 'muted' }, cap(savedLabel(v))),
        v.note ? h('p', {}, v.note) : null,
        h('p', { class: 'hint' }, 'En gemt udgave ændres aldrig. Ret den nyeste udgave for at lave en ny.')),
      h('div', { class: 'head-buttons' }, exportButton(v))),
    templateForm(structuredClone(detail.template), { readOnly: true }));
}

/** «gemt mandag den 7. december 2026 af Lars Holm» (the label without «Udgave N · »). */
function savedLabel(v) {
  const at = v.label.indexOf(' · ');
  return at < 0 ? v.label : v.label.slice(at + 3);
}

function cap(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function exportButton(v) {
  const b = h('button', { type: 'button', class: 'btn', testid: 'template-export', onclick: async () => {
    const path = await attempt(() => call('export_template', { id: v.id }), { at: b.parentElement });
    if (path) showFileResult(b, 'template', path, { lines: [h('p', {}, `Udgave ${v.number} er gemt som skabelonfil. Den kan importeres hos et andet team.`)] });
  } }, `Eksportér udgave ${v.number}`);
  return b;
}

// ---------------------------------------------------------------- the editor

async function editorPart(v) {
  const problems = h('section', { class: 'tpl-problems', testid: 'template-problems', 'aria-labelledby': 'tpl-problems-h', tabindex: '-1', hidden: true },
    h('h3', { id: 'tpl-problems-h' }, 'Det skal rettes, før skabelonen kan gemmes'),
    h('ul', {}));
  const count = h('p', { class: 'tpl-check', testid: 'template-check', role: 'status' });
  const show = h('button', { type: 'button', class: 'btn small', testid: 'template-problems-show', hidden: true,
    onclick: () => focusOn(problems) }, 'Vis hvad');
  const preview = previewPane();
  ed.ui = { problems, count, show, preview };
  const draftNote = ed.draftInfo ? h('div', { class: 'notice tpl-draft', testid: 'template-draft' },
    h('p', {}, `Ikke gemt kladde fra ${when(ed.draftInfo.saved_at)}`
      + (ed.draftInfo.base !== v.id ? `, lavet ud fra udgave ${ed.draftInfo.base_number} (nu er udgave ${v.number} den nyeste; gemmes kladden, bliver den den nyeste).` : '.')
      + ' Den er åbnet her, så du kan arbejde videre.'),
    h('button', { type: 'button', class: 'btn small', testid: 'template-draft-discard', onclick: async () => {
      removeDraft();
      await load();
      ed.status.textContent = 'Kladden er kasseret. Den nyeste udgave er åbnet.';
      announce(ed.status.textContent);
      focusOn(ed.content.querySelector('.tpl-detail-h'));
    } }, 'Kassér kladde')) : null;
  const save = h('button', { type: 'button', class: 'btn primary', testid: 'template-save-version', onclick: () => trySave(save) }, 'Gem som ny udgave');
  const form = templateForm(ed.draft, { onChange: changed });
  schedule(0);
  return h('div', { class: 'tpl-detail', testid: 'template-detail', dataset: { version: v.id, mode: 'edit' } },
    h('div', { class: 'tpl-detail-head' },
      h('div', {},
        h('h2', { class: 'tpl-detail-h' }, `Ret skabelonen (udgave ${v.number} er den nyeste)`),
        h('p', { class: 'hint', testid: 'template-help' }, 'Alt, du skriver, gemmes med det samme som kladde på denne computer. Først »Gem som ny udgave« gør det til en udgave, som nye møder får. Nøglen binder historikken sammen: et omdøbt afsnit eller spørgsmål beholder sine noter og svar; en ny nøgle begynder en ny række.')),
      h('div', { class: 'head-buttons' }, exportButton(v))),
    draftNote,
    h('div', { class: 'tpl-savebar' }, h('div', { class: 'tpl-savebar-state' }, count, show), save),
    problems,
    h('div', { class: 'tpl-grid' }, form, preview.el));
}

/** Every change: the draft is stored at once; check and preview follow after a pause. */
function changed() {
  writeDraft();
  schedule(DEBOUNCE_MS);
}

function schedule(ms) {
  clearTimeout(ed.timer);
  ed.timer = setTimeout(refreshChecks, ms);
}

/** Checks the draft and draws its preview; an answer to an older draft is dropped. */
async function refreshChecks() {
  const seq = ++ed.seq;
  const template = plainTemplate(ed.draft);
  const [problems, preview] = await Promise.all([check(template), call('template_preview', { template }).catch(() => null)]);
  if (seq !== ed.seq || !ed.ui?.problems.isConnected) return;
  showProblems(problems);
  if (preview) ed.ui.preview.show(preview); else ed.ui.preview.failed();
}

/** The template's problems ([] when it can be saved). */
async function check(template) {
  try {
    await call('check_template', { template });
    return [];
  } catch (e) {
    if (e.kind === 'TemplateInvalid') return e.problems?.length ? e.problems : [e.message];
    return [e.message];
  }
}

function showProblems(list) {
  const { problems, count } = ed.ui;
  const before = ed.problems.length;
  ed.problems = list;
  mount(problems.querySelector('ul'), list.map((p) => h('li', { testid: 'template-problem' }, p)));
  problems.hidden = !list.length;
  ed.ui.show.hidden = !list.length;
  const text = list.length ? `${list.length} ${list.length === 1 ? 'ting skal' : 'ting skal'} rettes, før skabelonen kan gemmes.`
    : draftChanged() ? 'Skabelonen er i orden og kan gemmes som ny udgave.' : 'Ingen ændringer i forhold til den nyeste udgave.';
  // Said (role=status) only when it changes, not at every keystroke.
  if (count.textContent !== text || before !== list.length) count.textContent = text;
  count.dataset.problems = String(list.length);
}

function draftChanged() {
  return !same(ed.draft, ed.base.template);
}

// ---------------------------------------------------------------- saving a version

async function trySave(button) {
  clearTimeout(ed.timer);
  const template = plainTemplate(ed.draft);
  const list = await check(template);
  showProblems(list);
  if (list.length) {
    announce(`Skabelonen kan ikke gemmes endnu: ${list.length} ting skal rettes.`);
    focusOn(ed.ui.problems);
    return;
  }
  askSave(button, template, { note: '', by: savedByDefault() });
}

/** The dialog: what changed and why (required), and who saves. A refusal opens it again
 * with what was typed, the reason said in it. */
function askSave(button, template, typed, refusal = null) {
  const note = h('textarea', { testid: 'template-save-note', rows: 4, required: true, value: typed.note });
  const by = h('input', { testid: 'template-save-by', value: typed.by, autocomplete: 'name', required: true });
  const reason = refusal ? h('p', { class: 'local-error', testid: 'local-error', dataset: { kind: refusal.kind } },
    h('strong', {}, 'Det gik ikke: '), refusal.message) : null;
  openDialog({
    title: 'Gem som ny udgave',
    testid: 'template-save-dialog',
    body: h('div', {},
      h('p', {}, 'Udgaven bliver den nyeste: nye møder får den, og planlagte møder kan flyttes til den. Den kan ikke ændres bagefter.'),
      reason,
      field('Hvad er ændret, og hvorfor?', note, 'Fx »Nyt spørgsmål om tryghed, fordi arbejdsgruppen vil følge det«.'),
      field('Gemt af', by)),
    buttons: [
      { label: 'Annullér', cancel: true, testid: 'template-save-cancel' },
      { label: 'Gem udgaven', primary: true, testid: 'template-save-confirm', action: async () => {
        const again = { note: note.value, by: by.value };
        try {
          const v = await call('save_template_version', { template, note: note.value, savedBy: by.value });
          removeDraft();
          await reloadState();
          await load(v.id);
          const msg = `Udgave ${v.number} er gemt og er nu den nyeste. Nye møder får den.`;
          ed.status.textContent = msg;
          announce(msg);
          focusOn(ed.content.querySelector(`[data-testid=template-version][data-version="${CSS.escape(v.id)}"] button`));
        } catch (e) {
          showError(e);
          askSave(button, template, again, e);
        }
      } },
    ],
  });
  setTimeout(() => (refusal || !typed.note ? note : by).focus(), 0);
}

/** Who saves, as the dialog suggests it: the team's coordinator, else its chair. */
function savedByDefault() {
  const t = app.state?.team;
  const name = (id) => app.members.find((m) => m.id === id)?.name;
  return name(t?.coordinator_id) || name(t?.chair_id) || '';
}

// ---------------------------------------------------------------- the draft

function draftKey() {
  return `faelles-team:template-draft:${app.state?.team?.id || 'team'}`;
}

function readDraft() {
  try {
    const d = JSON.parse(localStorage.getItem(draftKey()) || 'null');
    return d && d.template && typeof d.template === 'object' ? d : null;
  } catch {
    return null;
  }
}

function writeDraft() {
  const v = newestVersion();
  if (!draftChanged()) { removeDraft(); return; }
  const prior = readDraft();
  // A draft made from an older version keeps saying so until it is saved or thrown away.
  const base = prior && prior.base !== v.id && ed.draftInfo ? prior : { base: v.id, base_number: v.number };
  try {
    localStorage.setItem(draftKey(), JSON.stringify({ ...base, saved_at: new Date().toISOString(), template: ed.draft }));
  } catch (e) {
    showError({ kind: 'Internal', message: 'Kladden kunne ikke gemmes på denne computer. Gem som ny udgave for ikke at miste ændringerne.' });
  }
}

function removeDraft() {
  try { localStorage.removeItem(draftKey()); } catch { /* nothing stored */ }
}

function same(a, b) {
  const strip = (t) => { const p = plainTemplate(t); p.version = ''; return JSON.stringify(p); };
  return strip(a) === strip(b);
}

function when(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'tidligere';
  const p = (n) => String(n).padStart(2, '0');
  // Danish words whatever the machine's locale: «mandag den 7. december 2026 kl. 14.27».
  const days = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
  const months = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
  return `${days[d.getDay()]} den ${d.getDate()}. ${months[d.getMonth()]} ${d.getFullYear()} kl. ${p(d.getHours())}.${p(d.getMinutes())}`;
}
