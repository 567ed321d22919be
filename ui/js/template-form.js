// Team → Skabelon: the form of one template version. The editor (templates.js) hands it the
// template as plain data (`draft`); every field writes into it as it is typed and calls
// `onChange()`, so the draft is always what the form shows. Lists (agenda, case sections, the
// citizen's questions, the actors' fields, roles) can be reordered, added to, and have
// entries taken out: a structural change redraws that list only and puts focus back where
// the chair was. Read-only (an older version): the same form, nothing to change.
//
// Keys tie history together (a section's notes, a question's answers follow its key), so an
// entry that came with the version shows its key small and fixed; a new entry (`_new`) gets
// a key made from its title until it is saved (`keyFrom`).
import { h, field, confirmButton } from './dom.js';
import { announce, focusOn } from './focus.js';

/** The agenda items the run view gives a purpose: renamed, timed and moved, never taken
 * out (templates/check.rs REQUIRED_ITEMS). */
export const REQUIRED_ITEMS = ['velkomst', 'tema', 'borgersager', 'evaluering', 'eventuelt'];
const CASES_ITEM = 'borgersager';
const AGREEMENTS_SECTION = 'aftaler';
const CASES_MIN_MINUTES = 15;
export const SCALES = [['ja_delvist_nej', 'Ja / Delvist / Nej'], ['godt_blandet_svaert', 'Godt / Blandet / Svært']];
export const ORGS = [['kommune', 'Kommunen'], ['region', 'Regionspsykiatrien'], ['andre', 'Andre deltagere']];

/** A key made from `text`: lower case, æ→ae, ø→oe, å→aa, anything but a–z and 0–9 → `_`,
 * starting with a letter (else `fallback_…`), at most 32 characters, not one of `taken`
 * (then `_2`, `_3`, …). */
export function keyFrom(text, taken, fallback) {
  const base = String(text || '').toLowerCase()
    .replaceAll('æ', 'ae').replaceAll('ø', 'oe').replaceAll('å', 'aa')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  let key = /^[a-z]/.test(base) ? base : (base ? `${fallback}_${base}` : fallback);
  key = key.slice(0, 32).replace(/_+$/, '');
  let out = key;
  for (let n = 2; taken.has(out); n += 1) out = `${key}_${n}`;
  return out;
}

/** The template without the form's own marks (`_new`), as the core takes it. */
export function plainTemplate(t) {
  return JSON.parse(JSON.stringify(t, (k, v) => (k.startsWith('_') ? undefined : v)));
}

/** A whole number ≥ 0 from a number field (empty: 0). */
function whole(value) {
  const n = Math.floor(Number(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, 100000) : 0;
}

/** The minutes Borgersager is left with: the meeting's length less the other items'. */
export function casesMinutes(t) {
  return t.meeting_minutes - t.agenda.filter((a) => a.key !== CASES_ITEM).reduce((s, a) => s + (a.minutes || 0), 0);
}

/**
 * The form. `draft`: the template (changed in place); `onChange()` after every change;
 * `readOnly`: an older version, shown as it is.
 */
export function templateForm(draft, { onChange = () => {}, readOnly = false } = {}) {
  const ro = readOnly;
  const changed = () => { updateCasesTime(); onChange(); };
  const text = (obj, prop, { after = null, ...attrs } = {}) => h(attrs.rows ? 'textarea' : 'input', {
    value: obj[prop] ?? '', readonly: ro, autocomplete: 'off', ...attrs,
    oninput: (e) => { obj[prop] = e.target.value; after?.(); changed(); },
  });
  const number = (obj, prop, attrs = {}) => h('input', {
    type: 'number', min: 0, inputmode: 'numeric', value: obj[prop] ?? '', readonly: ro, class: 'minutes', ...attrs,
    oninput: (e) => { obj[prop] = whole(e.target.value); changed(); },
  });

  // Borgersager's time, said live under its item.
  const casesTime = h('p', { class: 'hint', testid: 'template-cases-time' });
  function updateCasesTime() {
    const left = casesMinutes(draft);
    casesTime.textContent = `Borgersager får den tid, der er tilbage: ${left} min.` +
      (left < CASES_MIN_MINUTES ? ` Det skal være mindst ${CASES_MIN_MINUTES} min.` : '');
    casesTime.classList.toggle('warn', left < CASES_MIN_MINUTES);
  }

  const meeting = h('section', { class: 'card tpl-part', 'aria-labelledby': 'tpl-meeting-h' },
    h('h3', { id: 'tpl-meeting-h' }, 'Mødet'),
    h('div', { class: 'grid3' },
      field('Skabelonens navn', text(draft, 'name', { testid: 'template-name' })),
      field('Mødets længde (minutter)', number(draft, 'meeting_minutes', { testid: 'template-minutes', min: 30, max: 480 })),
      field('Uger mellem møderne', number(draft, 'cadence_weeks', { testid: 'template-cadence', min: 1, max: 12 }))));

  const agenda = listPart({
    list: draft.agenda, ro, onChange: changed, kind: 'agenda-item', heading: 'Dagsorden', id: 'tpl-agenda',
    hint: 'Punkterne i mødets rækkefølge. De fem faste punkter kan omdøbes, times og flyttes, men ikke tages ud; Eventuelt er altid sidst.',
    noun: 'punktet', label: (a) => a.title, fallback: 'punkt',
    fixed: (a) => REQUIRED_ITEMS.includes(a.key),
    added: () => ({ key: '', title: '', minutes: 5, description: '', _new: true }),
    addLabel: 'Tilføj et punkt',
    body: (a, keyed) => [
      h('div', { class: 'tpl-row2' },
        field('Titel', text(a, 'title', { testid: 'template-agenda-title', after: keyed })),
        a.key === CASES_ITEM ? casesTime : field('Minutter', number(a, 'minutes', { testid: 'template-agenda-minutes', min: 1 }))),
      field('Beskrivelse', text(a, 'description', { testid: 'template-agenda-description', rows: 2 })),
    ],
  });

  const sections = listPart({
    list: draft.sections, ro, onChange: changed, kind: 'section', heading: 'Sagens afsnit', id: 'tpl-sections',
    hint: 'Afsnittene i hver borgersag. Titlen ser mødedeltagerne; spørgsmålet står på borgerskærmen og i borgerens opsummering. Aftaler kan omdøbes, men ikke tages ud.',
    noun: 'afsnittet', label: (s) => s.title, fallback: 'afsnit',
    fixed: (s) => s.key === AGREEMENTS_SECTION,
    added: () => ({ key: '', title: '', question: '', hint: '', _new: true }),
    addLabel: 'Tilføj et afsnit',
    body: (s, keyed) => [
      h('div', { class: 'tpl-row2 even' },
        field('Titel', text(s, 'title', { testid: 'template-section-title', after: keyed })),
        field('Spørgsmål til borgeren', text(s, 'question', { testid: 'template-section-question' }))),
      field('Hjælpetekst til mødelederen', text(s, 'hint', { testid: 'template-section-hint', rows: 2 })),
    ],
  });

  const questions = listPart({
    list: draft.citizen_evaluation, ro, onChange: changed, kind: 'question', heading: 'Borgerens spørgsmål', id: 'tpl-questions',
    hint: 'Stilles i slutningen af hver borgersag. Svarene følger spørgsmålets nøgle fra udgave til udgave; et nyt spørgsmål begynder en ny række.',
    noun: 'spørgsmålet', label: (q) => q.question, keyText: (q) => q.question, fallback: 'spoergsmaal',
    fixed: () => false,
    added: () => ({ key: '', question: '', scale: 'ja_delvist_nej', _new: true }),
    addLabel: 'Tilføj et spørgsmål',
    body: (q, keyed) => [
      h('div', { class: 'tpl-row2' },
        field('Spørgsmålet', text(q, 'question', { testid: 'template-question-text', after: keyed })),
        field('Svarmuligheder', h('select', { testid: 'template-question-scale', disabled: ro,
          onchange: (e) => { q.scale = e.target.value; changed(); } },
        SCALES.map(([v, l]) => h('option', { value: v, selected: q.scale === v }, l))))),
    ],
  });

  const me = draft.meeting_evaluation;
  const fields = listPart({
    list: me.fields, ro, onChange: changed, kind: 'field', heading: 'Tekstfelter', id: 'tpl-fields', level: 'h4',
    hint: 'Hver organisation kan skrive i felterne ved punktet Aktørernes evaluering.',
    noun: 'feltet', label: (f) => f.title, fallback: 'felt',
    fixed: () => false,
    added: () => ({ key: '', title: '', _new: true }),
    addLabel: 'Tilføj et tekstfelt',
    body: (f, keyed) => [field('Titel', text(f, 'title', { testid: 'template-field-title', after: keyed }))],
  });
  const orgs = h('fieldset', { class: 'tpl-orgs' },
    h('legend', {}, 'Hvem svarer'),
    ORGS.map(([key, title]) => h('label', { class: 'inline-label' },
      h('input', { type: 'checkbox', testid: `template-org-${key}`, value: key, disabled: ro,
        checked: me.organisations.some((o) => o.key === key),
        onchange: (e) => {
          const kept = me.organisations.filter((o) => o.key !== key);
          if (e.target.checked) kept.push(me.organisations.find((o) => o.key === key) || { key, title });
          // In the order kommune, region, andre.
          me.organisations = ORGS.map(([k]) => kept.find((o) => o.key === k)).filter(Boolean);
          changed();
        } }), ` ${title}`)),
    h('p', { class: 'hint' }, 'Hver valgt organisation svarer for sig. Ingen valgt: teamet svarer samlet.'));
  const actors = h('section', { class: 'card tpl-part', 'aria-labelledby': 'tpl-actors-h' },
    h('h3', { id: 'tpl-actors-h' }, 'Aktørernes evaluering'),
    field('Spørgsmålet til hver organisation', text(me, 'coherence_question', { testid: 'template-coherence-question' })),
    orgs, fields);

  const roleKeys = () => new Set([...draft.fixed_roles, ...draft.adhoc_kinds].map((r) => r.key));
  const roles = listPart({
    list: draft.fixed_roles, ro, onChange: changed, kind: 'role', heading: 'Faste roller', id: 'tpl-roles',
    hint: 'Rollerne i det faste team. Navnet for borgeren står under »Med i dag« på borgerskærmen. Én rolle er tovholder.',
    noun: 'rollen', label: (r) => r.title, fallback: 'rolle', taken: roleKeys,
    fixed: () => false,
    added: () => ({ key: '', title: '', plain: '', organisation: 'Kommunen', coordinator: false, _new: true }),
    addLabel: 'Tilføj en fast rolle',
    body: (r, keyed) => [
      h('div', { class: 'tpl-row3' },
        field('Titel', text(r, 'title', { testid: 'template-role-title', after: keyed })),
        field('Navn for borgeren', text(r, 'plain', { testid: 'template-role-plain' })),
        field('Organisation', text(r, 'organisation', { testid: 'template-role-organisation' }))),
      h('label', { class: 'inline-label' },
        h('input', { type: 'radio', name: 'tpl-coordinator', testid: 'template-role-coordinator', checked: !!r.coordinator, disabled: ro,
          onchange: () => { for (const x of draft.fixed_roles) x.coordinator = x === r; changed(); } }),
        ' Tovholder (sammensætter teamet til hver sag)'),
    ],
  });
  const adhoc = listPart({
    list: draft.adhoc_kinds, ro, onChange: changed, kind: 'adhoc', heading: 'Ad hoc-deltagere', id: 'tpl-adhoc',
    hint: 'Dem, der kan komme med til en enkelt borgersag. Borgerens samtykke nævner hver slags for sig.',
    noun: 'deltagertypen', label: (k) => k.title, fallback: 'deltager', taken: roleKeys,
    fixed: () => false,
    added: () => ({ key: '', title: '', plain: '', _new: true }),
    addLabel: 'Tilføj en slags ad hoc-deltager',
    body: (k, keyed) => [
      h('div', { class: 'tpl-row2 even' },
        field('Titel', text(k, 'title', { testid: 'template-adhoc-title', after: keyed })),
        field('Navn for borgeren', text(k, 'plain', { testid: 'template-adhoc-plain' }))),
    ],
  });

  const consent = h('section', { class: 'card tpl-part', 'aria-labelledby': 'tpl-consent-h' },
    h('h3', { id: 'tpl-consent-h' }, 'Samtykke'),
    field('Standardtekst til borgerens samtykke', text(draft, 'consent_scope_default', { testid: 'template-consent', rows: 3 })));

  updateCasesTime();
  return h('div', { class: 'tpl-form', testid: 'template-form', dataset: { readonly: String(ro) } },
    meeting, agenda, sections, questions, actors, roles, adhoc, consent);
}

/**
 * One list of the template as a card: each entry with its key, its fields, ↑ / ↓ and
 * «Tag ud» (not for a `fixed` entry), then «Tilføj …». A structural change redraws the
 * list and puts focus on the same control of the moved entry, the new entry's first field,
 * or the entry after one taken out.
 */
function listPart(o) {
  const { list, ro, kind } = o;
  const Heading = o.level || 'h3';
  const ol = h('ol', { class: 'tpl-list', testid: `template-${kind}s` });
  const taken = (except) => {
    const keys = o.taken ? o.taken() : new Set(list.map((x) => x.key));
    keys.delete(except.key);
    return keys;
  };
  function draw(focus = null) {
    ol.replaceChildren(...list.map((item, i) => row(item, i)));
    if (!focus) return;
    const at = ol.children[Math.min(focus.index, ol.children.length - 1)];
    const target = (focus.control && at?.querySelector(`[data-testid=${focus.control}]:not([disabled])`))
      || at?.querySelector('input, textarea, select') || add;
    focusOn(target);
  }
  function move(i, by, control) {
    const [item] = list.splice(i, 1);
    list.splice(i + by, 0, item);
    draw({ index: i + by, control });
    announce(`${cap(o.noun)} »${o.label(item) || 'uden titel'}« er nu nummer ${i + by + 1}.`);
    o.onChange();
  }
  function row(item, i) {
    const keyLine = h('span', { class: 'tpl-key' });
    const showKey = () => {
      keyLine.textContent = item._new ? `ny nøgle: ${item.key}` : `nøgle: ${item.key}`;
      keyLine.parentElement?.closest('li')?.setAttribute('data-key', item.key);
    };
    // The entry's name for the buttons (their description: «Flyt op», «Tag ud» of what).
    const nameId = `${o.id}-name-${++seq}`;
    const named = h('span', { class: 'sr-only', id: nameId });
    const name = () => o.label(item) || `${o.noun} uden titel`;
    const showName = () => { named.textContent = `${cap(o.noun)} nummer ${list.indexOf(item) + 1}: ${name()}`; };
    // A new entry's key follows its title until the version is saved.
    const titled = () => {
      showName();
      if (!item._new) return;
      item.key = keyFrom((o.keyText || o.label)(item), taken(item), o.fallback);
      showKey();
    };
    if (item._new && !item.key) item.key = keyFrom((o.keyText || o.label)(item), taken(item), o.fallback);
    const li = h('li', { class: 'tpl-item', testid: `template-${kind}`, dataset: { key: item.key, new: item._new ? 'true' : null } },
      h('div', { class: 'tpl-item-head' },
        h('span', { class: 'tpl-num', 'aria-hidden': 'true' }, String(i + 1)),
        keyLine, named,
        o.fixed(item) ? h('span', { class: 'badge' }, kind === 'agenda-item' ? 'Fast punkt' : 'Fast') : null,
        ro ? null : h('span', { class: 'tpl-item-actions' },
          h('button', { type: 'button', class: 'btn small', testid: 'template-move-up', disabled: i === 0,
            'aria-label': 'Flyt op', 'aria-describedby': nameId, onclick: () => move(i, -1, 'template-move-up') }, '↑'),
          h('button', { type: 'button', class: 'btn small', testid: 'template-move-down', disabled: i === list.length - 1,
            'aria-label': 'Flyt ned', 'aria-describedby': nameId, onclick: () => move(i, 1, 'template-move-down') }, '↓'),
          o.fixed(item) ? null : confirmButton('Tag ud', 'Bekræft: tag ud', () => {
            list.splice(i, 1);
            draw({ index: i });
            announce(`${cap(o.noun)} »${name()}« er taget ud af kladden.`);
            o.onChange();
          }, { testid: 'template-retire', 'aria-describedby': nameId }))),
      o.body(item, titled));
    showName();
    showKey();
    return li;
  }
  const add = h('button', { type: 'button', class: 'btn small', testid: `template-${kind}-add`, onclick: () => {
    list.push(o.added());
    draw({ index: list.length - 1 });
    announce(`${o.addLabel}: et nyt felt er klar.`);
    o.onChange();
  } }, o.addLabel);
  draw();
  return h('section', { class: `card tpl-part tpl-${kind}s`, 'aria-labelledby': `${o.id}-h` },
    h(Heading, { id: `${o.id}-h` }, o.heading),
    h('p', { class: 'hint' }, o.hint),
    ol,
    ro ? null : h('div', { class: 'tpl-add' }, add));
}

let seq = 0; // ids of the entries' names

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
