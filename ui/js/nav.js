// Navigation: which view the chair window shows (`app.view`), going to another (`go`) and
// reading the app's state again (`refresh`). It knows no view: each view registers its
// renderer here (`registerView`, from app.js at start), and app.js sets the frame drawn
// around a view (`setFrame`: sidebar, screen panel, error banner).
import { call } from './api.js';
import { app } from './state.js';
import { flushAll } from './saver.js';
import { settleFocus } from './focus.js';

const views = new Map(); // name -> (content, arg) => void
let frame = null;        // (view) => the element to draw the view into, or null (no view now)

/** `render(content, arg)` draws the view `name`; `arg` is the id of {name: id} views. */
export function registerView(name, render) {
  views.set(name, render);
}

/** `draw(view)` draws the window around a view and returns the view's element (or null when
 * the window shows something else: the start page, the reason the data cannot be opened). */
export function setFrame(draw) {
  frame = draw;
}

/** The view's name: 'meetings' for 'meetings', 'run' for {run: id}. */
export function viewName(view = app.view) {
  return typeof view === 'object' && view ? Object.keys(view)[0] : view;
}

/** Draws the current view again. Focus, lost with the old view, goes to the new view's
 * heading once it is drawn, unless the view put it somewhere itself. */
export async function render() {
  const content = frame?.(app.view);
  if (!content) {
    settleFocus(document.getElementById('app'));
    return;
  }
  const v = app.view;
  const name = viewName(v);
  const draw = views.get(name) || views.get('meetings');
  await draw(content, typeof v === 'object' && v ? v[name] : undefined);
  if (content.isConnected) settleFocus(content);
}

/** Goes to `view`. Typed text is saved first (an editor with unsaved text goes on trying). */
export function go(view) {
  flushAll();
  app.view = view;
  render();
}

/** Reads the app's state (and the team's members) again and draws the window; `view` if
 * given is shown next. When the data cannot be opened, only the reason is shown. */
export async function refresh(view) {
  if (view !== undefined) app.view = view;
  try {
    app.state = await call('app_state');
    app.fatal = null;
  } catch (e) {
    app.fatal = e;
    render();
    return;
  }
  app.members = app.state.team ? (await call('list_participants').catch(() => [])) : [];
  document.title = app.state.team ? `Fælles Team – ${app.state.team.name}` : 'Fælles Team';
  render();
}

/** Reads the app's state again without drawing: for a view that changed what the state holds
 * (a new template version) and draws itself. */
export async function reloadState() {
  try {
    app.state = await call('app_state');
  } catch {
    // The next refresh says why.
  }
}
