// The dashboard: statements waiting for me, mine, the ones I voted on that are still open, and
// the approved, rejected and expired ones; open statements show their progress. Live: every
// statement event from the server reloads the lists, without reloading the page.

import { get } from './api.js';
import { subscribe } from './events.js';
import { loadKey } from './keystore.js';
import { watchIdentity } from './logwatch.js';
import { canVote, renderProgress, stateLabel } from './progress.js';
import { el, formatTime, loadSession, directoryPeople, memberName, renderHeader, replaceChildren, showBanner, showError } from './ui.js';

const sectionsNode = document.getElementById('sections');
const liveStatus = document.getElementById('live-status');
let member = null;
let members = [];
let people = [];
let reloading = null;
let again = false;

function statementLink(summary) {
  return el('a', { href: `/statements/${encodeURIComponent(summary.id)}` }, summary.title || summary.id);
}

function badge(state) {
  return el('span', { class: `badge badge-${state}` }, stateLabel(state));
}

function openItem(view) {
  const document_ = view.statement;
  return el('li', { class: 'statement-item', dataset: { statement: document_.id, state: view.state } },
    el('div', { class: 'statement-row' },
      el('h3', {}, statementLink({ id: document_.id, title: document_.title })),
      badge(view.state),
      el('p', { class: 'meta' }, `by ${memberName(document_.creator, people)} · ${formatTime(document_.createdAt)}`)),
    renderProgress(view, members, { me: member.id, people }));
}

function finalItem(summary) {
  return el('li', { class: 'statement-item', dataset: { statement: summary.id, state: summary.state } },
    el('div', { class: 'statement-row' },
      el('h3', {}, statementLink(summary)),
      badge(summary.state),
      el('p', { class: 'meta' }, `by ${memberName(summary.creator, people)} · decided ${formatTime(summary.decidedAt)}`
        + ` · weight ${summary.weight} of ${summary.threshold}`)));
}

function section(id, title, items, empty) {
  return el('section', { class: 'card', id, 'aria-labelledby': `${id}-heading` },
    el('h2', { id: `${id}-heading` }, `${title} (${items.length})`),
    items.length ? el('ul', { class: 'list-plain' }, items) : el('p', { class: 'section-empty' }, empty));
}

async function list(state) {
  const { statements } = await get(`/api/statements?state=${state}&limit=50`);
  return statements;
}

async function render() {
  const [pending, timelocked, approved, rejected, expired] = await Promise.all(
    ['pending', 'timelocked', 'approved', 'rejected', 'expired'].map(list));
  const open = await Promise.all([...pending, ...timelocked].map((summary) => get(`/api/statements/${encodeURIComponent(summary.id)}`)));
  const waiting = open.filter((view) => canVote(view, member.id, members));
  const mine = open.filter((view) => view.statement.creator === member.id && !waiting.includes(view));
  const voted = open.filter((view) => !waiting.includes(view) && !mine.includes(view)
    && view.votes.some((vote) => vote.member === member.id));
  replaceChildren(sectionsNode,
    section('waiting', 'Waiting for me', waiting.map(openItem), 'Nothing needs your approval right now.'),
    section('mine', 'Mine, still open', mine.map(openItem), 'You have no open statements.'),
    section('voted', 'Voted, still open', voted.map(openItem), 'No open statement carries your vote.'),
    section('approved', 'Approved', approved.map(finalItem), 'No approved statements yet.'),
    section('rejected', 'Rejected', rejected.map(finalItem), 'No rejected statements.'),
    section('expired', 'Expired', expired.map(finalItem), 'No expired statements.'));
}

/** Reloads the lists; calls arriving during a reload are folded into one more reload. */
async function refresh() {
  if (reloading) {
    again = true;
    return;
  }
  reloading = (async () => {
    do {
      again = false;
      try {
        await render();
      } catch (error) {
        showError(error);
      }
    } while (again);
  })();
  await reloading;
  reloading = null;
}

async function main() {
  member = await loadSession();
  if (!member) return;
  renderHeader(member);
  watchIdentity(member);
  const directory = await get('/api/members');
  ({ members } = directory);
  people = directoryPeople(directory);
  if (!(await loadKey(member.id))) {
    showBanner('warning', ['This browser has no signing key for you, so you cannot approve here yet. ',
      el('a', { href: '/account' }, 'Set one up on your account page'), '.'], { id: 'key-banner', focus: false });
  }
  await refresh();
  subscribe(() => refresh(), {
    onStatus: (status) => { liveStatus.textContent = status === 'live' ? 'Live: updates appear as they happen.' : 'Reconnecting…'; },
  });
}

main().catch(showError);
