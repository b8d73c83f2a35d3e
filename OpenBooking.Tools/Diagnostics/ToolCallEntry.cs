using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace OpenBooking.Tools.Diagnostics;

public enum ToolCallOutcome
{
    Ok,
    Error,
}

/// <summary>
/// One MCP tool call, for the dashboard's Usage page. Never holds arguments or results: they carry customers'
/// emails, codes and tokens. Kept for <see cref="ToolUsageOptions.RetentionDays"/> days.
/// </summary>
public sealed class ToolCallEntry
{
    public long Id { get; set; }

    /// <summary>When the call started (stored as UTC ticks, so time ranges are queried in SQL).</summary>
    public Instant At { get; set; }

    public required string Tool { get; set; }

    /// <summary>The co-hosted server that serves the tool: <c>calendar</c>, <c>email-otp</c>, <c>zapier</c>.</summary>
    public required string Server { get; set; }

    public double DurationMilliseconds { get; set; }

    public ToolCallOutcome Outcome { get; set; }

    /// <summary>The result's <c>_meta.errorCode</c> for a refused call, <c>exception</c> for a call that threw.</summary>
    public string? ErrorCode { get; set; }
}

internal sealed class ToolCallEntryEntityTypeConfiguration : IEntityTypeConfiguration<ToolCallEntry>
{
    public void Configure(EntityTypeBuilder<ToolCallEntry> builder)
    {
        builder.Property(e => e.Tool).HasMaxLength(128);
        builder.Property(e => e.Server).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(8);
        builder.Property(e => e.ErrorCode).HasMaxLength(64);
        // The Usage page reads a time range (grouped by tool) and the latest errors; pruning deletes by time.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Outcome, e.At });
    }
}
