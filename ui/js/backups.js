// Backups: taken at every meeting close and once a day at start (the last 10 are kept).
// Restore with confirmation; also offered when the database cannot be opened.
import { call } from './api.js';
import { h, mount, confirmButton } from './dom.js';
import { attempt } from './errors.js';

/** A section listing the backups with "Gendan"; `onRestored(message)` after a restore. */
export function backupsSection(onRestored, { allowNow = true } = {}) {
  const list = h('ul', { class: 'rows', testid: 'backup-list' });
  const status = h('p', { class: 'hint', role: 'status' });
  async function load() {
    const rows = await attempt(() => call('list_backups')) || [];
    mount(list, rows.length ? rows.map((b) => h('li', { class: 'row', testid: 'backup-row' },
      h('span', { class: 'row-main' }, h('strong', {}, b.label), h('span', { class: 'muted' }, ` · ${b.size_kb} KB`)),
      confirmButton('Gendan', 'Bekræft: erstat data med denne kopi', async () => {
        const msg = await attempt(() => call('restore_backup', { path: b.path }));
        if (msg) { status.textContent = msg; onRestored(msg); }
      }, { testid: 'backup-restore' }))) : h('li', { class: 'muted' }, 'Ingen sikkerhedskopier endnu.'));
  }
  load();
  return h('section', { class: 'card backups' },
    h('h2', {}, 'Sikkerhedskopier'),
    h('p', { class: 'hint' }, 'Der tages en kopi, hver gang et møde afsluttes, og én gang om dagen ved start. De 10 nyeste gemmes. Ved gendannelse gemmes de nuværende data først som en ny kopi.'),
    allowNow ? h('button', { class: 'btn', testid: 'backup-now', onclick: async () => {
      if (await attempt(() => call('backup_now'))) { status.textContent = 'Kopien er taget.'; load(); }
    } }, 'Tag en kopi nu') : null,
    status,
    list);
}
