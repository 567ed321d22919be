// Team → Skabelon: the live preview beside the editor ([data-testid=template-preview]): a
// sample case with the edited template, made by the core's real code (`template_preview`):
// the citizen screen as the citizen sees it, the agenda, and the citizen's invitation and
// summary as text. The screen is drawn here from the ScreenView (screen.js is the screen
// window's own module and is not imported by the chair's): the sections with their questions
// and text, «Med i dag» with the plain role names, the agreements in their table.
import { h, mount } from './dom.js';

const TABS = [['screen', 'Borgerskærmen'], ['agenda', 'Dagsorden'], ['invitation', 'Invitation'], ['summary', 'Opsummering']];

/** The preview pane: `{ el, show(preview), failed() }`. */
export function previewPane() {
  let tab = 'screen';
  let last = null;
  const body = h('div', { class: 'tpl-preview-body', testid: 'template-preview-body' });
  const note = h('p', { class: 'hint tpl-preview-note' });
  const buttons = TABS.map(([key, label]) => h('button', {
    type: 'button', class: 'btn small', testid: 'template-preview-tab', dataset: { tab: key },
    'aria-pressed': String(key === tab), onclick: () => { tab = key; mark(); draw(); },
  }, label));
  const mark = () => { for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.tab === tab)); };
  function draw() {
    if (!last) { mount(body, h('p', { class: 'muted' }, 'Forhåndsvisningen kommer om et øjeblik …')); return; }
    body.dataset.tab = tab;
    mount(body, tab === 'screen' ? screenMock(last.screen)
      : tab === 'agenda' ? lines('Dagsorden til det faste team', last.agenda, 'agenda')
      : tab === 'invitation' ? lines('Borgerens invitation', last.invitation, 'letter')
      : lines('Borgerens opsummering', last.summary, 'letter'));
  }
  const el = h('section', { class: 'tpl-preview', testid: 'template-preview', 'aria-labelledby': 'tpl-preview-h' },
    h('h2', { id: 'tpl-preview-h' }, 'Forhåndsvisning'),
    h('p', { class: 'hint' }, 'En opdigtet borgersag med skabelonen, som den ser ud nu.'),
    h('div', { class: 'tpl-tabs', role: 'group', 'aria-label': 'Vis' }, buttons),
    note,
    // Scrolls on its own beside a long form: reachable by keyboard.
    h('div', { class: 'tpl-preview-scroll', tabindex: '0', role: 'region', 'aria-label': 'Forhåndsvisningens indhold' }, body));
  draw();
  return {
    el,
    show(preview) {
      last = preview;
      note.textContent = '';
      el.dataset.state = 'shown';
      draw();
    },
    failed() {
      note.textContent = 'Forhåndsvisningen følger med, når skabelonen kan læses igen (se problemerne øverst).';
      el.dataset.state = 'stale';
    },
  };
}

/** The citizen screen of the sample case, as screen.js draws it, in small. */
function screenMock(v) {
  if (!v || v.state !== 'case') return h('p', { class: 'muted' }, 'Borgerskærmen viser den neutrale side.');
  const table = v.agreements.length ? h('table', { class: 'tpl-screen-agreements' },
    h('caption', { class: 'sr-only' }, 'Det aftaler vi'),
    h('thead', {}, h('tr', {}, ['Hvad', 'Hvem', 'Hvornår'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, v.agreements.map((a) => h('tr', {}, [a.what, a.who, a.due].map((c) => h('td', {}, c)))))) : null;
  return h('div', { class: 'tpl-screen', testid: 'template-preview-screen' },
    h('div', { class: 'tpl-screen-head' },
      h('p', { class: 'tpl-screen-name' }, v.first_name),
      h('p', { class: 'tpl-screen-date' }, v.date_label),
      v.present.length ? [
        h('p', { class: 'tpl-screen-label' }, 'Med i dag'),
        h('ul', { class: 'tpl-screen-present' }, v.present.map((p) => h('li', {},
          h('span', { class: 'who' }, p.name), ` – ${p.role}${p.is_virtual ? ' (på video)' : ''}`))),
      ] : null),
    v.sections.map((s) => h('div', { class: 'tpl-screen-section', testid: 'template-preview-section', dataset: { key: s.key } },
      h('h3', {}, s.question),
      s.text ? h('p', {}, s.text) : null,
      s.agreements ? table : null)),
    v.sections.some((s) => s.agreements) ? null : table,
    h('p', { class: 'tpl-screen-next' }, v.next_meeting));
}

/** A letter or the agenda as lines of text. */
function lines(title, list, kind) {
  return h('div', { class: `tpl-lines tpl-lines-${kind}` },
    h('h3', {}, title),
    h(kind === 'agenda' ? 'ol' : 'div', { class: 'tpl-lines-body' },
      list.map((l) => h(kind === 'agenda' ? 'li' : 'p', {}, l))));
}
