// Floor screen: sets textContent, nothing else.
const el = document.getElementById('text');
window.__TAURI__.event.listen('floor://text', (e) => {
  el.textContent = e.payload;
  // bench: the next animation frame after the update (FAELLES_BENCH=1 only), as in the app.
  if (window.__FT_BENCH) {
    const len = e.payload.length;
    requestAnimationFrame(() => window.__FT_BENCH.paint.push([performance.timeOrigin + performance.now(), { vigtigste: len }]));
  }
});
