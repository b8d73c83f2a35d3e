namespace OpenBooking.Tools.Data;

/// <summary>
/// Lets this process's writers take turns at the SQLite file before they ask SQLite for its write lock (SQLite has one
/// writer at a time). Microsoft.Data.Sqlite is synchronous: a writer that waits for the lock inside SQLite blocks a
/// thread-pool thread, and a few of them starve the pool. Waiting here is asynchronous and first come, first served,
/// and the next writer starts the moment the previous one is done. Another process on the same file still meets SQLite's
/// busy timeout (<see cref="SqliteBusyTimeout"/>). On PostgreSQL the gate is open: writers do not block each other there.
/// </summary>
public sealed class SqliteWriteGate(OpenBookingDatabase database)
{
    private readonly SemaphoreSlim? _turn = database.Provider == DatabaseProvider.Sqlite ? new(1, 1) : null;

    /// <summary>Waits for this process's turn to write; dispose the result when the write transaction is over.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken = default)
    {
        if (_turn is null)
        {
            return default;
        }
        await _turn.WaitAsync(cancellationToken);
        return new Turn(_turn);
    }

    public readonly struct Turn(SemaphoreSlim? turn) : IDisposable
    {
        public void Dispose() => turn?.Release();
    }
}
