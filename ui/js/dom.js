// Tiny DOM helpers. User text is always set as text (textContent), never as HTML.

/**
 * h('div', {class: 'x', dataset: {testid: 'y'}, onclick: fn}, 'text', child, ...)
 * Attributes starting with "on" become listeners; `testid` sets data-testid.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'testid') el.dataset.testid = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form field. */
export function field(label, input, hint) {
  const id = input.id || 'f-' + Math.random().toString(36).slice(2, 9);
  input.id = id;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint' }, hint) : null);
}

export function $(sel, root = document) {
  return root.querySelector(sel);
}

/** A button that asks for a second click before it acts (no modal dialog: the question is
 * the button's own new label, focus stays on it). Esc, leaving it, or 5 s take the question
 * back. */
export function confirmButton(label, confirmLabel, action, attrs = {}) {
  let armed = false;
  let timer = null;
  const disarm = () => { armed = false; clearTimeout(timer); btn.textContent = label; };
  const btn = h('button', { type: 'button', class: 'btn small danger', ...attrs,
    onkeydown: (e) => { if (armed && e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); disarm(); } },
    onblur: () => { if (armed) disarm(); },
    onclick: async () => {
      if (!armed) {
        armed = true;
        btn.textContent = confirmLabel;
        timer = setTimeout(disarm, 5000);
        return;
      }
      disarm();
      await action();
    } }, label);
  return btn;
}

/** Radio buttons as one choice. `onChange(v)` resolves to undefined when the change was
 * refused (the banner says why): the choice then goes back to what it was. */
/** Shows `value` (none: '' or null) as the choice of a `segmented` group, without a change
 * event: what is stored, brought in by the caller. */
export function setSegmented(group, value) {
  group.dataset.value = value || '';
  for (const r of group.querySelectorAll('input')) r.checked = r.value === (value || '');
}

export function segmented(name, label, options, value, onChange, disabled, testid) {
  const group = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': label, testid, dataset: { value: value || '' } },
    options.map(([v, l]) => h('label', { class: 'seg' },
      h('input', { type: 'radio', name, value: v, checked: value === v, disabled, onchange: async () => {
        const before = group.dataset.value;
        group.dataset.value = v;
        if (await onChange(v) === undefined && group.dataset.value === v) setSegmented(group, before);
      } }),
      h('span', {}, l))));
  return group;
}
