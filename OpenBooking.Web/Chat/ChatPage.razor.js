// The browser's IANA time zone (e.g. "Europe/Brussels"), so the agent can mention times in the customer's zone.
export function timeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
    } catch {
        return null;
    }
}

// The chat in a frame on the business's website (/embed, opened by /embed.js). The host page keeps the conversation id
// and passes it as #c=<id>. Escape anywhere in the frame asks the host to close the panel (the host cannot see keys
// pressed in the frame); the host asks for focus when it opens the panel. Returns the host's conversation id.
export function connectToHost() {
    if (window.parent !== window && !window.openBookingEmbedConnected) {
        window.openBookingEmbedConnected = true;
        document.addEventListener('keydown', event => {
            if (event.key === 'Escape' && !event.defaultPrevented) {
                window.parent.postMessage({ type: 'openbooking:close' }, '*');
            }
        });
        window.addEventListener('message', event => {
            if (event.source === window.parent && event.data?.type === 'openbooking:focus') {
                document.getElementById('chat-message')?.focus();
            }
        });
    }
    const match = /(?:^#|&)c=([0-9a-fA-F-]{32,36})(?:&|$)/.exec(location.hash);
    return match ? match[1] : null;
}

// Sent once the message box can be used: the host then moves focus into it if its panel is open.
export function tellHostReady() {
    if (window.parent !== window) {
        window.parent.postMessage({ type: 'openbooking:ready' }, '*');
    }
}
