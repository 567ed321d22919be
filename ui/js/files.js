// Where a file the app wrote went: its path as text (selectable, [data-testid=export-path]
// with data-kind/-path) and «Vis i mappe», which opens the folder in the file manager
// (on Windows Explorer, with the file selected; the shell only opens files in the export
// folder). The app has no file dialogs: every file goes to the one export folder.
import { call } from './api.js';
import { h } from './dom.js';
import { attempt } from './errors.js';

/** The path element and the «Vis i mappe» button, to put in a paragraph. */
export function savedFile(kind, path, dataset = {}) {
  return [
    h('code', { testid: 'export-path', dataset: { kind, path, ...dataset } }, path),
    ' ',
    h('button', { type: 'button', class: 'btn small', testid: 'file-show-in-folder',
      onclick: () => attempt(() => call('show_in_folder', { path })) }, 'Vis i mappe'),
  ];
}
