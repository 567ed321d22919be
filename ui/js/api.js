// The only module that talks to the Tauri shell (invoke/listen).
const tauri = window.__TAURI__;

/** A refusal that did not come from the app's own error mapping (the shell's `{kind,
 * message}`): Tauri's own words (argument errors, permissions) are English and technical, so
 * the chair gets a Danish message with the kind, and the original goes to the console only.
 * The kind `Internal` is made here only; it is listed with every other kind in the shell's
 * `ErrorKind` (src-tauri/src/error.rs, `ShellKind::Internal`). */
export function unexpected(cmd, e) {
  console.error(`Fælles Team: ${cmd}:`, e);
  return {
    kind: 'Internal',
    message: 'Der opstod en uventet fejl i programmet (Internal). Prøv igen; sker det igen, så genstart Fælles Team. Det, der er skrevet, er gemt, når der står »Alt er gemt«.',
  };
}

/** Calls a shell command. Rejects with `{kind, message}` (a Danish message, always). */
export async function call(cmd, args = {}) {
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && typeof e.kind === 'string' && typeof e.message === 'string') throw e;
    throw unexpected(cmd, e);
  }
}

/** Listens to a shell event; returns a promise of the unlisten function. */
export function on(event, handler) {
  return tauri.event.listen(event, (e) => handler(e.payload));
}
