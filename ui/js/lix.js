// Readability while writing: the LIX of a citizen-facing section, shown quietly beside it
// ([data-testid=lix] with data-key and data-score); above 40 a gentle "svær tekst". The
// core computes it (report::lix); asked for a moment after typing stops.
import { call } from './api.js';
import { h } from './dom.js';

const WAIT_MS = 600;

/** A badge for `area` (the section `key`), kept up to date as the chair types. */
export function lixBadge(key, area) {
  const badge = h('span', { class: 'lix', testid: 'lix', dataset: { key, score: '' },
    title: 'LIX: hvor let teksten er at læse. Under 30 er let, over 40 er svær. Teksten er til borgeren.' });
  let timer = null;
  const update = async () => {
    timer = null;
    try {
      const l = await call('lix', { text: area.value });
      badge.textContent = l.label;
      badge.dataset.score = l.words ? String(l.score) : '';
      badge.classList.toggle('hard', l.hard);
    } catch {
      // Readability is a hint: if it cannot be had, show nothing.
    }
  };
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, WAIT_MS);
  });
  update();
  return badge;
}
