// The sign-in of a server that needs its token (one bound beyond loopback). The token goes to POST /api/session,
// which answers with an HttpOnly cookie: no script, ours included, can read the token back afterwards.
import {h} from '../dom.js';

let open = false;

/** Shows the sign-in dialog once, however many requests were refused; reloads the page once signed in. */
export function askForToken() {
  if (open) return;
  open = true;
  const input = h('input', {type: 'password', id: 'sign-in-token', autocomplete: 'current-password', required: true});
  const problem = h('p', {class: 'problem', role: 'alert'});
  const dialog = h('dialog', {class: 'confirm', 'aria-labelledby': 'sign-in-title'},
    h('form', {onsubmit: (event) => submit(event, input, problem)},
      h('h2', {id: 'sign-in-title'}, 'Sign in'),
      h('p', {}, 'This server needs its token (the value of BRANCHWISE_TOKEN it was started with).'),
      h('label', {for: 'sign-in-token'}, 'Token'), input, problem,
      h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Sign in'))));
  document.body.append(dialog);
  dialog.showModal();
}

async function submit(event, input, problem) {
  event.preventDefault();
  const response = await fetch('/api/session', {
    method: 'POST', headers: {'content-type': 'application/json', accept: 'application/json'},
    body: JSON.stringify({token: input.value}),
  });
  if (response.ok) {
    location.reload();
  } else {
    problem.textContent = response.status === 401 ? 'That is not this server\'s token.'
      : `Sign-in failed (HTTP ${response.status}).`;
  }
}
