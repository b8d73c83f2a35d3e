using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using NodaTime;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Diagnostics;

/// <summary>
/// What an outside service (an email provider, the chat model) last answered, stored so that every instance's dashboard
/// shows it: the last success and the last failure, one row per service.
/// </summary>
public sealed class IntegrationHealthEntry
{
    /// <summary>The service: <c>email:Smtp</c>, <c>agent:model</c>, ...</summary>
    public required string Key { get; set; }

    public Instant? LastSuccessAt { get; set; }

    /// <summary>What the service said when it last succeeded (an operation id, "250 OK"), never a secret.</summary>
    public string? LastAnswer { get; set; }

    public Instant? LastFailureAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The most recent attempt failed.</summary>
    public bool IsFailing => LastFailureAt is { } failed && (LastSuccessAt is not { } succeeded || failed > succeeded);
}

internal sealed class IntegrationHealthEntryEntityTypeConfiguration : IEntityTypeConfiguration<IntegrationHealthEntry>
{
    public void Configure(EntityTypeBuilder<IntegrationHealthEntry> builder)
    {
        builder.ToTable("IntegrationHealth");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(64);
        builder.Property(e => e.LastAnswer).HasMaxLength(500);
        builder.Property(e => e.LastError).HasMaxLength(1000);
    }
}

/// <summary>
/// Records and reads <see cref="IntegrationHealthEntry"/> rows. Recording never fails the work it describes: a database
/// error is logged and the email or the chat turn goes on.
/// </summary>
public sealed partial class IntegrationHealthStore(
    IDbContextFactory<OpenBookingDbContext> dbFactory, IClock clock, ILogger<IntegrationHealthStore> logger)
{
    /// <param name="clearFailure">Forget the last failure (a service whose failure only matters until it answers again).</param>
    public Task RecordSuccessAsync(string key, string? answer, bool clearFailure = false, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var shortened = Shorten(answer, 500);
        return RecordAsync(key,
            rows => clearFailure
                ? rows.ExecuteUpdateAsync(s => s.SetProperty(e => e.LastSuccessAt, now).SetProperty(e => e.LastAnswer, shortened)
                    .SetProperty(e => e.LastFailureAt, (Instant?)null).SetProperty(e => e.LastError, (string?)null), cancellationToken)
                : rows.ExecuteUpdateAsync(s => s.SetProperty(e => e.LastSuccessAt, now).SetProperty(e => e.LastAnswer, shortened), cancellationToken),
            new IntegrationHealthEntry { Key = key, LastSuccessAt = now, LastAnswer = shortened }, cancellationToken);
    }

    public Task RecordFailureAsync(string key, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var shortened = Shorten(error, 1000);
        return RecordAsync(key,
            rows => rows.ExecuteUpdateAsync(s => s.SetProperty(e => e.LastFailureAt, now).SetProperty(e => e.LastError, shortened), cancellationToken),
            new IntegrationHealthEntry { Key = key, LastFailureAt = now, LastError = shortened }, cancellationToken);
    }

    public async Task<IntegrationHealthEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IntegrationHealth.AsNoTracking().SingleOrDefaultAsync(e => e.Key == key, cancellationToken);
    }

    /// <summary>Every row whose key starts with <paramref name="prefix"/>, by key.</summary>
    public async Task<IReadOnlyDictionary<string, IntegrationHealthEntry>> GetAllAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.IntegrationHealth.AsNoTracking().Where(e => e.Key.StartsWith(prefix)).ToListAsync(cancellationToken);
        return rows.ToDictionary(e => e.Key);
    }

    private async Task RecordAsync(
        string key, Func<IQueryable<IntegrationHealthEntry>, Task<int>> update, IntegrationHealthEntry first, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await update(db.IntegrationHealth.Where(e => e.Key == key)) > 0)
            {
                return;
            }
            db.IntegrationHealth.Add(first);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance recorded the first row meanwhile: update it.
                db.ChangeTracker.Clear();
                await update(db.IntegrationHealth.Where(e => e.Key == key));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(logger, ex, key);
        }
    }

    private static string? Shorten(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The health of {Key} could not be recorded")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string key);
}
