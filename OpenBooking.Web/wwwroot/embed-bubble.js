// The chat bubble a business puts on its own website with
//   <script src="https://its-booking-host/embed.js" async></script>
// /embed.js serves this function called with the business's settings ({ name, color, text }). The app's address comes
// from the script's own src, so the same file works behind any host name or path base. The conversation id lives in the
// host page's localStorage (a third-party frame's own storage may be partitioned or blocked) and reaches the frame in
// the URL fragment, which is never sent to a server. Everything is drawn in a shadow root so that the site's CSS and
// ours never meet.
(function (settings) {
    'use strict';
    const script = document.currentScript;
    if (!script || window.openBookingChat) {
        return; // Added twice: one bubble is enough.
    }
    window.openBookingChat = {};
    const base = new URL('.', script.src);
    const origin = base.origin;
    const storageKey = 'openbooking:conversation:' + base.href;
    const title = 'Chat with ' + settings.name;

    function newConversationId() {
        const bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
    }

    function conversationId() {
        try {
            let id = localStorage.getItem(storageKey);
            if (!/^[0-9a-f]{32}$/.test(id ?? '')) {
                id = newConversationId();
                localStorage.setItem(storageKey, id);
            }
            return id;
        } catch {
            // Storage refused (private mode, a strict policy): the chat works for this visit.
            return newConversationId();
        }
    }

    const css = `
        :host { all: initial; }
        * { box-sizing: border-box; }
        .root {
            --surface: #ffffff; --text: #1f2937; --line: #d6dbe4; --shadow: rgba(15, 23, 42, 0.25);
            font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
            color: var(--text);
        }
        @media (prefers-color-scheme: dark) {
            .root { --surface: #1e2230; --text: #e5e7eb; --line: #3a4052; --shadow: rgba(0, 0, 0, 0.6); }
        }
        .bubble {
            position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000;
            display: inline-flex; align-items: center; gap: 0.5rem; max-width: calc(100vw - 2.5rem);
            min-height: 3rem; padding: 0.75rem 1.25rem; border: none; border-radius: 1.5rem;
            background: var(--accent); color: var(--on-accent); font: inherit; font-weight: 600;
            box-shadow: 0 6px 20px var(--shadow); cursor: pointer;
        }
        .bubble span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .bubble svg { flex: none; width: 1.35rem; height: 1.35rem; fill: currentColor; }
        .bubble:focus-visible, .close:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; }
        .panel {
            position: fixed; right: 1.25rem; bottom: 5.5rem; z-index: 2147483001;
            display: flex; flex-direction: column;
            width: min(25rem, calc(100vw - 2.5rem)); height: min(40rem, calc(100vh - 7.5rem));
            background: var(--surface); border: 1px solid var(--line); border-radius: 1rem;
            box-shadow: 0 12px 40px var(--shadow); overflow: hidden;
        }
        .panel[hidden] { display: none; }
        .bar {
            display: flex; align-items: center; justify-content: space-between; gap: 0.5rem;
            padding: 0.5rem 0.5rem 0.5rem 1rem; background: var(--accent); color: var(--on-accent);
        }
        .title { margin: 0; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .close {
            flex: none; width: 2.5rem; height: 2.5rem; border: none; border-radius: 50%;
            background: transparent; color: inherit; font: inherit; font-size: 1.5rem; line-height: 1; cursor: pointer;
        }
        .close:hover { background: rgba(127, 127, 127, 0.25); }
        iframe { flex: 1; width: 100%; border: none; background: var(--surface); }
        /* Phones: the open chat is the screen; its close button (and Escape) bring the page back. */
        @media (max-width: 480px) {
            .panel { inset: 0; width: 100%; height: 100%; border: none; border-radius: 0; }
        }
    `;

    function start() {
        const host = document.createElement('div');
        host.id = 'openbooking-chat';
        const shadow = host.attachShadow({ mode: 'open' });
        shadow.innerHTML = `
            <style>${css}</style>
            <div class="root">
                <section class="panel" id="openbooking-chat-panel" role="dialog" aria-labelledby="openbooking-chat-title" hidden>
                    <div class="bar">
                        <p class="title" id="openbooking-chat-title"></p>
                        <button type="button" class="close" aria-label="Close chat">×</button>
                    </div>
                </section>
                <button type="button" class="bubble" aria-expanded="false" aria-controls="openbooking-chat-panel">
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zm0 14H5.17L4 17.17V4h16v12z"/></svg>
                    <span></span>
                </button>
            </div>`;
        const root = shadow.querySelector('.root');
        root.style.setProperty('--accent', settings.color);
        root.style.setProperty('--on-accent', settings.text);
        const panel = shadow.querySelector('.panel');
        const bubble = shadow.querySelector('.bubble');
        shadow.querySelector('.title').textContent = title;
        bubble.querySelector('span').textContent = title;
        let frame = null;

        function focusChat() {
            frame.focus();
            frame.contentWindow?.postMessage({ type: 'openbooking:focus' }, origin);
        }

        function open() {
            if (!frame) {
                // Loaded on the first open only: a visit that never opens the chat costs the site nothing.
                frame = document.createElement('iframe');
                frame.title = title;
                frame.src = new URL('embed#c=' + conversationId(), base).href;
                panel.append(frame);
            }
            panel.hidden = false;
            bubble.setAttribute('aria-expanded', 'true');
            focusChat();
        }

        function close() {
            if (panel.hidden) {
                return;
            }
            panel.hidden = true;
            bubble.setAttribute('aria-expanded', 'false');
            bubble.focus();
        }

        bubble.addEventListener('click', () => (panel.hidden ? open() : close()));
        shadow.querySelector('.close').addEventListener('click', close);
        panel.addEventListener('keydown', event => {
            if (event.key === 'Escape') {
                event.stopPropagation();
                close();
            }
        });
        // The frame cannot be read from here: it says when Escape was pressed inside it and when it is ready for typing.
        window.addEventListener('message', event => {
            if (!frame || event.origin !== origin || event.source !== frame.contentWindow) {
                return;
            }
            if (event.data?.type === 'openbooking:close') {
                close();
            } else if (event.data?.type === 'openbooking:ready' && !panel.hidden) {
                focusChat();
            }
        });
        document.body.append(host);
        Object.assign(window.openBookingChat, { open, close });
    }

    if (document.body) {
        start();
    } else {
        document.addEventListener('DOMContentLoaded', start);
    }
})
