using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace OpenBooking.Tools.Data;

public static class CustomerQueries
{
    /// <summary>
    /// The customer with this (normalised) email, created if new. Safe under concurrency: the insert is an
    /// upsert on the unique email index, so two requests for a new customer both end with the same row.
    /// </summary>
    public static async Task<Customer> GetOrAddCustomerAsync(this OpenBookingDbContext db, string email, Instant now, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var ticks = now.ToUnixTimeTicks();
        // EF stores Guid as upper-case TEXT on SQLite (bound the same way here) and as uuid on PostgreSQL.
        object key = db.IsPostgreSql() ? id : id.ToString().ToUpperInvariant();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "Customers" ("Id", "Email", "CreatedAt") VALUES ({key}, {email}, {ticks}) ON CONFLICT ("Email") DO NOTHING""",
            cancellationToken);
        return await db.Customers.SingleAsync(c => c.Email == email, cancellationToken);
    }
}
