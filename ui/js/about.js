// "Om Fælles Team": version, data folder, the last backup and the database's version in plain
// words, and behind «Licenser» the licences of the fonts and the crates built into the app
// (generated at build time). A dialog opened
// from the sidebar (`aboutButton`); nothing happens at import.
import { call } from './api.js';
import { h, mount } from './dom.js';
import { attempt } from './errors.js';
import { openDialog } from './dialog.js';

/** The sidebar's button that opens the panel. */
export function aboutButton() {
  return h('button', { type: 'button', class: 'nav-item about-open', testid: 'about-open', onclick: openAbout },
    'Om Fælles Team');
}

export async function openAbout() {
  const a = await attempt(() => call('about'));
  if (!a) return;
  const schema = a.schema_version === null ? 'kan ikke læses' : String(a.schema_version);
  // The database's version in plain words: current, or what this program will do with it.
  const schemaWords = a.schema_version === null ? 'Kan ikke læses'
    : a.schema_version === a.schema_current ? `Opdateret (udgave ${schema})`
      : `Udgave ${schema}; programmet bruger udgave ${a.schema_current}`;
  const licences = h('div', { class: 'about-licences' }, h('p', { class: 'muted' }, 'Henter licenser …'));
  const licenceFold = h('details', { class: 'about-licence-fold', testid: 'about-licences' },
    h('summary', {}, 'Licenser'), licences);
  openDialog({
    title: 'Om Fælles Team',
    testid: 'about-dialog',
    body: h('div', { class: 'about' },
      h('dl', { class: 'about-facts' },
        h('dt', {}, 'Version'), h('dd', { testid: 'about-version' }, a.version),
        h('dt', {}, 'Data gemmes i'), h('dd', { class: 'path', testid: 'about-data-dir' }, a.data_dir),
        h('dt', {}, 'Seneste sikkerhedskopi'),
        h('dd', { testid: 'about-last-backup' }, a.last_backup
          ? `${a.last_backup} (${a.backups} i alt)` : 'Ingen endnu'),
        h('dt', {}, 'Databasen'),
        h('dd', { testid: 'about-schema', dataset: { version: schema, current: String(a.schema_current) } }, schemaWords)),
      h('p', { class: 'hint' }, 'Alle data ligger i mappen ovenfor: databasen og mappen backups med sikkerhedskopierne. Kopiér hele mappen for at tage en kopi uden for programmet.'),
      licenceFold),
    buttons: [{ label: 'Luk', primary: true, cancel: true, testid: 'about-close' }],
  });
  const l = await call('licences').catch(() => null);
  mount(licences, l ? licenceList(l) : h('p', { class: 'muted' }, 'Licenserne kunne ikke hentes.'));
  if (l) licenceFold.querySelector('summary').textContent = `Licenser (${l.fonts.length} skrifttyper, ${l.crates.length} programbiblioteker)`;
}

/** Fonts, then crates; each licence text is made only when its entry is opened. */
function licenceList({ fonts, crates, texts }) {
  const entry = (summary, text, testid) => {
    const d = h('details', { class: 'licence', testid },
      h('summary', {}, summary));
    d.addEventListener('toggle', () => {
      if (d.open && d.children.length === 1) {
        d.append(h('pre', { class: 'licence-text' }, text || 'Pakken har ingen licensfil; licensen står ovenfor.'));
      }
    });
    return d;
  };
  return [
    h('h3', {}, 'Skrifttyper i PDF-filerne'),
    fonts.map((f) => entry(f.name, f.text, 'about-font')),
    h('h3', {}, `Programbiblioteker (${crates.length})`),
    h('p', { class: 'hint' }, 'Fælles Team selv er udgivet under MIT-licensen. Disse biblioteker er bygget ind i programmet:'),
    h('div', { class: 'licence-list' },
      crates.map((c) => entry(`${c.name} ${c.version} — ${c.license}`,
        c.files.map(([file, i]) => `== ${file}\n\n${texts[i]}`).join('\n\n'), 'about-crate'))),
  ];
}
