using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using OpenBooking.Tools.Data.WebApp;

namespace OpenBooking.Tools.Data;

/// <summary>The application's database: customers, codes, bookings, conversations, settings and admin accounts.</summary>
/// <remarks>
/// <para>
/// The web app's own tables (<c>Data/WebApp</c>: admin accounts, setup tokens, the dashboard's audit log and
/// the chat's conversations) are in this context too, not in one of the web app's: the web app and the stdio
/// tool host share one database file and one migrations history, and whichever starts first migrates it.
/// </para>
/// Add a migration from the repository root (after <c>dotnet tool restore</c>), then review its Up and Down:
/// <code>
/// dotnet ef migrations add &lt;Name&gt; --project OpenBooking.Tools --startup-project OpenBooking.Tools --context OpenBookingDbContext --output-dir Data/Migrations
/// </code>
/// The tools build the context with <see cref="OpenBookingDbContextDesignTimeFactory"/>; the apps apply
/// migrations at start. This context is the SQLite one; <see cref="PostgreSqlOpenBookingDbContext"/> has the same
/// model and migrations of its own: add each migration to both.
/// </remarks>
public class OpenBookingDbContext : DbContext, IDataProtectionKeyContext
{
    public OpenBookingDbContext(DbContextOptions<OpenBookingDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific contexts (<see cref="PostgreSqlOpenBookingDbContext"/>), which keep their own migrations.</summary>
    protected OpenBookingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public required DbSet<Customer> Customers { get; init; }

    /// <summary>ASP.NET Core Data Protection keys, shared by every instance on PostgreSQL (SQLite keeps them in files).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;
    public required DbSet<OtpChallenge> OtpChallenges { get; init; }
    public required DbSet<OtpAuditEntry> OtpAuditEntries { get; init; }
    public required DbSet<Booking> Bookings { get; init; }
    public required DbSet<Service> Services { get; init; }
    public required DbSet<Closure> Closures { get; init; }
    public required DbSet<AppSetting> AppSettings { get; init; }
    public required DbSet<OutboxMessage> OutboxMessages { get; init; }
    public required DbSet<Calendar.Google.CalendarConnection> CalendarConnections { get; init; }
    public required DbSet<Calendar.Google.CalendarSync> CalendarSyncs { get; init; }
    public required DbSet<Zapier.WebhookDelivery> WebhookDeliveries { get; init; }
    public required DbSet<ExternalMcp.McpServerRegistration> McpServerRegistrations { get; init; }

    public required DbSet<Conversation> Conversations { get; init; }
    public required DbSet<ConversationMessage> ConversationMessages { get; init; }
    public required DbSet<AdminAccount> AdminAccounts { get; init; }
    public required DbSet<AuditEntry> AuditEntries { get; init; }
    public required DbSet<AdminSetupToken> AdminSetupTokens { get; init; }
    public required DbSet<Diagnostics.ToolCallEntry> ToolCalls { get; init; }
    public required DbSet<Diagnostics.IntegrationHealthEntry> IntegrationHealth { get; init; }

    /// <summary>Raised by triggers when cached data changes (see <see cref="ChangeStamp"/>).</summary>
    public required DbSet<ChangeStamp> ChangeStamps { get; init; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare DateTimeOffset: instants are stored as UTC ticks so that range queries run in SQL.
        configurationBuilder.Properties<Instant>().HaveConversion<InstantTicksConverter>();
        configurationBuilder.Properties<Instant?>().HaveConversion<InstantTicksConverter>();
        // ISO dates sort and compare as text.
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateTextConverter>().HaveMaxLength(10);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OpenBookingDbContext).Assembly);
}

internal sealed class InstantTicksConverter() : ValueConverter<Instant, long>(
    instant => instant.ToUnixTimeTicks(),
    ticks => Instant.FromUnixTimeTicks(ticks));

internal sealed class LocalDateTextConverter() : ValueConverter<LocalDate, string>(
    date => NodaTime.Text.LocalDatePattern.Iso.Format(date),
    text => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value);

internal sealed class ServiceEntityTypeConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(80);
        builder.Property(s => s.Description).HasMaxLength(500);
        builder.Property(s => s.Price).HasPrecision(10, 2);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class ClosureEntityTypeConfiguration : IEntityTypeConfiguration<Closure>
{
    public void Configure(EntityTypeBuilder<Closure> builder)
    {
        builder.Property(c => c.Reason).HasMaxLength(200);
        builder.HasIndex(c => new { c.From, c.To });
    }
}

internal sealed class AppSettingEntityTypeConfiguration : IEntityTypeConfiguration<AppSetting>
{
    public void Configure(EntityTypeBuilder<AppSetting> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(200);
        builder.Property(s => s.Value).HasMaxLength(8000);
    }
}

internal sealed class OutboxMessageEntityTypeConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Type).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.ProcessedAt, m.NextAttemptAt });
    }
}

internal sealed class CustomerEntityTypeConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.HasIndex(c => c.Email).IsUnique();
    }
}

internal sealed class OtpChallengeEntityTypeConfiguration : IEntityTypeConfiguration<OtpChallenge>
{
    public void Configure(EntityTypeBuilder<OtpChallenge> builder)
    {
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.CodeHash).HasMaxLength(64);
        builder.Property(c => c.Salt).HasMaxLength(32);
        builder.HasIndex(c => new { c.Email, c.CreatedAt });
    }
}

internal sealed class OtpAuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<OtpAuditEntry>
{
    public void Configure(EntityTypeBuilder<OtpAuditEntry> builder)
    {
        builder.Property(e => e.Email).HasMaxLength(254);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(24);
        // The limits count recent rows per email and per client address.
        builder.HasIndex(e => new { e.Email, e.At });
        builder.HasIndex(e => new { e.ClientAddress, e.At });
        builder.HasIndex(e => e.At);
    }
}

internal sealed class BookingEntityTypeConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> builder)
    {
        builder.Property(b => b.Email).HasMaxLength(254);
        builder.Property(b => b.TimeZone).HasMaxLength(64);
        builder.Property(b => b.ManageToken).HasMaxLength(64);
        builder.Property(b => b.Notes).HasMaxLength(1000);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(b => b.ManageToken).IsUnique();
        builder.HasIndex(b => new { b.Status, b.BlockStart, b.BlockEnd });
        builder.HasIndex(b => b.Email);
        builder.HasIndex(b => new { b.Status, b.ReminderSentAt, b.Start });
        builder.HasOne(b => b.Customer).WithMany().HasForeignKey(b => b.CustomerId);
        builder.HasOne(b => b.Service).WithMany().HasForeignKey(b => b.ServiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
