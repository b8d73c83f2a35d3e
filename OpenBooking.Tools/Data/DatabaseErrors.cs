using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace OpenBooking.Tools.Data;

/// <summary>Tells a database that is away for a moment from a real failure.</summary>
public static class DatabaseErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) says the database could not be reached or stayed busy
    /// for longer than the app waits: PostgreSQL gone after the retries, a SQLite file locked past its busy timeout.
    /// Nothing was written then; the same request a little later can succeed.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is RetryLimitExceededException or TimeoutException
                or NpgsqlException { IsTransient: true }
                or SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked })
            {
                return true;
            }
        }
        return false;
    }
}
