// Where a file the app wrote went, shown next to the button that made it: its path as text
// (selectable, [data-testid=export-path] with data-kind/-path), «Åbn» (the file in its
// program) and «Vis i mappe» (the file manager, on Windows Explorer with the file selected).
// The shell opens only files inside the export folder. The app has no file dialogs: every
// file goes to the one export folder.
import { call } from './api.js';
import { h } from './dom.js';
import { attempt } from './errors.js';

/** The path element, «Åbn» and «Vis i mappe», to put in a paragraph. */
export function savedFile(kind, path, dataset = {}) {
  return [
    h('code', { testid: 'export-path', dataset: { kind, path, ...dataset } }, path),
    ' ',
    h('span', { class: 'file-actions' },
      h('button', { type: 'button', class: 'btn small', testid: 'file-open',
        onclick: (e) => attempt(() => call('open_file', { path }), { at: e.currentTarget.parentElement }) }, 'Åbn'),
      h('button', { type: 'button', class: 'btn small', testid: 'file-show-in-folder',
        onclick: (e) => attempt(() => call('show_in_folder', { path }), { at: e.currentTarget.parentElement }) }, 'Vis i mappe')),
  ];
}

/** The group of buttons a button belongs to (its row, its toolbar), else the button. */
export function groupOf(button) {
  return button.closest('.doc-buttons, .head-buttons, .row-actions, .actions, .file-buttons') || button;
}

/**
 * Says, right after the group of the button that made it, that a file was written and where
 * ([data-testid=file-result] with data-path; the paragraphs `lines` before the path line).
 * One result per group: a new file replaces the last one's message.
 */
export function showFileResult(button, kind, path, { lines = [], dataset = {} } = {}) {
  const group = groupOf(button);
  let box = group.nextElementSibling?.dataset?.testid === 'file-result' ? group.nextElementSibling : null;
  if (!box) {
    box = h('div', { class: 'file-result', testid: 'file-result', role: 'status' });
    group.after(box);
  }
  box.dataset.path = path;
  box.replaceChildren(...lines, h('p', {}, savedFile(kind, path, dataset)));
  return box;
}
