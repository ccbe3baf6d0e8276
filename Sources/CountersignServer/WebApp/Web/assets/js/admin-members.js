// Countersign web app: the admin page's members and invitations. Invite (shows the link),
// suspend and reinstate (at once), change roles and remove (announced, they wait for the delay),
// recover an account (shows the recovery link), revoke a pending invitation.
//
// Exports: startMembers(page), renderMembers(page)

import { adminRequest } from './adminsign.js';
import { confirmDialog, el, replaceChildren, setBusy, showBanner, showError, timeElement } from './ui.js';

const parseRoles = (text) => String(text || '').split(',').map((role) => role.trim()).filter(Boolean);

/** Shows a link to hand to the member, selectable. */
function showLink(title, link, extra) {
  const box = document.getElementById('invite-result');
  const field = el('input', { type: 'text', readonly: true, id: 'invite-link', class: 'mono', value: link, 'aria-label': title });
  replaceChildren(box, el('div', { class: 'banner banner-success', role: 'status' },
    el('p', {}, el('strong', {}, title)), field, extra ? el('p', {}, extra) : null));
  box.hidden = false;
  field.focus();
  field.select();
}

async function run(button, label, work, page) {
  setBusy(button, true, label);
  try {
    await work();
    await page.refresh();
  } catch (error) {
    showError(error);
  } finally {
    setBusy(button, false);
  }
}

function scheduled(op, what) {
  showBanner('success', [`${what} is announced to the member and takes effect `, op.dueAt ? ['at ', timeElement(op.dueAt)] : 'after the delay', ' unless cancelled.']);
}

function actions(page, member) {
  const path = `/api/admin/members/${encodeURIComponent(member.id)}`;
  const button = (label, cls, work, busy) => {
    const node = el('button', { type: 'button', class: cls, 'data-action': label.toLowerCase().replace(/[^a-z]+/g, '-') }, label);
    node.addEventListener('click', () => run(node, busy, work, page));
    return node;
  };
  const list = [];
  if (member.status === 'removed') return list;
  if (member.status === 'suspended') list.push(button('Reinstate', '', () => adminRequest('POST', `${path}/reinstate`, {}), 'Reinstating…'));
  else list.push(button('Suspend', '', () => adminRequest('POST', `${path}/suspend`, {}), 'Suspending…'));
  list.push(button('Change roles', '', async () => {
    const input = el('input', { type: 'text', id: 'roles-input', value: (member.roles || []).join(', ') });
    const ok = await confirmDialog({ title: `Roles of ${member.name}`, body: [el('label', { for: 'roles-input' }, 'Roles (comma separated)'), input], confirmLabel: 'Announce the change' });
    if (!ok) return;
    scheduled(await adminRequest('POST', `${path}/roles`, { roles: parseRoles(input.value) }), 'The role change');
  }, 'Announcing…'));
  list.push(button('Recover', '', async () => {
    const ok = await confirmDialog({ title: `Recover ${member.name}'s account?`, body: [el('p', {}, 'A recovery link registers a new passkey. After the recovery delay it replaces all of the member\'s passkeys unless cancelled from one of them.')], confirmLabel: 'Make the recovery link' });
    if (!ok) return;
    const reply = await adminRequest('POST', `${path}/recover`, {});
    showLink(`Recovery link for ${member.name}`, reply.invitation.link, 'Hand it to the member over a channel you trust. It works once.');
  }, 'Preparing…'));
  list.push(button('Remove', 'button-danger', async () => {
    const ok = await confirmDialog({ title: `Remove ${member.name}?`, body: [el('p', {}, 'After the delay their keys are revoked and they can no longer sign in; their past votes stay in the evidence.')], confirmLabel: 'Announce the removal' });
    if (!ok) return;
    scheduled(await adminRequest('POST', `${path}/remove`, {}), 'The removal');
  }, 'Announcing…'));
  return list;
}

async function renderInvitations(page) {
  const { invitations } = await adminRequest('GET', '/api/admin/invitations');
  const list = document.getElementById('invitations');
  const names = new Map((page.members || []).map((member) => [member.id, member.name]));
  replaceChildren(list, (invitations || []).slice(0, 50).map((invitation) => {
    const item = el('li', { 'data-invitation': invitation.id },
      `${names.get(invitation.member) || invitation.member} `, el('span', { class: `badge badge-${{ pending: 'pending', used: 'approved' }[invitation.state] || 'cancelled'}` }, invitation.state),
      el('span', { class: 'muted' }, ' made ', timeElement(invitation.createdAt), ', expires ', timeElement(invitation.expiresAt)));
    if (invitation.state === 'pending') {
      const revoke = el('button', { type: 'button', class: 'button-danger' }, 'Revoke');
      revoke.addEventListener('click', () => run(revoke, 'Revoking…', () => adminRequest('POST', `/api/admin/invitations/${encodeURIComponent(invitation.id)}/revoke`, {}), page));
      item.append(' ', revoke);
    }
    return item;
  }));
  if (!invitations || invitations.length === 0) replaceChildren(list, el('li', { class: 'muted' }, 'No invitation.'));
}

export async function renderMembers(page) {
  const { members } = await adminRequest('GET', '/api/admin/members');
  page.members = members || [];
  replaceChildren(document.getElementById('members'), page.members.map((member) => el('tr', { 'data-member': member.id },
    el('td', {}, el('strong', {}, member.name), el('br'), el('span', { class: 'mono muted' }, member.id)),
    el('td', {}, (member.roles || []).join(', ') || '—'),
    el('td', {}, el('span', { class: `badge badge-${member.status === 'active' ? 'approved' : member.status === 'invited' ? 'pending' : 'cancelled'}` }, member.status),
      el('span', { class: 'muted' }, ` ${member.passkeys} passkey(s), ${(member.keys || []).filter((key) => !key.revokedAt).length} live key(s)`)),
    el('td', {}, el('div', { class: 'actions' }, actions(page, member))))));
  await renderInvitations(page);
}

/** The members (removed ones excepted) already named `name`, compared as the server does:
 * without case and surrounding space. */
function namesakes(page, name) {
  const key = name.trim().toLowerCase();
  if (!key) return [];
  return (page.members || []).filter((member) => member.status !== 'removed' && member.name.trim().toLowerCase() === key);
}

/** Warns under the name field, while the admin types, that the name is taken. */
function warnAboutNamesakes(page) {
  const input = document.getElementById('invite-name');
  const warning = document.getElementById('invite-name-warning');
  const found = namesakes(page, input.value);
  warning.hidden = found.length === 0;
  warning.textContent = found.length === 0 ? '' :
    `${found.map((member) => member.id).join(', ')} ${found.length === 1 ? 'is' : 'are'} already named "${found[0].name}". People will tell them apart only by email or member id; consider a fuller name.`;
}

export function startMembers(page) {
  const form = document.getElementById('invite-form');
  document.getElementById('invite-name').addEventListener('input', () => warnAboutNamesakes(page));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type="submit"]');
    setBusy(submit, true, 'Inviting…');
    try {
      const name = document.getElementById('invite-name').value.trim();
      const email = document.getElementById('invite-email').value.trim();
      const body = { name, roles: parseRoles(document.getElementById('invite-roles').value) };
      if (email) body.email = email;
      const invitation = await adminRequest('POST', '/api/admin/invitations', body);
      form.reset();
      warnAboutNamesakes(page);
      const warnings = (invitation.warnings || []).join(' ');
      const mailed = invitation.mailed ? ` It is on its way to ${email}.` : '';
      showLink(`Invitation link for ${name}`, invitation.link, ['It works once, until ', timeElement(invitation.expiresAt), `.${mailed}`, warnings ? ` Warning: ${warnings}` : '']);
      await page.refresh();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(submit, false);
    }
  });
}
