using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Calendar.Google;

public enum CalendarConnectionStatus
{
    Disconnected,
    Connected,
}

/// <summary>
/// The business's link to an external calendar (one row, <see cref="GoogleId"/>): its tokens, encrypted with Data
/// Protection, the chosen calendar, and what the dashboard shows (last error, last sync). An OAuth connection in
/// progress keeps its state hash and PKCE verifier here until Google sends the admin back.
/// </summary>
public sealed class CalendarConnection
{
    public const string GoogleId = "google";

    public required string Id { get; set; }
    public CalendarConnectionStatus Status { get; set; } = CalendarConnectionStatus.Disconnected;

    /// <summary>Data Protection ciphertext; never the token itself.</summary>
    public string? ProtectedRefreshToken { get; set; }
    public string? ProtectedAccessToken { get; set; }
    public Instant? AccessTokenExpiresAt { get; set; }
    public string? GrantedScopes { get; set; }

    /// <summary>The OAuth client the tokens belong to (a token of another client is useless).</summary>
    public string? ClientId { get; set; }

    /// <summary>The account's primary calendar id, which is its email address.</summary>
    public string? Account { get; set; }
    public string? CalendarId { get; set; }
    public string? CalendarName { get; set; }

    public Instant? ConnectedAt { get; set; }
    public string? LastError { get; set; }
    public Instant? LastErrorAt { get; set; }
    public Instant? LastSyncAt { get; set; }

    /// <summary>SHA-256 of the <c>state</c> sent to Google with the latest "Connect" click.</summary>
    public string? PendingStateHash { get; set; }
    public string? ProtectedCodeVerifier { get; set; }
    public string? PendingRedirectUri { get; set; }
    public Instant? PendingExpiresAt { get; set; }

    public Instant UpdatedAt { get; set; }
}

public enum CalendarSyncStatus
{
    /// <summary>The event must still be written (or its change or deletion is not confirmed by Google yet).</summary>
    Pending,
    Synced,
    Deleted,
}

/// <summary>
/// One booking's event in Google Calendar. Kept beside the booking rather than on it: changing the Bookings table
/// would make SQLite rebuild it and drop its capacity triggers.
/// </summary>
public sealed class CalendarSync
{
    public Guid BookingId { get; set; }
    public required string CalendarId { get; set; }

    /// <summary>Chosen by OpenBooking from the booking id (see <see cref="GoogleCalendarSync.EventIdFor"/>).</summary>
    public required string EventId { get; set; }
    public string? ETag { get; set; }
    public string? HtmlLink { get; set; }

    /// <summary>The times Google has for the event (as last written), so free/busy can tell our events from others.</summary>
    public Instant? EventStart { get; set; }
    public Instant? EventEnd { get; set; }

    /// <summary>The booking's <see cref="Booking.Sequence"/> the event shows; -1 before the first write.</summary>
    public int SyncedSequence { get; set; } = -1;
    public CalendarSyncStatus Status { get; set; } = CalendarSyncStatus.Pending;
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public Instant UpdatedAt { get; set; }
}

internal sealed class CalendarConnectionEntityTypeConfiguration : IEntityTypeConfiguration<CalendarConnection>
{
    public void Configure(EntityTypeBuilder<CalendarConnection> builder)
    {
        builder.Property(c => c.Id).HasMaxLength(32);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ProtectedRefreshToken).HasMaxLength(4000);
        builder.Property(c => c.ProtectedAccessToken).HasMaxLength(8000);
        builder.Property(c => c.GrantedScopes).HasMaxLength(1000);
        builder.Property(c => c.ClientId).HasMaxLength(300);
        builder.Property(c => c.Account).HasMaxLength(254);
        builder.Property(c => c.CalendarId).HasMaxLength(300);
        builder.Property(c => c.CalendarName).HasMaxLength(300);
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.Property(c => c.PendingStateHash).HasMaxLength(64);
        builder.Property(c => c.ProtectedCodeVerifier).HasMaxLength(2000);
        builder.Property(c => c.PendingRedirectUri).HasMaxLength(1000);
    }
}

internal sealed class CalendarSyncEntityTypeConfiguration : IEntityTypeConfiguration<CalendarSync>
{
    public void Configure(EntityTypeBuilder<CalendarSync> builder)
    {
        builder.HasKey(s => s.BookingId);
        builder.Property(s => s.CalendarId).HasMaxLength(300);
        builder.Property(s => s.EventId).HasMaxLength(128);
        builder.Property(s => s.ETag).HasMaxLength(128);
        builder.Property(s => s.HtmlLink).HasMaxLength(2000);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.LastError).HasMaxLength(1000);
        builder.HasIndex(s => s.Status);
        builder.HasOne<Booking>().WithOne().HasForeignKey<CalendarSync>(s => s.BookingId).OnDelete(DeleteBehavior.Cascade);
    }
}
