// Running a meeting: agenda walk, attendance, case editor, agreements, evaluations, closing.
import { h, mount } from './dom.js';
import { go } from './app.js';

export async function runView(content, id) {
  mount(content, h('h1', {}, 'Mødet'), h('p', { class: 'muted' }, 'Mødeafviklingen kommer her.'),
    h('button', { class: 'btn', onclick: () => go({ meeting: id }) }, 'Tilbage'));
}
