using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Chat;

/// <summary>One message as the chat page shows it (and carries from the prerender into the circuit).</summary>
public sealed record ChatEntry(long Id, MessageAuthor Author, string Text)
{
    public static ChatEntry From(ChatMessage message) => new(message.Id, message.Author, message.Text);
}
