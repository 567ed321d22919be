// The citizen screen. It receives only the `screen://view` event (the core's projection: a
// whole view, or one section's text edit) and renders every user text as text nodes. It calls
// no commands.
const root = document.querySelector('[data-testid=screen-root]');
const $ = (id) => document.getElementById(id);
let shownSeq = 0;
let shownCase = null; // which case the sections are of (name and date): a new one marks none

function text(el, value) {
  el.textContent = value == null ? '' : String(value);
}

function renderNeutral(v) {
  text($('neutral-team'), v.team_name);
  text($('neutral-date'), v.date_label);
  $('neutral-theme-label').hidden = !v.theme;
  text($('neutral-theme'), v.theme || '');
  text($('neutral-place'), v.place || '');
}

function clearNeutral() {
  for (const id of ['neutral-team', 'neutral-date', 'neutral-theme', 'neutral-place']) text($(id), '');
}

function clearCase() {
  for (const id of ['case-name', 'case-date', 'case-next-meeting']) text($(id), '');
  $('case-present').replaceChildren();
  parkAgreements();
  $('case-sections').replaceChildren();
  $('case-agreement-rows').replaceChildren();
  renderReview({ items: [], next_steps: null, next_steps_label: null });
  shownCase = null;
}

/** The agreements' table stands in the section that holds it (`agreements`); before that
 * section goes, the table goes back out of it, hidden. */
function parkAgreements() {
  const block = $('case-agreements');
  if (block.parentNode !== $('case')) $('case').append(block);
  block.hidden = true;
}

/** Marks the section being written (a calm highlight, `data-writing`), and only that one;
 * `null` marks none. */
function markWriting(el) {
  for (const s of $('case-sections').children) if (s !== el) delete s.dataset.writing;
  if (el) el.dataset.writing = 'true';
}

/** Siden sidst: last time's next steps, and each carried-over agreement with how it went
 * (in plain words, as the chair marks it). Hidden when there is nothing from before. */
function renderReview(r) {
  text($('case-prev-steps-label'), r.next_steps ? r.next_steps_label + ':' : '');
  text($('case-prev-steps-text'), r.next_steps || '');
  $('case-prev-steps').hidden = !r.next_steps;
  $('case-review-items').replaceChildren(...r.items.map((a) => {
    const li = document.createElement('li');
    li.dataset.state = a.state;
    li.append(span('what', a.what), span('who', a.who ? ' – ' + a.who : ''), span('state', a.state_label));
    return li;
  }));
  $('case-review').hidden = !r.next_steps && r.items.length === 0;
}

function span(cls, text_) {
  const el = document.createElement('span');
  el.className = cls;
  el.textContent = text_;
  return el;
}

/** One person of "Med i dag": the name, then the role in plain words ("– jobkonsulent"). */
function person(p) {
  const el = document.createElement('li');
  el.append(span('name', p.name), span('role', ' – ' + p.role + (p.is_virtual ? ' (på video)' : '')));
  return el;
}

function renderCase(v) {
  text($('case-name'), v.first_name);
  text($('case-date'), v.date_label);
  $('case-present').replaceChildren(...v.present.map(person));
  $('case-present-label').hidden = v.present.length === 0;

  // Only sections with text come (the core leaves blank ones out), in the template's order;
  // the agreements' table stands in the section that holds it.
  const container = $('case-sections');
  const block = $('case-agreements');
  const existing = new Map([...container.children].map((el) => [el.dataset.key, el]));
  for (const [key, el] of existing) {
    if (v.sections.some((s) => s.key === key)) continue;
    if (el.contains(block)) parkAgreements();
    el.remove();
  }
  const changed = [];
  v.sections.forEach((s, i) => {
    let el = existing.get(s.key);
    if (!el) {
      el = document.createElement('section');
      el.className = 'section';
      el.dataset.key = s.key;
      const q = document.createElement('h2');
      const body = document.createElement('p');
      body.className = 'body';
      body.dataset.testid = 'screen-section-' + s.key;
      el.append(q, body);
    }
    if (container.children[i] !== el) container.insertBefore(el, container.children[i] || null);
    const [q, body] = el.children;
    text(q, s.question);
    if (body.textContent !== s.text) {
      body.textContent = s.text;
      changed.push(el);
    }
    el.classList.toggle('empty', !s.text);
    if (s.agreements && block.parentNode !== el) el.append(block);
  });

  const rows = v.agreements.map((a) => {
    const tr = document.createElement('tr');
    for (const c of [a.what, a.who, a.due]) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.append(td);
    }
    return tr;
  });
  $('case-agreement-rows').replaceChildren(...rows);
  block.hidden = rows.length === 0 || !v.sections.some((s) => s.agreements);
  renderReview(v.review);
  text($('case-next-meeting'), v.next_meeting);
  // The section being written: the one whose text changed, while the same case stays on
  // screen (a new case marks none). Its end is kept in view.
  const thisCase = v.first_name + '\n' + v.date_label;
  if (thisCase !== shownCase) markWriting(null);
  else if (changed.length === 1) markWriting(changed[0]);
  else if (changed.length > 1) markWriting(null);
  shownCase = thisCase;
  if (changed.length) keepInView(changed[changed.length - 1]);
}

/** Scrolls so that the end of the section being written stays in view. */
function keepInView(el) {
  const r = el.getBoundingClientRect();
  if (r.bottom > window.innerHeight || r.bottom < 0) el.scrollIntoView({ block: 'end', behavior: 'smooth' });
}

/**
 * One section's text changed (a keystroke): replace `del` UTF-16 units at `at` with `ins` in
 * its text node. Applied only on the view it was computed against (`base`); anything else is
 * ignored and the next whole view puts it right.
 */
function applyEdit(payload) {
  const e = payload.edit;
  if (payload.base !== shownSeq || root.dataset.state !== 'case') return false;
  const el = [...$('case-sections').children].find((s) => s.dataset.key === e.key);
  if (!el) return false;
  const body = el.children[1];
  const node = body.firstChild;
  const old = node ? node.data : '';
  if (old.length - e.del + e.ins.length !== e.len || e.at + e.del > old.length) return false;
  if (node) node.replaceData(e.at, e.del, e.ins);
  else body.textContent = e.ins;
  el.classList.toggle('empty', e.len === 0);
  markWriting(el);
  keepInView(el);
  return true;
}

function apply(payload) {
  // bench: when each update arrived (FAELLES_BENCH=1 only).
  window.__FT_BENCH?.recv?.push([performance.timeOrigin + performance.now(), payload?.edit?.len ?? -1]);
  if (!payload || payload.seq < shownSeq) return;
  if (payload.edit) {
    if (!applyEdit(payload)) return;
    shownSeq = payload.seq;
    bench(() => ({ [payload.edit.key]: payload.edit.len }));
    return;
  }
  shownSeq = payload.seq;
  // The look the chair chose (light on dark when high), sent with every whole view.
  if (typeof payload.high_contrast === 'boolean') {
    document.documentElement.dataset.contrast = payload.high_contrast ? 'high' : 'normal';
  }
  const v = payload.view;
  $('neutral').hidden = v.state !== 'neutral';
  $('case').hidden = v.state !== 'case';
  // Whatever is not shown is not in the document either (hidden is not enough: the neutral
  // slide and the curtain hold nothing of a case).
  if (v.state === 'neutral') renderNeutral(v); else clearNeutral();
  if (v.state === 'case') renderCase(v); else clearCase();
  root.dataset.state = v.state;
  bench(() => Object.fromEntries((v.sections || []).map((s) => [s.key, s.text.length])));
}

// bench: the next animation frame after an update, with the section lengths shown
// (FAELLES_BENCH=1 only; see benches/driver).
function bench(lens) {
  if (!window.__FT_BENCH) return;
  const l = lens();
  requestAnimationFrame(() => window.__FT_BENCH.paint.push([performance.timeOrigin + performance.now(), l]));
}

window.__ftApply = apply;
window.__TAURI__.event.listen('screen://view', (e) => apply(e.payload));
// The first view: the shell hands it over once the page has loaded (events.rs
// `give_first_view`: `(window.__ftViews ??= []).push(view)`), which may be before this module
// ran. What came before is applied now; from now on a view handed over is applied at once.
for (const p of window.__ftViews || []) apply(p);
window.__ftViews = { push: apply };
window.__ftSeq = () => shownSeq; // read by the bench (benches/driver) to chain its edits
