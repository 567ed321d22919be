// Date and time fields in Danish whatever the machine's locale. A `type=date` field follows
// the system's locale (on an English machine «12/22/2026», cut off), so these are text fields
// that show «24.12.2026» and «13:00», accept that (or ISO «2026-12-24», which tests and older
// callers send) and tidy what was typed when the field is left. What the field holds as ISO
// is in `data-iso` (empty while it is no date). The core reads both forms and refuses
// anything else with a Danish message; the field says so already when it is left.
import { h } from './dom.js';

const DANISH_DATE = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})[:.]?(\d{2})$/;
const pad = (n) => String(n).padStart(2, '0');

const DATE_HINT = 'Skriv datoen som dag.måned.år, fx 24.12.2026.';
const TIME_HINT = 'Skriv klokkeslættet som fx 13:00.';

/** The ISO date (`2026-12-24`) of a typed date, or '' if it is no date that exists. */
export function isoOf(text) {
  const s = String(text || '').trim();
  let y; let m; let d;
  let hit = s.match(ISO_DATE);
  if (hit) [, y, m, d] = hit.map(Number);
  else if ((hit = s.match(DANISH_DATE))) [, d, m, y] = hit.map(Number);
  else return '';
  const date = new Date(Date.UTC(y, m - 1, d));
  const exists = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return exists ? `${y}-${pad(m)}-${pad(d)}` : '';
}

/** «24.12.2026» of an ISO date ('' stays ''). */
export function danishDate(iso) {
  const hit = String(iso || '').match(ISO_DATE);
  return hit ? `${hit[3]}.${hit[2]}.${hit[1]}` : String(iso || '');
}

/** «13:00» of a typed time («13:00», «13.00», «1300», «9:05»), or '' if it is no time. */
export function timeOf(text) {
  const hit = String(text || '').trim().match(TIME);
  if (!hit) return '';
  const [hh, mm] = [Number(hit[1]), Number(hit[2])];
  return hh < 24 && mm < 60 ? `${pad(hh)}:${pad(mm)}` : '';
}

// A field that reads one form and tidies to it when left; a wrong value is said under it
// (`field-error`, tied to the field by aria-describedby) and marked `aria-invalid`.
function typed(attrs, { read, show, placeholder, hint, size }) {
  const { value, ...rest } = attrs;
  const el = h('input', {
    type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder, size,
    class: 'typed-input', ...rest, value: value ? show(value) : '',
  });
  const message = h('p', { class: 'field-error', role: 'status', 'aria-live': 'polite' });
  message.id = `${el.dataset.testid || 'typed'}-${Math.random().toString(36).slice(2, 8)}-error`;
  const check = (leaving) => {
    const got = read(el.value);
    el.dataset.iso = got;
    const wrong = Boolean(el.value.trim()) && !got;
    el.setAttribute('aria-invalid', String(wrong));
    el.setCustomValidity(wrong ? hint : '');
    if (leaving && got) el.value = show(got);
    if (leaving || !wrong) {
      message.textContent = wrong ? hint : '';
      if (!message.isConnected && wrong) el.after(message);
      if (message.textContent) el.setAttribute('aria-describedby', message.id);
      else el.removeAttribute('aria-describedby');
    }
    return got;
  };
  el.addEventListener('input', () => check(false));
  el.addEventListener('blur', () => check(true));
  el.checkTyped = check;
  check(false);
  return el;
}

/** A date field (`value`: an ISO date). Read it with `dateValue(el)`. */
export function dateInput(attrs = {}) {
  return typed({ inputmode: 'numeric', maxlength: 10, ...attrs }, {
    read: isoOf, show: danishDate, placeholder: 'dd.mm.åååå', hint: DATE_HINT, size: 11,
  });
}

/** A time field (`value`: «13:00»). Read it with `dateValue(el)`. */
export function timeInput(attrs = {}) {
  return typed({ inputmode: 'numeric', maxlength: 5, ...attrs }, {
    read: timeOf, show: (t) => timeOf(t) || t, placeholder: 'tt:mm', hint: TIME_HINT, size: 6,
  });
}

/** What a date or time field holds: ISO date / «13:00», or what was typed if it is neither
 * (the core then refuses it with its Danish message). */
export function dateValue(el) {
  return el.checkTyped(false) || el.value.trim();
}

/** Like leaving the field: tidies it, or shows what is wrong under it. The value ('' if it is
 * no date or time). */
export function confirmTyped(el) {
  return el.checkTyped(true);
}
