namespace OpenBooking.Web.Chat;

/// <summary>An async lock per key, kept only while someone holds or waits for it.</summary>
public sealed class KeyedLock<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Gate> _gates = [];

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users { get; set; }
    }

    /// <summary>Whether someone holds (or waits for) the lock of this key.</summary>
    public bool IsHeld(TKey key)
    {
        lock (_gates)
        {
            return _gates.ContainsKey(key);
        }
    }

    public async Task<IDisposable> EnterAsync(TKey key, CancellationToken cancellationToken = default)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!))
            {
                _gates[key] = gate = new Gate();
            }
            gate.Users++;
        }
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Leave(key, gate);
            throw;
        }
        return new Releaser(this, key, gate);
    }

    private void Leave(TKey key, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(key);
            }
        }
    }

    private sealed class Releaser(KeyedLock<TKey> owner, TKey key, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }
            gate.Semaphore.Release();
            owner.Leave(key, gate);
        }
    }
}
