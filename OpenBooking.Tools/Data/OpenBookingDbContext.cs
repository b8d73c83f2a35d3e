using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace OpenBooking.Tools.Data;

/// <summary>The application's database: customers, codes, bookings and conversations.</summary>
/// <remarks>
/// Migrations are scaffolded without the EF Core CLI (its design package does not restore here):
/// <c>dotnet run --project eng/Migrations -- add &lt;Name&gt;</c> writes them to <c>OpenBooking.Tools/Data/Migrations</c>.
/// </remarks>
public sealed class OpenBookingDbContext(DbContextOptions<OpenBookingDbContext> options) : DbContext(options)
{
    public required DbSet<Customer> Customers { get; init; }
    public required DbSet<OtpChallenge> OtpChallenges { get; init; }
    public required DbSet<Booking> Bookings { get; init; }
    public required DbSet<Conversation> Conversations { get; init; }
    public required DbSet<ConversationMessage> ConversationMessages { get; init; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare DateTimeOffset: instants are stored as UTC ticks so that range queries run in SQL.
        configurationBuilder.Properties<Instant>().HaveConversion<InstantTicksConverter>();
        configurationBuilder.Properties<Instant?>().HaveConversion<InstantTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OpenBookingDbContext).Assembly);
}

internal sealed class InstantTicksConverter() : ValueConverter<Instant, long>(
    instant => instant.ToUnixTimeTicks(),
    ticks => Instant.FromUnixTimeTicks(ticks));

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
        builder.HasIndex(b => new { b.Status, b.Start, b.End });
        builder.HasIndex(b => b.Email);
        builder.HasOne(b => b.Customer).WithMany().HasForeignKey(b => b.CustomerId);
    }
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
