using Microsoft.EntityFrameworkCore;

namespace OpenBooking.Tools.Data;

/// <summary>
/// <see cref="OpenBookingDbContext"/> on PostgreSQL: the same model, with its own migrations
/// (<c>Data/Migrations/PostgreSql</c>), since migrations hold provider-specific SQL (types, the booking guard).
/// </summary>
/// <remarks>
/// Add a migration for both providers: the SQLite one as described on <see cref="OpenBookingDbContext"/>, then
/// <code>
/// dotnet ef migrations add &lt;Name&gt; --project OpenBooking.Tools --startup-project OpenBooking.Tools --context PostgreSqlOpenBookingDbContext --output-dir Data/Migrations/PostgreSql
/// </code>
/// </remarks>
public sealed class PostgreSqlOpenBookingDbContext(DbContextOptions<PostgreSqlOpenBookingDbContext> options) : OpenBookingDbContext(options);
