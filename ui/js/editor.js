// The note editors of the run view: a text area saved as typed (saver.js) with the texts kept
// beside its note, and the "Alt er gemt" line (role=status) that follows every editor.
import { call } from './api.js';
import { h, mount, confirmButton } from './dom.js';
import { attempt } from './errors.js';
import { editNote, onSaveState, overallState } from './saver.js';

/** The save state line of an item panel (one per panel; `updateSaveState` keeps it true). */
export function saveState() {
  return h('p', { class: 'save-state', testid: 'save-state', dataset: { state: 'saved' }, role: 'status' }, 'Alt er gemt');
}

export function updateSaveState(state = overallState()) {
  const el = document.querySelector('[data-testid=save-state]');
  if (!el || el.dataset.state === state) return;
  el.dataset.state = state;
  el.textContent = state === 'error' ? 'Ikke gemt – teksten er bevaret, prøver igen'
    : state === 'saving' ? 'Gemmer …' : 'Alt er gemt';
}

/** Texts kept beside a note because they could not be saved into it (the stored text was
 * newer, or the meeting had been closed): shown under the note to merge or remove. */
function keptBlock(kept, saver, locked) {
  const box = h('div', { class: 'kept', testid: 'kept-texts' });
  const render = (list) => mount(box, list.length ? h('div', { class: 'notice warn', role: 'status' },
    h('strong', {}, list.length === 1 ? 'Tekst der ikke er flettet ind' : `${list.length} tekster der ikke er flettet ind`),
    list.map((k) => h('div', { class: 'kept-item', testid: 'kept-text', dataset: { id: k.id, reason: k.reason } },
      h('p', { class: 'hint' }, k.label),
      h('blockquote', { class: 'kept-body' }, k.text),
      locked ? h('p', { class: 'hint' }, 'Genåbn mødet for at flette teksten ind.') : h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn small', testid: 'kept-merge', onclick: async () => {
          await saver.flush();
          if (saver.pending) return;
          const state = await attempt(() => call('merge_kept_text', { id: k.id, baseRevision: saver.rev }));
          if (state) { saver.load(state); render(state.kept); saver.el.focus(); }
        } }, 'Indsæt under teksten'),
        confirmButton('Fjern', 'Bekræft: fjern teksten', async () => {
          if (await attempt(() => call('discard_kept_text', { id: k.id })) !== undefined) {
            render(list.filter((x) => x.id !== k.id));
          }
        }, { testid: 'kept-discard' }))))) : null);
  render(kept);
  return { box, render };
}

/** A text area for `note` saved as typed, with its kept texts under it. */
export function noteEditor(note, area, state, { preview = null, edit = null, locked = false, onClosed = null } = {}) {
  let kept = null;
  const saver = editNote(note, area, state, {
    preview,
    edit,
    onReopen: (st, e) => {
      kept?.render(st.kept);
      if (e.kind !== 'StaleRevision') onClosed?.(); // the meeting was closed meanwhile
    },
  });
  kept = keptBlock(state.kept, saver, locked);
  return { saver, kept: kept.box };
}

/** The save state of one block's editors and answers, where the chair acts (role=status,
 * `data-state` saved | saving | error): `idle` while all is saved. It follows its editors
 * while it is in the window. */
export function blockSaveState(savers, testid, idle) {
  const line = h('p', { class: 'save-state block', testid, role: 'status', dataset: { state: 'saved' } }, idle);
  const show = () => {
    const states = savers.map((s) => s.state);
    const state = states.includes('error') ? 'error' : states.includes('saving') ? 'saving' : 'saved';
    if (line.dataset.state === state) return;
    line.dataset.state = state;
    line.textContent = state === 'error' ? 'Ikke gemt – det valgte og skrevne er bevaret, prøver igen'
      : state === 'saving' ? 'Gemmer …' : 'Alt er gemt';
  };
  const stop = onSaveState(() => {
    if (!line.isConnected) { stop(); return; }
    show();
  });
  show();
  if (line.dataset.state === 'saved') line.textContent = idle;
  return line;
}
