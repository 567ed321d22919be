// Floor chair: every input event sends the whole text to Rust (as the app's preview does).
const { invoke } = window.__TAURI__.core;
const area = document.querySelector('textarea');
area.addEventListener('input', (e) => {
  // bench: the input event's time (FAELLES_BENCH=1 only), as in the app's run.js.
  window.__FT_BENCH?.input.push([performance.timeOrigin + e.timeStamp, area.value.length]);
  invoke('relay', { text: area.value });
});
invoke('ready');
