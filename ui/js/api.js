// The only module that talks to the Tauri shell (invoke/listen).
const tauri = window.__TAURI__;

/** Calls a shell command. Rejects with `{kind, message}` (a Danish message). */
export async function call(cmd, args = {}) {
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'kind' in e) throw e;
    throw { kind: 'Internal', message: 'Der opstod en uventet fejl: ' + String(e) };
  }
}

/** Listens to a shell event; returns a promise of the unlisten function. */
export function on(event, handler) {
  return tauri.event.listen(event, (e) => handler(e.payload));
}
