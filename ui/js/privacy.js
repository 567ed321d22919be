// Personal data: the citizen's access request («Indsigt», a PDF), deleting a citizen at once on
// request, and in the Team view «Databeskyttelse»: the retention periods, «Klar til sletning»,
// citizens a restore brought back, «Flyt data» and «Hent data» (the team's data as one
// encrypted file). Deleting asks in a dialog that names the files and backups it leaves; the
// answer stays on the page with «Slet de gamle sikkerhedskopier nu».
import { call } from './api.js';
import { h, mount, field } from './dom.js';
import { attempt } from './errors.js';
import { openDialog } from './dialog.js';
import { showFileResult } from './files.js';
import { announce } from './focus.js';
import { refresh } from './nav.js';

/** «Indsigt (PDF)»: the access request's PDF for the citizen, its path shown after. */
export function accessButton(citizenId) {
  const btn = h('button', { type: 'button', class: 'btn', testid: 'access-pdf',
    title: 'Alt hvad Fælles Team har om borgeren, som én PDF (indsigt efter databeskyttelsesforordningens art. 15)',
    onclick: async () => {
      const out = await attempt(() => call('access_pdf', { citizenId }), { at: btn });
      if (out) showFileResult(btn, 'access', out.path, { lines: [h('p', {}, `Indsigten er lavet (${out.pages} ${out.pages === 1 ? 'side' : 'sider'}).`)] });
    } }, 'Indsigt (PDF)');
  return btn;
}

/** «Slet borgeren …» on the citizen's page: deletion at once, at the citizen's request. */
export function deleteNowButton(citizenId, afterDelete) {
  const btn = h('button', { type: 'button', class: 'btn danger', testid: 'citizen-delete',
    onclick: () => askDelete(citizenId, 'request', afterDelete) }, 'Slet borgeren …');
  return btn;
}

const REASON = { request: 'Borgeren har bedt om det (art. 17)', period: 'Opbevaringsperioden er udløbet' };

/** The dialog that asks before a deletion, naming what it leaves; `after(result)` when done. */
async function askDelete(citizenId, reason, after) {
  const p = await attempt(() => call('deletion_preview', { citizenId }));
  if (!p) return;
  const files = filesList(p.files);
  openDialog({
    title: `Slet ${p.name}?`,
    testid: 'deletion-dialog',
    body: h('div', {},
      h('p', {}, `${REASON[reason]}. Navn, CPR-nummer, alle noter, aftalernes tekst og borgerens egne ord slettes. Tilbage bliver kun tallene til evalueringen, uden navn. Det kan ikke fortrydes.`),
      p.backups ? h('p', {}, `${p.backups} sikkerhedskopier indeholder borgerens data nu. Der tages en ny kopi uden dem; de gamle slettes senest efter ${p.backup_days} dage, eller når du vælger det.`) : null,
      files),
    buttons: [
      { label: 'Annullér', cancel: true, testid: 'deletion-cancel' },
      { label: 'Slet borgeren', testid: 'deletion-confirm', action: async () => {
        const out = await attempt(() => call('delete_citizen', { citizenId, reason }));
        if (out) { announce('Borgeren er slettet.'); after(out); }
      } },
    ],
  });
}

/** The files about a citizen, each saying whether Fælles Team made it. */
function filesList(files) {
  if (!files.length) return h('p', { class: 'muted' }, 'Der er ingen filer om borgeren i eksportmappen.');
  return h('div', {},
    h('p', {}, 'Filer om borgeren i eksportmappen. Slet dem selv; Fælles Team sletter ingen filer:'),
    h('ul', { class: 'deletion-files', testid: 'deletion-files' }, files.map((f) => h('li', { dataset: { madeByApp: String(f.made_by_app) } },
      h('code', {}, f.path), ' – ',
      f.made_by_app ? (f.present ? (f.changed ? 'lavet af Fælles Team, ændret siden' : 'lavet af Fælles Team') : 'lavet af Fælles Team, findes ikke længere')
        : 'ikke lavet af Fælles Team (navnet passer på borgeren)'))));
}

/** What a deletion did and left, kept on the page (role=status). */
export function deletionResult(box, out) {
  const old = out.backups_holding && out.clean_backup_at ? h('button', { type: 'button', class: 'btn small', testid: 'backups-remove-old',
    onclick: async (e) => {
      const n = await attempt(() => call('remove_backups_before', { at: out.clean_backup_at }), { at: e.currentTarget });
      if (n !== undefined) { e.currentTarget.replaceWith(h('span', {}, `${n} gamle sikkerhedskopier er slettet.`)); }
    } }, 'Slet de gamle sikkerhedskopier nu') : null;
  mount(box, h('p', {}, out.message), out.files.length ? filesList(out.files) : null, old);
}

/** «Databeskyttelse» in the Team view. */
export function privacySection() {
  const section = h('section', { class: 'card privacy', 'aria-labelledby': 'privacy-heading', testid: 'privacy' });
  const result = h('div', { class: 'deletion-result', role: 'status', testid: 'deletion-result' });
  const list = h('div', {});
  const revived = h('div', {});
  async function loadList() {
    const rows = await attempt(() => call('deletion_list')) || [];
    mount(list, rows.length ? h('ul', { class: 'rows', testid: 'deletion-list' }, rows.map((r) => h('li', { class: 'row', testid: 'deletion-row', dataset: { id: r.citizen_id } },
      h('span', { class: 'row-main' }, h('strong', {}, r.name), h('span', { class: 'muted' }, ` · ${r.since_label} · kan slettes fra ${r.due_label}`)),
      h('button', { type: 'button', class: 'btn small danger', testid: 'deletion-delete', title: `Slet ${r.name}`,
        onclick: () => askDelete(r.citizen_id, 'period', (out) => { deletionResult(result, out); loadList(); }) }, 'Slet …'))))
      : h('p', { class: 'muted', testid: 'deletion-list', dataset: { empty: 'true' } }, 'Ingen borgere er klar til sletning.'));
  }
  async function loadRevived() {
    const rows = await attempt(() => call('revived_citizens')) || [];
    mount(revived, rows.length ? h('div', { class: 'notice warn', role: 'alert', testid: 'revived-warning' },
      h('p', {}, `Sikkerhedskopien indeholdt ${rows.length === 1 ? 'en borger' : `${rows.length} borgere`}, der var slettet: ${rows.map((r) => r.name).join(', ')}. De er ikke slettet igen endnu.`),
      h('button', { type: 'button', class: 'btn primary', testid: 'revived-delete', onclick: async () => {
        const out = await attempt(() => call('delete_revived'));
        if (out) { mount(revived); mount(result, out.map((d) => h('p', {}, d.message))); loadList(); }
      } }, 'Slet dem igen')) : null);
  }
  mount(section,
    h('h2', { id: 'privacy-heading' }, 'Databeskyttelse'),
    h('p', { class: 'hint' }, 'Kommunen beslutter, hvor længe borgernes data gemmes. Se docs/DATABESKYTTELSE.md.'),
    revived,
    retentionForm(loadList),
    h('h3', {}, 'Klar til sletning'),
    list,
    result,
    h('h3', {}, 'Flyt data til en anden computer'),
    h('p', { class: 'hint' }, 'Til en ny computer eller til den, der er mødeleder i stedet: én krypteret fil med alle teamets data. Giv adgangskoden videre på en anden måde end filen.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', testid: 'data-move-out', onclick: (e) => moveOutDialog(e.currentTarget) }, 'Flyt data …'),
      h('button', { type: 'button', class: 'btn', testid: 'data-move-in', onclick: (e) => moveInDialog(e.currentTarget) }, 'Hent data …')));
  loadList();
  loadRevived();
  return section;
}

/** The two retention periods (days), saved together. */
function retentionForm(onSaved) {
  const days = h('input', { type: 'number', min: 30, max: 3650, testid: 'retention-days', inputmode: 'numeric' });
  const backups = h('input', { type: 'number', min: 1, max: 365, testid: 'backup-retention-days', inputmode: 'numeric' });
  attempt(() => call('retention')).then((r) => { if (r) { days.value = r.citizen_days; backups.value = r.backup_days; } });
  const form = h('form', { class: 'form retention', onsubmit: async (e) => {
    e.preventDefault();
    const retention = { citizen_days: Number(days.value), backup_days: Number(backups.value) };
    const ok = await attempt(() => call('set_retention', { retention }), { at: save });
    if (ok !== undefined) { announce('Opbevaringsperioderne er gemt.'); onSaved(); }
  } });
  const save = h('button', { type: 'submit', class: 'btn', testid: 'retention-save' }, 'Gem perioderne');
  mount(form, h('div', { class: 'grid3' },
    field('Borgeres data gemmes (dage)', days, 'Efter sidste sag, eller efter samtykket er trukket tilbage. Standard 365.'),
    field('Sikkerhedskopier gemmes (dage)', backups, 'Ældre kopier slettes. Standard 30.')), h('div', { class: 'actions' }, save));
  return form;
}

function passphraseInput(testid, label) {
  const input = h('input', { type: 'password', testid, autocomplete: 'new-password', minlength: 12 });
  return { input, el: field(label, input, 'Mindst 12 tegn, gerne en sætning.') };
}

/** «Flyt data»: the passphrase twice, then the file is written to the export folder. */
function moveOutDialog(button) {
  const pass = passphraseInput('data-passphrase', 'Adgangskode');
  const again = passphraseInput('data-passphrase-again', 'Gentag adgangskoden');
  openDialog({
    title: 'Flyt data',
    testid: 'data-move-out-dialog',
    body: h('div', {},
      h('p', {}, 'Fælles Team laver én krypteret fil med alle teamets data (age-kryptering med adgangskode). Filen lægges i eksportmappen. Uden adgangskoden kan den ikke læses.'),
      pass.el, again.el),
    buttons: [
      { label: 'Annullér', cancel: true, testid: 'data-move-cancel' },
      { label: 'Lav filen', primary: true, testid: 'data-move-out-confirm', action: async () => {
        if (pass.input.value !== again.input.value) {
          await attempt(() => Promise.reject({ kind: 'InvalidValue', message: 'De to adgangskoder er ikke ens. Intet er gemt.' }));
          return;
        }
        const out = await attempt(() => call('move_data_out', { passphrase: pass.input.value }));
        if (out) showFileResult(button, 'transfer', out.path, { lines: [h('p', {}, `Filen er lavet (${Math.ceil(out.size_bytes / 1024)} KB). Flyt den til den anden computer, og læg den i Fælles Teams eksportmappe der.`)] });
      } },
    ],
  });
  setTimeout(() => pass.input.focus(), 0);
}

/** «Hent data»: a hand-over file from the export folder and its passphrase. */
async function moveInDialog(button) {
  const files = await attempt(() => call('transfer_files')) || [];
  const pick = h('select', { testid: 'data-move-file' }, files.map((f) => h('option', { value: f.path }, f.file_name)));
  const pass = passphraseInput('data-passphrase', 'Adgangskode');
  openDialog({
    title: 'Hent data',
    testid: 'data-move-in-dialog',
    body: h('div', {},
      h('p', {}, 'Læg filen fra den anden computer i Fælles Teams eksportmappe. Dataene her erstattes af filens; det, der er her nu, gemmes først som en sikkerhedskopi.'),
      files.length ? field('Fil', pick) : h('p', { class: 'muted' }, 'Der er ingen fil at hente i eksportmappen.'),
      pass.el),
    buttons: [
      { label: 'Annullér', cancel: true, testid: 'data-move-cancel' },
      { label: 'Hent data', primary: true, testid: 'data-move-in-confirm', action: async () => {
        if (!files.length) return;
        const msg = await attempt(() => call('move_data_in', { path: pick.value, passphrase: pass.input.value }), { at: button });
        if (msg) { await refresh(); announce(msg); }
      } },
    ],
  });
  setTimeout(() => (files.length ? pick : pass.input).focus(), 0);
}
