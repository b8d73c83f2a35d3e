using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OpenBooking.Tools.Data;

/// <summary>The database as the rest of the app sees it: one <see cref="IDbContextFactory{OpenBookingDbContext}"/> on either provider.</summary>
public sealed record OpenBookingDatabase(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>A new, closed connection to the database (for the settings source, which runs before the host).</summary>
    public DbConnection CreateConnection() => Provider == DatabaseProvider.PostgreSql
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);
}

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the database named by <c>Database:Provider</c> and <c>ConnectionStrings:OpenBooking</c> (the SQLite file in
    /// the data directory by default). The rest of the app asks for <c>IDbContextFactory&lt;OpenBookingDbContext&gt;</c>.
    /// </summary>
    public static OpenBookingDatabase AddOpenBookingDatabase(this IHostApplicationBuilder builder, DataDirectory dataDirectory)
    {
        var services = builder.Services;
        var configured = builder.Configuration.GetConnectionString("OpenBooking");
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure(options => options.ConnectionString = configured)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Saving a service or a closure drops the service catalog's copy at once (see CatalogVersion).
        services.AddSingleton<CatalogVersion>();
        services.AddSingleton<CatalogChangeInterceptor>();
        services.AddSingleton<SqliteWriteGate>();
        var provider = builder.Configuration.GetValue<DatabaseProvider?>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}")
            ?? DatabaseProvider.Sqlite;

        if (provider == DatabaseProvider.PostgreSql)
        {
            // Validated at start (DatabaseOptions): an empty string here only lets the host get that far.
            var connectionString = configured ?? "";
            // A database that goes away for a moment (a failover, a restart) is retried, not reported to the customer.
            services.AddDbContextFactory<PostgreSqlOpenBookingDbContext>((serviceProvider, options) => options
                .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: null))
                .AddInterceptors(serviceProvider.GetRequiredService<CatalogChangeInterceptor>()));
            services.AddSingleton<IDbContextFactory<OpenBookingDbContext>, ContextFactory<PostgreSqlOpenBookingDbContext>>();
            return new OpenBookingDatabase(provider, connectionString);
        }

        var timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue<int?>($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.BusyTimeoutSeconds)}")
            ?? DatabaseOptions.DefaultBusyTimeoutSeconds);
        var sqlite = new SqliteConnectionStringBuilder(configured ?? $"Data Source={Path.Combine(dataDirectory.Path, "openbooking.db")}")
        {
            DefaultTimeout = (int)timeout.TotalSeconds,
        }.ToString();
        var busyTimeout = new SqliteBusyTimeout(timeout);
        services.AddDbContextFactory<OpenBookingDbContext>((serviceProvider, options) => options
            .UseSqlite(sqlite)
            .AddInterceptors(busyTimeout, serviceProvider.GetRequiredService<CatalogChangeInterceptor>())
            // EF Core rebuilds SQLite tables around "PRAGMA foreign_keys = 0", which cannot run in a transaction;
            // it happens once, while a database is first migrated, and is expected: information, not a warning.
            .ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information))));
        return new OpenBookingDatabase(provider, sqlite);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction under the provider's execution strategy, so that on PostgreSQL a
    /// transient failure retries the whole transaction (EF Core refuses a user transaction outside the strategy).
    /// <paramref name="work"/> commits the transaction itself and may run more than once: it must build what it saves.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this OpenBookingDbContext db, Func<IDbContextTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            return await work(transaction);
        });

    /// <summary>Whether this context talks to PostgreSQL (else SQLite).</summary>
    public static bool IsPostgreSql(this OpenBookingDbContext db) => db is PostgreSqlOpenBookingDbContext;

    /// <summary>Hands out a provider's context as the common <see cref="OpenBookingDbContext"/>.</summary>
    private sealed class ContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<OpenBookingDbContext>
        where TContext : OpenBookingDbContext
    {
        public OpenBookingDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<OpenBookingDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
