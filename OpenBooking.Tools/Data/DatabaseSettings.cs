using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace OpenBooking.Tools.Data;

/// <summary>
/// Settings edited in the dashboard (the <see cref="AppSetting"/> rows) as a configuration source added after
/// the files, so they win over appsettings and reach every <c>IOptionsMonitor</c> without a restart.
/// </summary>
public sealed class DatabaseSettingsSource(OpenBookingDatabase database) : IConfigurationSource
{
    public DatabaseSettingsProvider Provider { get; } = new(database);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;
}

public sealed class DatabaseSettingsProvider(OpenBookingDatabase database) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (var connection = database.CreateConnection())
        {
            connection.Open();
            using var exists = connection.CreateCommand();
            // Before the first migration there is no table yet: the files' settings are all there is.
            exists.CommandText = database.Provider == DatabaseProvider.PostgreSql
                ? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'AppSettings'"
                : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'AppSettings'";
            if (exists.ExecuteScalar() is not null)
            {
                using var read = connection.CreateCommand();
                read.CommandText = """SELECT "Key", "Value" FROM "AppSettings" """;
                using var reader = read.ExecuteReader();
                while (reader.Read())
                {
                    data[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
                }
            }
        }
        Data = data;
    }

    /// <summary>Reads the rows again and tells options monitors that configuration changed.</summary>
    public void Reload()
    {
        Load();
        OnReload();
    }
}

/// <summary>Writes dashboard settings and makes them take effect at once.</summary>
public sealed class SettingsStore(IDbContextFactory<OpenBookingDbContext> dbFactory, DatabaseSettingsSource source, SecretSettings secrets, IClock clock)
{
    /// <summary>
    /// Sets (or, with a null value, removes) settings such as <c>Business:Name</c>, then reloads configuration.
    /// Secrets (<see cref="SecretSettings.Keys"/>) are stored encrypted.
    /// </summary>
    public async Task SetAsync(IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = values.Keys.ToList();
        var existing = await db.AppSettings.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, cancellationToken);
        foreach (var (key, plain) in values)
        {
            var value = plain is not null && SecretSettings.IsSecret(key) ? secrets.Protect(key, plain) : plain;
            if (existing.TryGetValue(key, out var row))
            {
                if (value is null)
                {
                    db.AppSettings.Remove(row);
                }
                else
                {
                    row.Value = value;
                    row.UpdatedAt = clock.GetCurrentInstant();
                }
            }
            else if (value is not null)
            {
                db.AppSettings.Add(new AppSetting { Key = key, Value = value, UpdatedAt = clock.GetCurrentInstant() });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        source.Provider.Reload();
    }

    public Task SetAsync(string key, string? value, CancellationToken cancellationToken = default) =>
        SetAsync(new Dictionary<string, string?> { [key] = value }, cancellationToken);

    /// <summary>Re-reads the stored settings (after migrations created the table, or another process changed them).</summary>
    public void Reload() => source.Provider.Reload();
}
