// Where focus goes, and what is said to a screen reader. The window has one polite status
// region for announcements (#announce in index.html, outside the views, so that drawing a view
// never re-reads it); the other live regions are status lines of their own (save state, error
// banner, the screen mirror). No view is a live region.

/** Says `text` through the announcement region. Cleared first, so the same words twice are
 * said twice. */
export function announce(text) {
  const el = document.getElementById('announce');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** Focuses `el`; an element that is not focusable by itself (a heading) gets tabindex=-1 so
 * that script can focus it without adding a Tab stop. Returns whether it has focus. */
export function focusOn(el) {
  if (!el) return false;
  if (!el.matches(FOCUSABLE)) el.setAttribute('tabindex', '-1');
  el.focus();
  return document.activeElement === el;
}

/** After a view is drawn: if focus was lost with the old view (it is on the page's body),
 * it goes to the view's heading. Where a view put it itself (a form's first field), it stays. */
export function settleFocus(content) {
  const a = document.activeElement;
  if (a && a !== document.body && a.isConnected) return;
  focusOn(content?.querySelector('h1') || content?.querySelector('h2'));
}
