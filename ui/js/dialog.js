// A modal dialog that holds focus while open (Tab and Shift+Tab stay inside; the rest of the
// window is inert), closes on Esc (as its cancel button) and gives focus back to where it was.
// Help, and the question when typed text cannot be saved at exit. While it is open the
// window's other keys do nothing, except the curtain (F8 / Ctrl+Shift+B), which must always
// work, and F1 (which closes the help).
import { h } from './dom.js';

let seq = 0;

/** Keys that still reach the window while a dialog is open. */
function passes(e) {
  return e.key === 'F8' || e.key === 'F1' || (e.ctrlKey && e.shiftKey && (e.key === 'B' || e.key === 'b'));
}

/**
 * openDialog({title, body, buttons: [{label, testid, primary, cancel, action}], testid})
 * A button's `action` runs after the dialog has closed; `cancel` marks the one Esc presses.
 * Focus starts on the first primary button (else the first button).
 */
export function openDialog({ title, body = null, buttons, testid = null }) {
  const returnTo = document.activeElement;
  const behind = document.getElementById('app');
  const wasInert = behind?.inert ?? false;
  const titleId = `dialog-title-${++seq}`;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    overlay.remove();
    window.removeEventListener('keydown', onKey, true);
    if (behind) behind.inert = wasInert;
    if (returnTo && returnTo.isConnected && typeof returnTo.focus === 'function') returnTo.focus();
  };
  const btns = buttons.map((b) => h('button', {
    type: 'button', class: `btn ${b.primary ? 'primary' : ''}`, testid: b.testid,
    onclick: async () => { close(); await b.action?.(); },
  }, b.label));
  const overlay = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, testid },
    h('div', { class: 'overlay-card' },
      h('h2', { id: titleId }, title),
      body,
      h('div', { class: 'actions' }, btns)));
  function onKey(e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      const i = buttons.findIndex((b) => b.cancel);
      if (i >= 0) btns[i].click(); else close();
      return;
    }
    if (!passes(e)) e.stopPropagation(); // the window's shortcuts wait (typing, Enter still work)
    if (e.key !== 'Tab') return;
    const items = [...overlay.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((el) => !el.disabled);
    if (!items.length) { e.preventDefault(); return; }
    const first = items[0], last = items[items.length - 1];
    if (!overlay.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
    else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  }
  window.addEventListener('keydown', onKey, true);
  document.body.append(overlay);
  if (behind) behind.inert = true;
  (btns[buttons.findIndex((b) => b.primary)] || btns[0])?.focus();
  return { close, element: overlay };
}
