using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpenBooking.Tools.Data;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Web.Chat;

public sealed record ChatMessage(long Id, MessageAuthor Author, string Text, Instant At);

public sealed record ConversationSnapshot(Guid Id, string AgentState, IReadOnlyList<ChatMessage> Messages);

/// <summary>Conversations and their messages in the database: what makes a chat survive a reload or a restart.</summary>
public sealed class ConversationStore(IDbContextFactory<OpenBookingDbContext> dbFactory, IClock clock)
{
    /// <param name="includeToolCalls">Also the agent's tool calls (for the dashboard); the customer's chat never shows them.</param>
    public async Task<ConversationSnapshot?> FindAsync(Guid id, bool includeToolCalls = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        var messages = await db.ConversationMessages.AsNoTracking()
            .Where(m => m.ConversationId == id && (includeToolCalls || m.Author != MessageAuthor.Tool))
            .OrderBy(m => m.Id)
            .Select(m => new ChatMessage(m.Id, m.Author, m.Text, m.CreatedAt))
            .ToListAsync(cancellationToken);
        return new ConversationSnapshot(conversation.Id, conversation.AgentState, messages);
    }

    /// <summary>Only the agent's memory of a conversation (null when the conversation does not exist).</summary>
    public async Task<string?> FindAgentStateAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => c.AgentState).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ConversationSnapshot> CreateAsync(Guid id, string greeting, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = new Conversation { Id = id, CreatedAt = now, UpdatedAt = now };
        var message = new ConversationMessage { ConversationId = id, Author = MessageAuthor.Agent, Text = greeting, CreatedAt = now };
        conversation.Messages.Add(message);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return new ConversationSnapshot(id, conversation.AgentState, [new ChatMessage(message.Id, message.Author, message.Text, now)]);
    }

    /// <summary>Appends messages and replaces the agent state in one transaction.</summary>
    public async Task<IReadOnlyList<ChatMessage>> AppendAsync(Guid id, IEnumerable<(MessageAuthor Author, string Text)> messages, string? agentState, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = messages.ToList();
        var added = await db.InTransactionAsync(async transaction =>
        {
            var added = rows.Select(m => new ConversationMessage { ConversationId = id, Author = m.Author, Text = m.Text, CreatedAt = now }).ToList();
            db.ConversationMessages.AddRange(added);
            await db.SaveChangesAsync(cancellationToken);
            var conversation = db.Conversations.Where(c => c.Id == id);
            if (agentState is null)
            {
                await conversation.ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), cancellationToken);
            }
            else
            {
                await conversation.ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.AgentState, agentState), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return added;
        }, cancellationToken);
        return added.ConvertAll(m => new ChatMessage(m.Id, m.Author, m.Text, m.CreatedAt));
    }
}
