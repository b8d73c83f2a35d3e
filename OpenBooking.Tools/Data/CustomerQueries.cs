using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace OpenBooking.Tools.Data;

public static class CustomerQueries
{
    /// <summary>
    /// The customer with this (normalised) email, created if new, in one command. Safe under concurrency: the insert is
    /// an upsert on the unique email index, so two requests for a new customer both end with the same row. The update
    /// on a conflict changes nothing; it is there so that RETURNING gives the existing row too.
    /// </summary>
    public static async Task<Customer> GetOrAddCustomerAsync(this OpenBookingDbContext db, string email, Instant now, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var ticks = now.ToUnixTimeTicks();
        // EF stores Guid as upper-case TEXT on SQLite (bound the same way here) and as uuid on PostgreSQL.
        object key = db.IsPostgreSql() ? id : id.ToString().ToUpperInvariant();
        var rows = await db.Customers.FromSql($"""
            INSERT INTO "Customers" ("Id", "Email", "CreatedAt") VALUES ({key}, {email}, {ticks})
            ON CONFLICT ("Email") DO UPDATE SET "Email" = excluded."Email"
            RETURNING "Id", "Email", "CreatedAt"
            """).AsNoTracking().ToListAsync(cancellationToken);
        return rows[0];
    }
}
