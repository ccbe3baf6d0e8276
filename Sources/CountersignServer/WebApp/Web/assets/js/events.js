// Countersign web app: live updates (server-sent events from GET /api/events).
//
// Exports (stable):
//   subscribe(onEvent, {onStatus, onComment}) -> {close()}
//     onEvent({seq, action, statement, at}) for each `event: statement`;
//     onComment({seq, action, statement, comment, at}) for each `event: comment` (a new comment
//     on that statement; its thread is read from GET /api/statements/{id}/comments);
//     onStatus("live" | "reconnecting") when the stream opens or drops.
// EventSource reconnects by itself after a network drop; when the browser gives up (the stream
// was refused, e.g. the session ended), this module checks the session (which sends an ended
// session to the login page) and opens a new stream with a growing delay (2 s up to 30 s).

import { get } from './api.js';

export function subscribe(onEvent, { onStatus = () => {}, onComment = null } = {}) {
  let source = null;
  let closed = false;
  let delay = 2000;
  let timer = null;

  const open = () => {
    if (closed) return;
    source = new EventSource('/api/events', { withCredentials: true });
    source.addEventListener('open', () => {
      delay = 2000;
      onStatus('live');
    });
    source.addEventListener('statement', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      onEvent(event);
    });
    if (onComment) {
      source.addEventListener('comment', (message) => {
        let event;
        try {
          event = JSON.parse(message.data);
        } catch {
          return;
        }
        onComment(event);
      });
    }
    source.addEventListener('error', () => {
      onStatus('reconnecting');
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      timer = setTimeout(async () => {
        try {
          await get('/api/session');
        } catch {
          // An ended session has already been sent to the login page; otherwise retry.
        }
        open();
      }, delay);
      delay = Math.min(delay * 2, 30000);
    });
  };

  open();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (source) source.close();
    },
  };
}
