using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace OpenBooking.Tools.Data;

/// <summary>
/// How <c>dotnet ef</c> builds the SQLite context without starting a host (the tool host's <c>Main</c> only serves
/// stdio). Scaffolding a migration compares the model with the model snapshot and opens no database.
/// </summary>
/// <remarks>
/// The database is the one the apps use when run from source (<c>App_Data/openbooking.db</c> beside
/// OpenBooking.sln), so <c>dotnet ef database update</c> migrates that file; pass <c>--connection</c> for another.
/// </remarks>
internal sealed class OpenBookingDbContextDesignTimeFactory : IDesignTimeDbContextFactory<OpenBookingDbContext>
{
    public OpenBookingDbContext CreateDbContext(string[] args)
    {
        var dataDirectory = DataDirectory.From(configured: null, Directory.GetCurrentDirectory());
        return new ServiceCollection()
            .AddDbContext<OpenBookingDbContext>(options => options.UseSqlite($"Data Source={Path.Combine(dataDirectory.Path, "openbooking.db")}"))
            .BuildServiceProvider()
            .GetRequiredService<OpenBookingDbContext>();
    }
}

/// <summary>
/// How <c>dotnet ef</c> builds the PostgreSQL context. Scaffolding opens no database; <c>database update</c> uses
/// <c>--connection</c> (or a local default).
/// </summary>
internal sealed class PostgreSqlOpenBookingDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlOpenBookingDbContext>
{
    public PostgreSqlOpenBookingDbContext CreateDbContext(string[] args) =>
        new ServiceCollection()
            .AddDbContext<PostgreSqlOpenBookingDbContext>(options => options.UseNpgsql("Host=localhost;Database=openbooking"))
            .BuildServiceProvider()
            .GetRequiredService<PostgreSqlOpenBookingDbContext>();
}

