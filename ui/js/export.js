// Export of the citizen summaries and the minutes (PDF), shown in the closing item of a
// meeting. Before export the panel lists characters the PDF fonts cannot draw (they become
// "�"); after export it shows the absolute path of the file ([data-testid=export-path]).
// All user text is set as text (dom.js h()), never as HTML.
import { call } from './api.js';
import { h, mount } from './dom.js';
import { attempt } from './errors.js';
import { flushAll } from './saver.js';
import { groupOf, showFileResult } from './files.js';

/** "U+1F980" */
function codePoint(ch) {
  return 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** Characters with the documents they occur in: "🦀 (U+1F980) – Mikkel Sørensen". */
function unsupportedList(check) {
  const where = new Map();
  for (const t of [...check.cases, check.minutes]) {
    for (const ch of t.unsupported) {
      if (!where.has(ch)) where.set(ch, []);
      where.get(ch).push(t.case_id ? t.label : 'referatet');
    }
  }
  if (!where.size) return null;
  return h('div', { class: 'notice warn', testid: 'export-unsupported', role: 'status' },
    h('strong', {}, 'Nogle tegn kan ikke vises i PDF-filen.'),
    ' De bliver vist som »�«. Ret teksten, hvis tegnet er vigtigt:',
    h('ul', { class: 'plain-list' },
      [...where].map(([ch, docs]) => h('li', { dataset: { char: codePoint(ch) } },
        h('strong', {}, ch), ` (${codePoint(ch)}) – ${docs.join(', ')}`))));
}

export function exportPanel(meetingId, closed) {
  const body = h('div', {}, h('p', { class: 'hint' }, 'Henter …'));
  const result = h('div', { testid: 'export-result', role: 'status', 'aria-live': 'polite' });
  const panel = h('section', { class: 'card export', testid: 'export-panel' },
    h('h3', {}, 'PDF til borgerne og referat'),
    h('p', { class: 'hint' }, closed
      ? 'Mødet er afsluttet. Dokumenterne er endelige.'
      : 'Mødet er ikke afsluttet. Dokumenterne markeres »UDKAST«.'),
    body,
    result);

  const buttons = [];
  // The last file's message, shown again next to its button when the list is drawn anew.
  let last = null;
  const selectorOf = (b) => `[data-testid="${CSS.escape(b.dataset.testid || '')}"]${b.dataset.caseId ? `[data-case-id="${CSS.escape(b.dataset.caseId)}"]` : ''}`;
  // Next to `anchor`: by default the button that made the last file, found again.
  function showLast(anchor = last?.selector && body.querySelector(last.selector)) {
    if (!last || !anchor) return;
    const box = showFileResult(anchor, last.kind, last.path, { dataset: last.dataset, lines: [h('p', {}, last.line)] });
    for (const note of last.notes) box.append(h('p', { class: note.cls }, note.text));
  }
  async function run(exportFn, label) {
    // The buttons wait while a file is written; focus stays on the one pressed (a disabled
    // button would drop it to the page).
    const pressed = document.activeElement?.tagName === 'BUTTON' && body.contains(document.activeElement)
      ? document.activeElement : result;
    buttons.forEach((b) => { if (b !== pressed) b.disabled = true; });
    try {
      await flushAll(); // the PDF is made from the saved text: save what is typed first
      const out = await attempt(exportFn, { at: groupOf(pressed) });
      if (!out) return;
      // Said right after the row of the button pressed, with «Åbn» and «Vis i mappe».
      const notes = [];
      if (out.draft) notes.push({ cls: 'hint', text: 'Et udkast kan ikke overdrages til e-Boks. Den endelige PDF laves, når mødet er afsluttet.' });
      if (out.unsupported.length) notes.push({ cls: 'hint warn', text: `Tegn vist som »�«: ${out.unsupported.join(' ')}` });
      last = {
        selector: pressed === result ? null : selectorOf(pressed), kind: out.record.kind, path: out.path,
        dataset: { draft: String(out.draft) }, notes,
        line: `${label} er gemt${out.draft ? ' som udkast' : ''} (${out.pages} ${out.pages === 1 ? 'side' : 'sider'}):`,
      };
      showLast(pressed);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  async function load() {
    const check = await attempt(() => call('export_check', { meetingId }));
    if (!check) { mount(body); return; }
    // Redrawn after an export or a mark: the button that had focus keeps it.
    const had = body.contains(document.activeElement) ? document.activeElement.dataset : null;
    const refocus = () => {
      if (!had?.testid) return;
      const sel = `[data-testid="${CSS.escape(had.testid)}"]${had.caseId ? `[data-case-id="${CSS.escape(had.caseId)}"]` : ''}`;
      body.querySelector(sel)?.focus();
    };
    const row = (title, file, button) => h('li', { class: 'row' },
      h('div', { class: 'row-main' }, h('strong', {}, title), h('p', { class: 'hint' }, file)),
      button);
    const reload = () => load();
    const caseRows = check.cases.map((t) => {
      const b = h('button', {
        type: 'button', class: 'btn small', testid: 'export-citizen-pdf',
        dataset: { caseId: t.case_id }, disabled: Boolean(t.consent_problem),
        onclick: () => run(() => call('export_citizen_pdf', { caseId: t.case_id }), `Opsummeringen til ${t.label}`).then(reload),
      }, 'Lav PDF til borgeren');
      buttons.push(b);
      const handed = t.handover.state === 'handed-over';
      // Only a final letter is handed over: no mark before the meeting is closed.
      const mark = !closed ? null : h('button', {
        type: 'button', class: 'btn small', testid: 'handover-mark', dataset: { caseId: t.case_id },
        disabled: !t.handover.can_mark, 'aria-pressed': String(handed),
        title: t.handover.can_mark ? '' : 'Lav først den endelige PDF til borgeren',
        onclick: async () => {
          const out = await attempt(() => call('mark_handed_over', { caseId: t.case_id, handed: !handed }));
          if (out) reload();
        },
      }, handed ? 'Fortryd: ikke overdraget' : 'Markér som overdraget til e-Boks');
      const extract = t.adhoc.length ? h('button', {
        type: 'button', class: 'btn small', testid: 'minutes-extract-pdf', dataset: { caseId: t.case_id },
        onclick: () => run(() => call('export_extract_pdf', { caseId: t.case_id }), `Uddraget af sagen om ${t.label}`),
      }, 'Lav uddrag til ad hoc-deltagere') : null;
      if (extract) buttons.push(extract);
      return h('li', { class: 'row' },
        h('div', { class: 'row-main' }, h('strong', {}, `Opsummering til ${t.label}`),
          h('p', { class: 'hint' }, t.file_name),
          t.consent_problem ? h('p', { class: 'hint warn' }, t.consent_problem) : null,
          h('p', { class: 'handover-state', testid: 'handover-state', dataset: { caseId: t.case_id, state: t.handover.state } }, t.handover.label),
          t.adhoc.length ? h('p', { class: 'hint' }, `Ad hoc: ${t.adhoc.join(', ')} får et uddrag af denne sag, ikke referatet.`) : null),
        h('div', { class: 'row-actions' }, b, mark, extract));
    });
    const minutes = h('button', {
      type: 'button', class: 'btn small', testid: 'export-minutes-pdf',
      dataset: { meetingId },
      onclick: () => run(() => call('export_minutes_pdf', { meetingId }), 'Referatet').then(reload),
    }, 'Lav referat');
    buttons.push(minutes);
    // The final minutes are marked as sent to the fixed members, as a summary is for e-Boks.
    const sent = check.minutes.handover.state === 'handed-over';
    const minutesMark = !closed ? null : h('button', {
      type: 'button', class: 'btn small', testid: 'minutes-mark', dataset: { meetingId },
      disabled: !check.minutes.handover.can_mark, 'aria-pressed': String(sent),
      title: check.minutes.handover.can_mark ? '' : 'Lav først det endelige referat',
      onclick: async (e) => {
        const out = await attempt(() => call('mark_minutes_sent', { meetingId, sent: !sent }), { at: e.currentTarget.parentElement });
        if (out) reload();
      },
    }, sent ? 'Fortryd: ikke sendt' : 'Markér som sendt til de faste medlemmer');
    mount(body,
      unsupportedList(check),
      closed ? h('h4', {}, 'Efter mødet') : null,
      closed && check.handover_left ? h('p', { class: 'hint warn' }, `${check.handover_left} mangler endnu: lav PDF'erne og markér opsummeringerne, når de er overdraget til e-Boks.`) : null,
      h('ul', { class: 'rows' },
        caseRows,
        h('li', { class: 'row' },
          h('div', { class: 'row-main' }, h('strong', {}, 'Referat til de professionelle'),
            h('p', { class: 'hint' }, check.minutes.file_name),
            h('p', { class: 'handover-state', testid: 'minutes-state', dataset: { state: check.minutes.handover.state } }, check.minutes.handover.label)),
          h('div', { class: 'row-actions' }, minutes, minutesMark))),
      h('details', { class: 'who-gets-what' }, h('summary', {}, 'Hvem får hvad?'),
        h('ul', { class: 'plain-list' }, check.who_gets_what.map((l) => h('li', {}, l)))),
      h('p', { class: 'hint' }, 'Filerne gemmes i ', h('code', { testid: 'export-dir' }, check.dir),
        '. En fil overskrives aldrig; en ny udgave får et nummer, fx »(2)«.'));
    showLast();
    refocus();
  }
  load();

  return panel;
}
