using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Admin;

/// <summary>A conversation in the dashboard's list: when, how long (messages, not the agent's tool calls), and what the customer first said.</summary>
public sealed record ConversationRow(Guid Id, Instant StartedAt, Instant LastActivityAt, int Messages, int CustomerMessages, string? FirstCustomerMessage, string? Email);

/// <summary>Lists conversations for the dashboard; transcripts themselves come from the chat's ConversationStore.</summary>
public sealed partial class AdminConversations(IDbContextFactory<OpenBookingDbContext> dbFactory)
{
    /// <summary>Newest activity first; <paramref name="search"/> matches any message's text (an email, a word), tool calls included.</summary>
    public async Task<List<ConversationRow>> ListAsync(string? search = null, int max = 500, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Conversations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(c => c.Messages.Any(m => EF.Functions.Like(m.Text, $"%{term}%")));
        }
        var rows = await query
            .OrderByDescending(c => c.UpdatedAt)
            .Take(max)
            .Select(c => new
            {
                c.Id,
                c.CreatedAt,
                c.UpdatedAt,
                Messages = c.Messages.Count(m => m.Author != MessageAuthor.Tool),
                CustomerMessages = c.Messages.Count(m => m.Author == MessageAuthor.Customer),
                First = c.Messages.Where(m => m.Author == MessageAuthor.Customer).OrderBy(m => m.Id).Select(m => m.Text).FirstOrDefault(),
                WithEmail = c.Messages.Where(m => m.Author == MessageAuthor.Customer && m.Text.Contains("@")).OrderBy(m => m.Id).Select(m => m.Text).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => new ConversationRow(
            r.Id, r.CreatedAt, r.UpdatedAt, r.Messages, r.CustomerMessages, r.First,
            r.WithEmail is null ? null : EmailPattern().Match(r.WithEmail) is { Success: true } match ? match.Value.ToLowerInvariant() : null));
    }

    [GeneratedRegex(@"[^\s@<>(),;:""]+@[^\s@<>(),;:""]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}
