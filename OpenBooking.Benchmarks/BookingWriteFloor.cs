using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OpenBooking.Tests.TestSupport;
using OpenBooking.Tools.Calendar;
using OpenBooking.Tools.Data;

namespace OpenBooking.Benchmarks;

/// <summary>
/// The floor for <see cref="BookingWriteLoad"/>: the rows one booking writes (the customer upsert, the booking, its
/// outbox message; the capacity guard fires as usual) in one transaction of hand-written SQL, one open connection per
/// client, on a fresh migrated database of the same kind. On SQLite each connection waits for the write lock with a
/// busy timeout rather than the driver's retry sleeps. No slot check, no service lookup, no tool call around it.
/// </summary>
internal static class BookingWriteFloor
{
    public static async Task<LoadResult> MeasureAsync(bool postgres, int clients, LocalDateTime[] slots, DateTimeZone zone)
    {
        var settings = postgres ? await PostgreSqlServer.SettingsAsync() : [];
        var now = slots[0].Date.AtStartOfDayInZone(zone).ToInstant();
        await using var host = await BenchmarkHost.StartAsync(now, settings: settings);
        var database = host.Services.GetRequiredService<OpenBookingDatabase>();
        var connections = new DbConnection[clients];
        for (var i = 0; i < clients; i++)
        {
            connections[i] = database.CreateConnection();
            await connections[i].OpenAsync();
            if (!postgres)
            {
                await using var pragma = connections[i].CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout = 30000";
                await pragma.ExecuteNonQueryAsync();
            }
        }
        try
        {
            return await LoadResult.RunAsync(clients, slots.Length, (client, index) =>
                WriteAsync(connections[client], postgres, index, slots[index].InZoneStrictly(zone).ToInstant(), zone.Id, now));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task WriteAsync(DbConnection connection, bool postgres, int n, Instant start, string zone, Instant now)
    {
        object Key(Guid id) => postgres ? id : id.ToString().ToUpperInvariant();
        var end = start + Duration.FromHours(1);
        await using var transaction = await connection.BeginTransactionAsync();
        var customerId = await ScalarAsync(connection, transaction, """
            INSERT INTO "Customers" ("Id", "Email", "CreatedAt") VALUES (@id, @email, @now)
            ON CONFLICT ("Email") DO UPDATE SET "Email" = excluded."Email" RETURNING "Id"
            """, ("id", Key(Guid.NewGuid())), ("email", $"floor{n}@example.com"), ("now", now.ToUnixTimeTicks()));
        var bookingId = Guid.NewGuid();
        await ScalarAsync(connection, transaction, """
            INSERT INTO "Bookings" ("Id", "CustomerId", "ServiceId", "Email", "Start", "End", "BlockStart", "BlockEnd", "Capacity",
                "TimeZone", "Status", "ManageToken", "Sequence", "CreatedAt")
            VALUES (@id, @customer, @service, @email, @start, @end, @start, @end, 1, @zone, 'Confirmed', @token, 0, @now)
            """,
            ("id", Key(bookingId)), ("customer", customerId!), ("service", Key(ServiceCatalogDefaults.DefaultServiceId)),
            ("email", $"floor{n}@example.com"), ("start", start.ToUnixTimeTicks()), ("end", end.ToUnixTimeTicks()), ("zone", zone),
            ("token", Guid.NewGuid().ToString("N")), ("now", now.ToUnixTimeTicks()));
        await ScalarAsync(connection, transaction, """
            INSERT INTO "OutboxMessages" ("Type", "BookingId", "Sequence", "OccurredAt", "Attempts", "NextAttemptAt")
            VALUES ('booking.created', @booking, 0, @now, 0, @now) RETURNING "Id"
            """, ("booking", Key(bookingId)), ("now", now.ToUnixTimeTicks()));
        await transaction.CommitAsync();
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteScalarAsync();
    }
}
