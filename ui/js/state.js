// The chair window's shared state: one plain object, read by every view. Nothing here runs
// at import time but this declaration; nav.js is the one writer of `view`.

export const app = {
  state: null,         // AppState from the core (team, template, onboarding)
  fatal: null,         // {kind, message} when the data cannot be opened (nothing else is shown)
  view: 'meetings',    // 'meetings' | 'citizens' | 'team' | 'reports' | 'setup' | {meeting: id} | {run: id}
  screen: null,        // the last screen mirror payload {seq, state, first_name}
  members: [],         // the team's participants
  runMeetingId: null,  // the meeting open in the run view (its neutral slide: F7)
  currentCaseId: null, // the case open in the run view (F6 shows it)
  screenCaseId: null,  // the case the citizen screen shows, as far as the chair knows
};
