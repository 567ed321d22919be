// The one error banner of the chair window ([data-testid=error], role=alert, data-kind = the
// core's error kind). The UI branches on `kind`, never on the message.
import { h } from './dom.js';
import { unexpected } from './api.js';

/**
 * Shows a refused action's message. `source` names who showed it (e.g. 'save'), so that it
 * can be taken down when that cause is gone (`clearError({source})`).
 */
export function showError(e, { source = '' } = {}) {
  const el = document.querySelector('[data-testid=error]');
  if (!el) return;
  // A fault of the window's own code (a JS exception) is not shown in its English words.
  if (!e || typeof e.kind !== 'string' || typeof e.message !== 'string') e = unexpected(source || 'ui', e);
  el.dataset.kind = e.kind || 'Internal';
  el.dataset.source = source;
  el.replaceChildren(h('strong', {}, 'Det gik ikke: '), e.message);
  el.hidden = false;
}

/** Takes the banner down (only if `source` showed it, when given). The reason the data could
 * not be opened stays until it is solved. */
export function clearError({ source } = {}) {
  const el = document.querySelector('[data-testid=error]');
  if (!el || el.dataset.fatal === 'true') return;
  if (source !== undefined && el.dataset.source !== source) return;
  el.hidden = true;
  el.dataset.kind = '';
  el.dataset.source = '';
  el.replaceChildren();
}

/**
 * Runs an action; on refusal shows the error and returns undefined. With `at` (a form, a row,
 * a button's group) the message is also shown right there, after `at` (`local-error`, with
 * the kind), where the chair acted; the banner stays the window's one live region.
 */
export async function attempt(fn, { at = null } = {}) {
  try {
    const out = await fn();
    clearError();
    if (at) localError(at, null);
    return out;
  } catch (e) {
    showError(e);
    if (at) localError(at, e);
    return undefined;
  }
}

/** The message of a refusal shown after `at` (none: taken away). */
function localError(at, e) {
  let el = at.nextElementSibling?.classList.contains('local-error') ? at.nextElementSibling : null;
  if (!e) { el?.remove(); return; }
  if (!e || typeof e.kind !== 'string' || typeof e.message !== 'string') e = unexpected('ui', e);
  if (!el) {
    el = h('p', { class: 'local-error', testid: 'local-error' });
    at.after(el);
  }
  el.dataset.kind = e.kind || 'Internal';
  el.replaceChildren(h('strong', {}, 'Det gik ikke: '), e.message);
}

export function errorBanner() {
  return h('div', { testid: 'error', role: 'alert', class: 'error-banner', hidden: true });
}
