// Countersign web app: a policy explained in words by the server, beside a policy editor. Used by
// the new-statement page (POST /api/policies/explain, as the member who will create the
// statement) and by the admin page's stored policies (POST /api/admin/policies/explain, with no
// creator: the reply's creatorNote says what the creator changes). The server is the one source
// of the wording and of the reachability check; a refusal (an invalid or unreachable policy) is
// shown in place of the words, and only the latest request's answer is ever shown.
//
// Exports: createExplainer(textNode, {request, noteNode}) -> {
//   explain(part) -> Promise<boolean>   part: {policy} | {policyId} | {error}; true when explained
//   schedule(readPart, onFailure)        explains readPart() 300 ms after the last call (typing)
//   clear(text)                          shows `text` (a hint) instead; answers still on the way are dropped }

import { ApiError } from './api.js';

const DELAY_MS = 300;

export function createExplainer(textNode, { request, noteNode = null }) {
  let latest = 0;
  let timer = null;

  function show(text, { error = false, note = '' } = {}) {
    textNode.textContent = text;
    textNode.className = error ? 'error-text' : '';
    if (noteNode) {
      noteNode.textContent = note;
      noteNode.hidden = !note;
    }
  }

  async function explain(part) {
    const mine = ++latest;
    if (part.error) {
      show(part.error, { error: true });
      return false;
    }
    try {
      const reply = await request(part);
      if (mine !== latest) return true;
      show(`Needs: ${reply.text}.`, { note: reply.creatorNote || '' });
      return true;
    } catch (error) {
      if (mine !== latest) return false;
      if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
      show(error.message, { error: true });
      return false;
    }
  }

  function schedule(readPart, onFailure) {
    clearTimeout(timer);
    timer = setTimeout(() => explain(readPart()).catch(onFailure), DELAY_MS);
  }

  function clear(text) {
    clearTimeout(timer);
    latest += 1;
    show(text);
    textNode.className = 'muted';
  }

  return { explain, schedule, clear };
}
