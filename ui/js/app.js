// The chair window's entry point (index.html loads only this module). It draws the frame
// around the views (sidebar, citizen screen panel with its mirror, error banner), registers
// each view with nav.js and starts every listener from an explicit init…() call at the end.
// No other module of the chair window registers a listener when it is imported, and no module
// imports this one (scripts/ui-check.mjs checks both).
import { reportsView } from './reports.js';
import { followupView } from './followup.js';
import { prepareView } from './prepare.js';
import { call, on } from './api.js';
import { h, mount } from './dom.js';
import { app } from './state.js';
import { go, refresh, registerView, setFrame } from './nav.js';
import { attempt, errorBanner } from './errors.js';
import { flushAll, overallState } from './saver.js';
import { openDialog } from './dialog.js';
import { citizensView } from './citizens.js';
import { meetingsView, meetingView } from './meetings.js';
import { runView, initRun, focusNotes } from './run.js';
import { backupsSection } from './backups.js';
import { teamView, teamForm } from './team.js';
import { aboutButton } from './about.js';
import { templateView } from './templates.js';

const NAV = [['meetings', 'Møder', 'M'], ['followup', 'Opfølgning', 'O'], ['citizens', 'Borgere', 'B'], ['team', 'Team', 'T'], ['template', 'Skabelon', 'S'], ['reports', 'Rapporter', 'R']];

// ---------------------------------------------------------------- the frame

/** Draws the window around `view`; returns the element the view draws into, or null. */
function frame(view) {
  const root = document.getElementById('app');
  if (app.fatal) {
    mount(root, fatalView(app.fatal));
    return null;
  }
  if (app.state.onboarding) {
    mount(root, view === 'setup' ? setupView() : onboardingView());
    return null;
  }
  const nav = (id, label, key) => h('button', {
    testid: 'nav-' + id, class: 'nav-item', 'aria-current': view === id ? 'page' : null,
    title: `${label} (Alt+${key})`, onclick: () => go(id),
  }, label);
  const content = h('section', { class: 'content', id: 'content' });
  mount(root,
    // Past the menu, the agenda and the attendance straight to the notes (also Alt+N).
    typeof view === 'object' && view?.run ? h('a', {
      href: '#content', class: 'skip-link', testid: 'skip-to-notes',
      onclick: (e) => { e.preventDefault(); focusNotes(); },
    }, 'Gå til noterne (Alt+N)') : null,
    h('aside', { class: 'sidebar' },
      h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('span', {}, 'Fælles Team')),
      h('p', { class: 'team-name' }, app.state.team?.name || ''),
      h('nav', { 'aria-label': 'Hovedmenu' }, NAV.map(([id, label, key]) => nav(id, label, key)), aboutButton()),
      screenPanel()),
    h('main', { class: 'main' }, errorBanner(), content));
  updateMirror();
  return content;
}

/** The database could not be opened: say why, and nothing else. */
function fatalView(e) {
  return h('main', { class: 'fatal' },
    h('h1', {}, 'Fælles Team kan ikke åbne sine data'),
    h('div', { testid: 'error', role: 'alert', class: 'error-banner', dataset: { kind: e.kind, fatal: 'true' } }, e.message),
    e.kind === 'DatabaseCorrupt'
      ? backupsSection(() => setTimeout(refresh, 1500), { allowNow: false }) : null);
}

// ---------------------------------------------------------------- screen control + mirror

function screenPanel() {
  return h('div', { class: 'screen-panel' },
    h('p', { class: 'panel-title' }, 'Borgerskærmen'),
    h('div', { class: 'mirror', id: 'mirror', role: 'status' }),
    h('div', { class: 'panel-buttons' },
      h('button', { testid: 'screen-open', class: 'btn small', onclick: () => attempt(() => call('screen_open')) }, 'Vis vindue'),
      h('button', { testid: 'screen-curtain', class: 'btn small', title: 'Tæppe (F8)', onclick: toggleCurtain }, 'Tæppe (F8)'),
      h('button', { testid: 'screen-fullscreen', class: 'btn small', title: 'Borgerskærmen i fuld skærm (F11)', onclick: () => attempt(() => call('screen_fullscreen')) }, 'Fuld skærm'),
      h('button', {
        testid: 'screen-contrast', class: 'btn small', 'aria-pressed': String(!!app.screen?.high_contrast),
        title: 'Borgerskærmen med lys tekst på mørk baggrund (huskes på denne computer)',
        onclick: () => attempt(() => call('screen_contrast', { high: !app.screen?.high_contrast })),
      }, 'Høj kontrast')));
}

async function toggleCurtain() {
  await attempt(() => call('screen_curtain'));
}

function updateMirror() {
  const el = document.getElementById('mirror');
  if (!el || !app.screen) return;
  const v = app.screen; // {seq, state, first_name}
  el.dataset.state = v.state;
  const label = v.state === 'curtain' ? 'Tæppe – skærmen er blank'
    : v.state === 'case' ? `Viser: ${v.first_name}s sag`
    : 'Neutral side';
  mount(el, h('span', { class: 'dot' }), label);
  const btn = document.querySelector('[data-testid=screen-curtain]');
  if (btn) btn.setAttribute('aria-pressed', String(v.state === 'curtain'));
  document.querySelector('[data-testid=screen-contrast]')?.setAttribute('aria-pressed', String(!!v.high_contrast));
}

/** The mirror of what the citizen screen shows: its current state now, then every change. */
function initScreenMirror() {
  on('chair://screen-mirror', (p) => {
    if (!app.screen || p.seq >= app.screen.seq) {
      app.screen = p;
      if (p.state === 'neutral') app.screenCaseId = null;
      updateMirror();
    }
  });
  call('screen_current').then((p) => { app.screen = p; updateMirror(); }).catch(() => {});
}

// ---------------------------------------------------------------- onboarding

function onboardingView() {
  return h('main', { class: 'onboarding' },
    h('div', { class: 'onboarding-card' },
      h('div', { class: 'brand big' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('span', {}, 'Fælles Team')),
      h('h1', {}, 'Velkommen'),
      h('p', { class: 'lead' }, 'Fælles Team hjælper jer med at holde møderne i jeres fælles team: dagsorden, borgersager, aftaler og opsummering til borgeren.'),
      errorBanner(),
      h('div', { class: 'choices' },
        h('button', { testid: 'onboarding-setup', class: 'choice', onclick: () => go('setup') },
          h('strong', {}, 'Opret vores team'), h('span', {}, 'Navn, kommune og de faste deltagere.')),
        h('button', { testid: 'onboarding-demo', class: 'choice', onclick: loadDemo },
          h('strong', {}, 'Prøv med demodata'), h('span', {}, 'Et opdigtet team med borgere og møder.')))));
}

async function loadDemo() {
  const ok = await attempt(() => call('load_demo'));
  if (ok !== undefined) await refresh('meetings');
}

function setupView() {
  return h('main', { class: 'onboarding' },
    h('div', { class: 'onboarding-card wide' },
      h('h1', {}, 'Opret jeres team'),
      errorBanner(),
      teamForm(null, async (input) => {
        const ok = await attempt(() => call('setup_team', { input }));
        if (ok) await refresh('meetings');
      }, () => go('meetings'))));
}

// ---------------------------------------------------------------- keyboard

/** The window-wide keys: F11 full screen, F8 / Ctrl+Shift+B curtain, Alt+M/O/B/T/S/R views. */
function initKeyboard() {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'F11') {
      e.preventDefault();
      attempt(() => call('screen_fullscreen'));
      return;
    }
    if (e.key === 'F8' || (e.ctrlKey && e.shiftKey && (e.key === 'B' || e.key === 'b'))) {
      e.preventDefault();
      toggleCurtain();
      return;
    }
    if (e.altKey && !e.ctrlKey && app.state && !app.state.onboarding && !app.fatal) {
      const map = { m: 'meetings', o: 'followup', b: 'citizens', t: 'team', s: 'template', r: 'reports' };
      const v = map[e.key.toLowerCase()];
      if (v) { e.preventDefault(); go(v); }
    }
  }, true);
}

// ---------------------------------------------------------------- the end

/** The app is ending (chair window closed: `ask`; log-out, shutdown: not). What is typed is
 * saved first. If some of it cannot be saved (disk full, read-only folder) and the window was
 * closed, the app stays open and asks: closing now would lose that text. */
function initClosing() {
  on('chair://closing', async ({ ask } = {}) => {
    await Promise.race([flushAll(), new Promise((r) => setTimeout(r, 1500))]);
    if (ask && overallState() !== 'saved') {
      await call('stay_open').catch(() => {});
      openDialog({
        title: 'Noget tekst er ikke gemt',
        testid: 'unsaved-dialog',
        body: h('p', {}, 'Den sidste tekst kunne ikke gemmes (se beskeden øverst). Hvis du lukker nu, går den tabt. Bliv, og luk, når teksten er gemt.'),
        buttons: [
          { label: 'Bliv', primary: true, cancel: true, testid: 'unsaved-stay' },
          { label: 'Luk alligevel', testid: 'unsaved-close', action: () => call('exit_app').catch(() => {}) },
        ],
      });
      return;
    }
    call('exit_app').catch(() => {});
  });
  // The background check found the database damaged: show why, with the backups.
  on('chair://data-damaged', () => refresh());
}

// ---------------------------------------------------------------- start

function initViews() {
  setFrame(frame);
  registerView('meetings', meetingsView);
  registerView('meeting', meetingView);
  registerView('run', runView);
  registerView('citizens', citizensView);
  registerView('team', teamView);
  registerView('reports', reportsView);
  registerView('followup', followupView);
  registerView('prepare', prepareView);
  registerView('template', templateView);
}

initViews();
initKeyboard();
initRun();
initClosing();
initScreenMirror();
refresh();
