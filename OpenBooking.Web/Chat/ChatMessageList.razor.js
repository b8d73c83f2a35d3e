// Scrolls the transcript to its newest message.
export function scrollToEnd(element, smooth) {
    if (!element) {
        return;
    }
    element.scrollTo({ top: element.scrollHeight, behavior: smooth ? 'smooth' : 'instant' });
}
