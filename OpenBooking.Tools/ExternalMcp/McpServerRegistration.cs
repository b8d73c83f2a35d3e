using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace OpenBooking.Tools.ExternalMcp;

/// <summary>
/// An external MCP server the admin registered (e.g. Zapier's own MCP server): its Streamable HTTP URL and how to
/// authenticate. Secrets are stored encrypted with Data Protection (see <see cref="McpServerRegistrations"/>).
/// </summary>
public sealed class McpServerRegistration
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Short unique name; prefixes its tools (<c>name__tool</c>) when their names clash.</summary>
    public required string Name { get; set; }

    public required string Url { get; set; }
    public string? ProtectedBearerToken { get; set; }
    public string? HeaderName { get; set; }
    public string? ProtectedHeaderValue { get; set; }
    public bool Enabled { get; set; } = true;
    public Instant CreatedAt { get; set; }
    public Instant UpdatedAt { get; set; }
}

internal sealed class McpServerRegistrationEntityTypeConfiguration : IEntityTypeConfiguration<McpServerRegistration>
{
    public void Configure(EntityTypeBuilder<McpServerRegistration> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(64);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.ProtectedBearerToken).HasMaxLength(8000);
        builder.Property(s => s.HeaderName).HasMaxLength(100);
        builder.Property(s => s.ProtectedHeaderValue).HasMaxLength(8000);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}
