// A modal question before anything destructive. <dialog> gives focus trapping and Escape-to-cancel for free.
import {h} from '../dom.js';

/** Resolves true only when the person pressed the confirm button. */
export function confirmAction({title, message, confirmLabel, danger = true}) {
  return new Promise((resolve) => {
    const dialog = h('dialog', {class: 'confirm', 'aria-labelledby': 'confirm-title'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'confirm-title'}, title),
        h('p', {}, message),
        h('div', {class: 'buttons'},
          h('button', {value: 'cancel', autofocus: true}, 'Cancel'),
          h('button', {value: 'confirm', class: danger ? 'danger' : 'primary'}, confirmLabel))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
