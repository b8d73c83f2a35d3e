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
        // EF stores Guid as upper-case TEXT on SQLite; bind it the same way.
        var id = Guid.NewGuid().ToString().ToUpperInvariant();
        var ticks = now.ToUnixTimeTicks();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO Customers (Id, Email, CreatedAt) VALUES ({id}, {email}, {ticks}) ON CONFLICT(Email) DO NOTHING",
            cancellationToken);
        return await db.Customers.SingleAsync(c => c.Email == email, cancellationToken);
    }
}
