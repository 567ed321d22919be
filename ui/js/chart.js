// Charts drawn as inline SVG by this small module: horizontal stacked bars, one per row,
// each part a share of its row. A chart is an image with a name and a description
// (role=img, aria-labelledby) and always has its data table beside it, so colour never
// carries the meaning alone. Built with createElementNS: no markup strings.

const NS = 'http://www.w3.org/2000/svg';
/** Ja, Delvist, Nej, Ikke besvaret, Skjult (the hidden counts together): the same colours
 * as the report PDF. */
const COLOURS = ['#29735a', '#c98f12', '#a3242f', '#b8babf', '#5c6169'];

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

let seq = 0;

/**
 * barChart({key, title, description, legend, rows: [{label, parts: [n, …]}]})
 * Parts in the order of `legend` (the core's bars: shown counts, then the hidden ones
 * together as one grey part, so a bar shows nothing the table does not).
 */
export function barChart({ key, title, description, legend, rows }) {
  const id = `chart-${++seq}`;
  const labelW = 190;
  const barW = 420;
  const rowH = 30;
  const top = 8;
  // The legend, laid out first: a new line when the next name would pass the bars' end.
  const places = [];
  let lx = labelW;
  let line = 0;
  legend.forEach((name) => {
    const w = 30 + name.length * 8;
    if (lx > labelW && lx + w - 14 > labelW + barW) { lx = labelW; line += 1; }
    places.push({ name, x: lx, line });
    lx += w;
  });
  const height = top + rows.length * rowH + 34 + line * 22;
  const svg = s('svg', {
    class: 'chart', role: 'img', viewBox: `0 0 ${labelW + barW + 20} ${height}`,
    'aria-labelledby': `${id}-t ${id}-d`, 'data-testid': 'report-chart', 'data-key': key,
  }, s('title', { id: `${id}-t` }, title), s('desc', { id: `${id}-d` }, description));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    svg.append(s('text', { x: 0, y: y + 19, class: 'chart-label' }, r.label));
    svg.append(s('rect', { x: labelW, y: y + 6, width: barW, height: 16, class: 'chart-track' }));
    const total = r.parts.reduce((a, b) => a + Math.max(0, b), 0);
    if (total === 0) return;
    let x = labelW;
    r.parts.forEach((v, j) => {
      if (v <= 0) return;
      const w = (barW * v) / total;
      svg.append(s('rect', { x, y: y + 6, width: w, height: 16, fill: COLOURS[j % COLOURS.length] }));
      x += w;
    });
  });
  places.forEach(({ name, x, line: n }, j) => {
    const ly = top + rows.length * rowH + 16 + n * 22;
    svg.append(s('rect', { x, y: ly - 10, width: 12, height: 12, fill: COLOURS[j % COLOURS.length] }));
    svg.append(s('text', { x: x + 17, y: ly, class: 'chart-legend' }, name));
  });
  return svg;
}
