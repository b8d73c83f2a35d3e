using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace OpenBooking.Tools.Data.WebApp;

// The web app's own tables (dashboard accounts, audit log, chat transcripts), kept apart from the booking domain
// but in the shared OpenBookingDbContext: see the remarks there.

/// <summary>
/// A person who may sign in to the dashboard. Only a salted password hash (ASP.NET Core Identity's
/// <c>PasswordHasher</c>, PBKDF2) is stored; the web app's user store maps this row to Identity.
/// </summary>
public sealed class AdminAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The address as typed, shown in the dashboard and the audit log.</summary>
    public required string Email { get; set; }

    /// <summary>Identity's normalised form (upper case) used for look-ups; unique.</summary>
    public required string NormalizedEmail { get; set; }

    public string? PasswordHash { get; set; }

    /// <summary>Changes when the password changes, so that other sessions of the account are signed out.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    public int AccessFailedCount { get; set; }
    public bool LockoutEnabled { get; set; } = true;
    public Instant? LockoutEnd { get; set; }

    public Instant CreatedAt { get; set; }

    /// <summary>Email of the admin who added this one; null for the first admin (created with the setup link).</summary>
    public string? CreatedBy { get; set; }

    public Instant? LastSignInAt { get; set; }

    /// <summary>The sign-in before <see cref="LastSignInAt"/>: what the admin is shown, to notice a sign-in that was not theirs.</summary>
    public Instant? PreviousSignInAt { get; set; }
}

/// <summary>One change made in the dashboard: who, when and what. Never holds a secret.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public Instant At { get; set; }

    /// <summary>The admin's email, or "setup" for the first-run setup.</summary>
    public required string Actor { get; set; }

    /// <summary>A stable, dotted name for filtering, e.g. <c>business.updated</c>, <c>booking.cancelled</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What changed, in words (old and new values of plain settings; never passwords, keys or tokens).</summary>
    public required string Summary { get; set; }
}

/// <summary>
/// A one-time link for creating the first admin, logged at start while no admin exists. Only the SHA-256 of the
/// random token is stored; it is good once and for 24 hours.
/// </summary>
public sealed class AdminSetupToken
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string TokenHash { get; set; }
    public Instant CreatedAt { get; set; }
    public Instant ExpiresAt { get; set; }
    public Instant? UsedAt { get; set; }
}

internal sealed class AdminAccountEntityTypeConfiguration : IEntityTypeConfiguration<AdminAccount>
{
    public void Configure(EntityTypeBuilder<AdminAccount> builder)
    {
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.Property(a => a.NormalizedEmail).HasMaxLength(254);
        builder.Property(a => a.PasswordHash).HasMaxLength(200);
        builder.Property(a => a.SecurityStamp).HasMaxLength(64);
        builder.Property(a => a.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        builder.Property(a => a.CreatedBy).HasMaxLength(254);
        builder.HasIndex(a => a.NormalizedEmail).IsUnique();
    }
}

internal sealed class AuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.Actor).HasMaxLength(254);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Summary).HasMaxLength(4000);
        builder.HasIndex(e => e.At);
    }
}

internal sealed class AdminSetupTokenEntityTypeConfiguration : IEntityTypeConfiguration<AdminSetupToken>
{
    public void Configure(EntityTypeBuilder<AdminSetupToken> builder)
    {
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
    }
}
