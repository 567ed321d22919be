// Notes saved as they are typed. One editor (`Saver`) per note for as long as the note has
// unsaved text: leaving a case, or the run view, does not end it. It keeps trying to save,
// and when the note is shown again the new text area takes over from it with the text as
// typed. The core keeps the same text as a draft (ui → `save_note` makes it one before the
// write), so nothing typed depends on this window alone. See crates/faelles-core/src/run/notes.rs.
//
// - Every input: at once to the core's draft and the screen as an edit (`edit_section`: what
//   changed, in UTF-16 units, a few bytes whatever the section's length; the whole text once
//   when the core has none to apply it to), the durable save 300 ms after the last key.
//   Edits go out in order as keys come (a burst of keys does not wait for each round trip);
//   a save or a whole text waits for the edits on their way, and no edit goes out while a
//   save or a whole text is on its way. An edit the core cannot apply (out of step) makes the
//   next send the whole text.
// - `StaleRevision` / `MeetingLocked`: the core kept the text beside the note; the editor
//   opens the note again (newest stored text, the kept text shown under it to merge).
// - Any other failure (disk full, read-only folder): the text stays, a retry every 2 s, the
//   error banner until a save succeeds.
import { call } from './api.js';
import { showError, clearError } from './errors.js';

const editors = new Map(); // note key -> Saver
const listeners = new Set(); // called with the overall state when it changes

function noteKey(n) {
  return n.scope === 'case' ? `case:${n.case_id}:${n.key}` : `meeting:${n.meeting_id}:${n.key}`;
}

/** The text an editor starts from: the core's unsaved draft if any, else the stored text. */
function startOf(state) {
  return state.unsaved ? { text: state.unsaved.text, rev: state.unsaved.base, unsaved: true }
    : { text: state.text, rev: state.revision, unsaved: false };
}

/** The one replacement that turns `a` into `b` (UTF-16 units, whole characters), or null.
 * The common ends are found a block at a time with the engine's own string comparison, so
 * typing at the end of a 10 000-character section does not step through it in a loop. */
export function diff(a, b) {
  if (a === b) return null;
  const max = Math.min(a.length, b.length);
  let p = 0;
  for (let step = 4096; step >= 1; step >>= 2) {
    while (p + step <= max && a.substr(p, step) === b.substr(p, step)) p += step;
  }
  if (p > 0 && isHigh(a.charCodeAt(p - 1))) p--; // never between the halves of a pair
  let s = 0;
  for (let step = 4096; step >= 1; step >>= 2) {
    while (s + step <= max - p && a.substr(a.length - s - step, step) === b.substr(b.length - s - step, step)) s += step;
  }
  if (s > 0 && isLow(a.charCodeAt(a.length - s))) s--;
  return { at: p, del: a.length - p - s, ins: b.slice(p, b.length - s), len: b.length };
}
const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

class Saver {
  constructor(note, { preview, edit, onReopen }) {
    Object.assign(this, {
      note, previewFn: preview, editFn: edit, onReopen, el: null, rev: 0, pending: false, state: 'saved',
      timer: null, retry: null, loop: null, wantSave: false, wantPreview: false,
      sent: null, // the text the core's draft holds, as far as this editor knows (null: unknown)
      edits: 0, // edits on their way
      editsDone: null, // resolves when none is on its way
    });
    this.onInput = this.onInput.bind(this);
  }

  /** Sends what changed since the last send as an edit, without waiting for the answer.
   * False when it cannot (no edit function, the core's text unknown, a save or whole text on
   * its way): then the queue (`pump`) sends the whole text in turn. */
  sendEdit() {
    if (!this.editFn || this.sent === null || this.loop) return false;
    const text = this.el.value;
    const e = diff(this.sent, text);
    if (!e) return true;
    this.sent = text;
    if (this.edits++ === 0) this.editsDone = new Promise((r) => { this.editsSettled = r; });
    this.editFn(e)
      .catch(() => { this.sent = null; this.wantPreview = true; }) // out of step: whole text
      .finally(() => {
        if (--this.edits === 0) { this.editsSettled(); if (this.wantPreview || this.wantSave) this.pump(); }
      });
    return true;
  }

  /** Brings the core's draft (and the screen) to what the text area holds: an edit of what
   * was sent last, else the whole text. */
  async sendText() {
    const text = this.el.value;
    if (this.editFn && this.sent !== null) {
      const e = diff(this.sent, text);
      if (!e) return;
      try {
        await this.editFn(e);
        this.sent = text;
        return;
      } catch (_) {
        this.sent = null; // out of step (or refused): the whole text once
      }
    }
    try {
      await this.previewFn(text, this.rev);
      this.sent = text;
    } catch (_) {
      this.sent = null;
    }
  }

  /** Takes `el` as this note's text area (a new panel shows the note). */
  attach(el, text) {
    if (this.el && this.el !== el) this.el.removeEventListener('input', this.onInput);
    this.el = el;
    el.value = text;
    el.addEventListener('input', this.onInput);
  }

  /** The note as the core has it now (after opening it again). */
  load(state) {
    const s = startOf(state);
    this.rev = s.rev;
    this.sent = null;
    if (this.el) this.el.value = s.text;
    this.pending = s.unsaved;
    if (s.unsaved) { this.setState('saving'); this.schedule(0); } else this.setState('saved');
  }

  onInput(e) {
    // bench: the input event's time and length (FAELLES_BENCH=1 only; see benches/driver).
    window.__FT_BENCH?.input.push([performance.timeOrigin + (e?.timeStamp ?? performance.now()), this.el.value.length]);
    this.pending = true;
    if (this.state === 'saved') this.setState('saving');
    if (this.previewFn && !this.sendEdit()) { this.wantPreview = true; this.pump(); }
    this.schedule(300);
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), ms);
  }

  /** Runs the queued preview/save, one request at a time, after the edits on their way;
   * resolves when there is no more. */
  pump() {
    if (!this.loop) {
      this.loop = (async () => {
        for (;;) {
          if (this.edits) await this.editsDone;
          if (this.wantSave) { this.wantSave = false; await this.doSave(); } else if (this.wantPreview) {
            this.wantPreview = false;
            await this.sendText();
          } else break;
        }
      })().finally(() => { this.loop = null; });
    }
    return this.loop;
  }

  save() {
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    if (!this.pending) return this.loop || Promise.resolve();
    this.wantSave = true;
    return this.pump();
  }

  async doSave() {
    const text = this.el.value;
    this.pending = false;
    try {
      this.rev = await call('save_note', { note: this.note, text, baseRevision: this.rev });
      if (this.previewFn) this.sent = text; // the core's draft is the saved text now
      if (this.el.value !== text) { this.pending = true; this.wantSave = true; return; }
      this.setState('saved');
      if (![...editors.values()].some((s) => s.state === 'error')) clearError({ source: 'save' });
    } catch (e) {
      this.pending = true;
      if (['StaleRevision', 'MeetingLocked', 'MeetingCancelled'].includes(e.kind)) {
        // The core kept the refused text beside the note. Keys typed since go there too.
        if (this.el.value !== text) {
          await call('save_note', { note: this.note, text: this.el.value, baseRevision: this.rev }).catch(() => {});
        }
        showError(e, { source: 'save' });
        try {
          const state = await call('note_state', { note: this.note });
          this.load(state);
          this.onReopen?.(state, e);
        } catch (e2) { this.failed(e2); }
      } else this.failed(e);
    }
  }

  failed(e) {
    this.setState('error');
    showError(e, { source: 'save' });
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.save(), 2000);
  }

  /** Saves now and waits until this note has nothing in flight. */
  async flush() {
    if (this.pending) await this.save();
    else if (this.loop) await this.loop;
    else if (this.edits) await this.editsDone;
  }

  get dirty() { return this.pending || this.state !== 'saved' || !!this.loop || this.edits > 0; }

  setState(s) {
    if (this.state === s) return;
    this.state = s;
    if (s === 'saved' && !this.pending) {
      // Nothing left to save: a note shown again starts from the core's state.
      if (this.el && !this.el.isConnected) editors.delete(noteKey(this.note));
    }
    for (const f of listeners) f(overallState());
  }
}

/**
 * The editor of `note` in the text area `el`, from the note's state as the core sent it
 * (`{text, revision, unsaved, kept}`). An editor that still has unsaved text takes `el` over
 * with that text; otherwise a fresh one starts from the state.
 */
export function editNote(note, el, state, { preview = null, edit = null, onReopen = null } = {}) {
  const key = noteKey(note);
  let s = editors.get(key);
  if (s && s.dirty) {
    s.previewFn = preview;
    s.editFn = edit;
    s.onReopen = onReopen;
    s.attach(el, s.el ? s.el.value : startOf(state).text);
    return s;
  }
  s = new Saver(note, { preview, edit, onReopen });
  editors.set(key, s);
  s.attach(el, startOf(state).text);
  s.load(state);
  return s;
}

/** Forgets editors whose text areas are gone and that have nothing left to save. */
export function forgetDetached() {
  for (const [k, s] of editors) if (!s.el?.isConnected && !s.dirty) editors.delete(k);
}

/** 'error' if any note failed to save, 'saving' if any is on its way, else 'saved'. */
export function overallState() {
  const states = [...editors.values()].map((s) => s.state);
  return states.includes('error') ? 'error' : states.includes('saving') ? 'saving' : 'saved';
}

/** Calls `f` with the overall state whenever it changes; returns the function that stops it. */
export function onSaveState(f) { listeners.add(f); return () => listeners.delete(f); }

/** Saves every note with unsaved text and waits for them. */
export async function flushAll() {
  await Promise.all([...editors.values()].map((s) => s.flush()));
}

/** The editor of `note` if one is open. */
export function editorOf(note) { return editors.get(noteKey(note)) || null; }

// ---------------------------------------------------------------- answers
//
// An evaluation answer (a <select>) saves itself as it is chosen, with the notes' rules: it
// counts in the "Alt er gemt" line, a failed save (disk full, read-only folder) keeps the
// choice, shows the banner and retries every 2 s, also after the case is left (coming back
// shows the choice on its way), and closing the window waits for it. A refusal that trying
// again cannot mend (the meeting was closed, the citizen is registered absent) shows its
// message and puts the control back to what is stored. While its save is on its way the
// control says `data-saved=false`.

/** Refusals that are final: the choice goes back to the stored one. */
const REFUSED = ['MeetingLocked', 'MeetingCancelled', 'CitizenAbsent', 'InvalidValue', 'ConsentMissing', 'ConsentWithdrawn', 'NotFound', 'Forbidden'];

class AnswerSaver {
  constructor(key, send) {
    Object.assign(this, { key, send, el: null, stored: '', wanted: '', state: 'saved', loop: null, retry: null });
    this.onChange = () => { this.wanted = this.el.value; this.kick(); };
  }

  attach(el, value) {
    if (this.el && this.el !== el) this.el.removeEventListener('change', this.onChange);
    this.el = el;
    el.value = value;
    el.addEventListener('change', this.onChange);
    this.mark();
  }

  mark() { if (this.el) this.el.dataset.saved = String(this.state === 'saved'); }

  get pending() { return this.wanted !== this.stored; }

  get dirty() { return this.pending || !!this.loop || this.state !== 'saved'; }

  kick() {
    clearTimeout(this.retry);
    if (this.pending) this.setState('saving');
    if (!this.loop) {
      this.loop = (async () => {
        while (this.pending) {
          const v = this.wanted;
          try {
            await this.send(v);
            this.stored = v;
          } catch (e) {
            if (REFUSED.includes(e.kind)) {
              showError(e, { source: 'answer' });
              this.wanted = this.stored;
              if (this.el) this.el.value = this.stored;
            } else {
              this.failed(e);
              return;
            }
          }
        }
        this.setState('saved');
        if (![...editors.values()].some((s) => s.state === 'error')) clearError({ source: 'save' });
      })().finally(() => { this.loop = null; });
    }
    return this.loop;
  }

  failed(e) {
    this.setState('error');
    showError(e, { source: 'save' });
    this.retry = setTimeout(() => this.kick(), 2000);
  }

  async flush() {
    if (this.loop) await this.loop;
    else if (this.pending) await this.kick();
  }

  setState(s) {
    const was = this.state;
    this.state = s;
    this.mark();
    if (s === 'saved' && !this.el?.isConnected) editors.delete(this.key);
    if (was !== s) for (const f of listeners) f(overallState());
  }
}

/**
 * The answer `key` (e.g. `answer:<case id>:involved`) in the select `el`, stored as `value`,
 * saved with `send(value)`. An answer still on its way (or failing) takes `el` over with the
 * choice made; otherwise `el` shows what is stored.
 */
export function editAnswer(key, el, value, send) {
  let s = editors.get(key);
  if (s instanceof AnswerSaver && s.dirty) {
    s.send = send;
    s.attach(el, s.wanted);
    return s;
  }
  s = new AnswerSaver(key, send);
  s.stored = value;
  s.wanted = value;
  editors.set(key, s);
  s.attach(el, value);
  return s;
}
