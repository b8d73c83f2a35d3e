using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenBooking.Tools.Data;

/// <summary>
/// Sets SQLite's own busy timeout on every connection EF Core opens. Without it, a statement that finds the file
/// locked by another writer gets SQLITE_BUSY at once and Microsoft.Data.Sqlite retries it after a fixed 150 ms sleep;
/// with it, SQLite waits inside the call in steps of a few milliseconds and goes on as soon as the lock is free.
/// A native call on the open handle, not a SQL command: pooled connections keep it, and it costs nothing to repeat.
/// </summary>
internal sealed class SqliteBusyTimeout(TimeSpan timeout) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)timeout.TotalMilliseconds);
        }
    }
}
