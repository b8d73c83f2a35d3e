using Npgsql;
using OpenBooking.Tools.Data;

namespace OpenBooking.Web.Chat;

/// <summary>
/// One turn at a time per conversation. Within the process a <see cref="KeyedLock{TKey}"/>; on PostgreSQL also a
/// session advisory lock on the conversation, held on a connection of its own for the whole turn, so two instances
/// behind a load balancer (two tabs of one chat landing on different instances) take turns too.
/// </summary>
public sealed class ConversationTurnLock(OpenBookingDatabase database)
{
    private readonly KeyedLock<Guid> local = new();

    /// <summary>Whether a turn of this conversation runs (or waits) in this process.</summary>
    public bool IsHeld(Guid id) => local.IsHeld(id);

    public async Task<IAsyncDisposable> EnterAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var inProcess = await local.EnterAsync(id, cancellationToken);
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return new Held(inProcess, null);
        }
        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = Key(id) } } };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(inProcess, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            inProcess.Dispose();
            throw;
        }
    }

    /// <summary>The advisory lock's key: the conversation id's first eight bytes (a collision only makes two turns wait).</summary>
    public static long Key(Guid id) => BitConverter.ToInt64(id.ToByteArray(), 0);

    private sealed class Held(IDisposable inProcess, NpgsqlConnection? connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (connection is not null)
                {
                    // Closing the connection ends the session, which releases the lock even if this unlock fails.
                    await using (connection)
                    {
                        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                        await command.ExecuteNonQueryAsync();
                    }
                }
            }
            finally
            {
                inProcess.Dispose();
            }
        }
    }
}
