// Enter sends (the component handles the keydown); stop the browser from also inserting a new line.
// Shift+Enter and IME composition keep their normal behaviour.
export function keepEnterForSending(textarea) {
    if (!textarea) {
        return;
    }
    textarea.addEventListener('keydown', event => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
        }
    });
}
