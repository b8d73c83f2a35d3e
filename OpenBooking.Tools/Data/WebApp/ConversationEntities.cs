using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace OpenBooking.Tools.Data.WebApp;

// The web app's own tables (dashboard accounts, audit log, chat transcripts), kept apart from the booking domain
// but in the shared OpenBookingDbContext: see the remarks there.

public enum MessageAuthor
{
    Agent,
    Customer,

    /// <summary>A tool call the LLM agent made (JSON, see <c>ToolCallRecord</c>): shown in the dashboard, never in the chat.</summary>
    Tool,
}

/// <summary>A chat between one browser and the agent. <see cref="AgentState"/> is the agent's memory (JSON).</summary>
public sealed class Conversation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Instant CreatedAt { get; set; }
    public Instant UpdatedAt { get; set; }
    public string AgentState { get; set; } = "{}";
    public List<ConversationMessage> Messages { get; set; } = [];
}

public sealed class ConversationMessage
{
    public long Id { get; set; }
    public Guid ConversationId { get; set; }
    public MessageAuthor Author { get; set; }
    public required string Text { get; set; }
    public Instant CreatedAt { get; set; }
}

internal sealed class ConversationEntityTypeConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.Property(c => c.AgentState).HasMaxLength(16_000);
        builder.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationMessageEntityTypeConfiguration : IEntityTypeConfiguration<ConversationMessage>
{
    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.Property(m => m.Author).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Text).HasMaxLength(4000);
        builder.HasIndex(m => new { m.ConversationId, m.Id });
    }
}
